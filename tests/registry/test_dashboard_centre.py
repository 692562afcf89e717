"""The read-only page of one centre: its records and every obligation with its history."""

import datetime as dt

import pytest
from django.urls import reverse

from submissions.models import Obligation, ReminderStep
from tests import factories
from tests.registry.dashboard_network import (
    at,
    hosted_by,
    next_workplan_request,
    sc_centres,
    submit,
    workplan_request,
)

pytestmark = pytest.mark.django_db


def test_it_shows_hostings_endorsements_contacts_and_history(client, bureau_member):
    [centre] = sc_centres(1)
    hosted_by(centre, "Old Host", "New Host", since=dt.date(2015, 6, 2))
    factories.ContactFactory(centre=centre, name="Ana Director", role="director")
    request = workplan_request()
    obligation = Obligation.objects.get(request=request, centre=centre)
    factories.ExtensionFactory(obligation=obligation, new_due_date=dt.date(2015, 10, 31))
    submit(obligation, at(2015, 10, 20), name="workplan-2016.pdf")
    submit(obligation, at(2015, 11, 20), name="workplan-2016-rev.pdf")
    client.force_login(bureau_member)

    response = client.get(reverse("dashboard:centre", args=[centre.pk]), {"as_at": "2016-01-01"})

    html = response.content.decode()
    for text in (
        "Old Host",
        "New Host",
        "Ana Director",
        "SC-7/17",
        "Version 1",
        "Version 2",
        "1 file",
        "Extension to 31 Oct 2015",
    ):
        assert text in html
    [row] = response.context["obligations"]
    assert row["status"] == "on_time"
    assert [line.split(" received")[0] for line in row["history"][:2]] == ["Version 1", "Version 2"]


def test_the_reminders_sent_up_to_the_date_are_listed(client, bureau_member):
    [centre] = sc_centres(1)
    obligation = Obligation.objects.get(request=workplan_request(), centre=centre)
    ReminderStep.objects.create(
        obligation=obligation,
        step="2015-09-30/-7",
        kind="reminder",
        due_date=dt.date(2015, 9, 30),
        offset_days=-7,
        created_at=at(2015, 9, 23),
    )
    ReminderStep.objects.create(
        obligation=obligation,
        step="2015-09-30/+1",
        kind="overdue",
        due_date=dt.date(2015, 9, 30),
        offset_days=1,
        created_at=at(2016, 2, 1),
    )
    client.force_login(bureau_member)
    url = reverse("dashboard:centre_records", args=[centre.pk])

    fragment = client.get(url, {"as_at": "2016-01-01"}, HTTP_HX_REQUEST="true")
    page = client.get(url, {"as_at": "2016-01-01"})

    assert [r.step for r in fragment.context["reminders"]] == ["2015-09-30/-7"]
    assert "-7 days from the due date" in fragment.content.decode()
    assert fragment.content.decode().startswith('<div id="centre-records">')
    assert "<nav" in page.content.decode()


def test_an_unknown_centre_is_a_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("dashboard:centre", args=[999999])).status_code == 404


def test_the_page_shows_the_records_as_they_stood_at_the_date(client, staff):
    [centre] = sc_centres(1)
    obligation = Obligation.objects.get(request=workplan_request(), centre=centre)
    factories.EndorsementFactory(centre=centre, endorsed_on=dt.date(2019, 5, 10), cop=9)
    later = next_workplan_request()
    submit(obligation, at(2015, 10, 20))
    submit(obligation, at(2015, 11, 20))
    assert Obligation.objects.filter(request=later, centre=centre).exists()
    client.force_login(staff)

    response = client.get(reverse("dashboard:centre", args=[centre.pk]), {"as_at": "2015-11-01"})

    [row] = response.context["obligations"]
    assert row["label"] != later.label
    assert [line.split(" received")[0] for line in row["history"]] == ["Version 1"]
    assert row["status"] == "late"
