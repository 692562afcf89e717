""" "What blocks you": the overdue reminder's link, the director's short form, and the staff's
one step to an action of the centre's plan."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from submissions import blockers, reminders
from submissions.models import Blocker, Extension, GapSource
from tests.clock import geneva

pytestmark = pytest.mark.django_db

LATE = geneva(2015, 10, 10, 9)  # ten days after the workplan's due date


@pytest.fixture
def late():
    with time_machine.travel(LATE, tick=False) as traveller:
        yield traveller


def answer(client, obligation, **data):
    return client.post(reverse("portal:blocker", args=[obligation.pk]), data)


def test_an_overdue_reminder_links_to_the_form(
    scripted, obligation_a, director_a, django_capture_on_commit_callbacks, settings
):
    from django.core import mail

    with time_machine.travel(geneva(2015, 10, 1, 9), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            reminders.deadlines_scan(now=geneva(2015, 10, 1, 9))
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue")]
    assert overdue
    link = reverse("portal:blocker", args=[obligation_a.pk])
    assert all(link in m.body for m in overdue)


def test_the_director_says_what_blocks_and_staff_see_it(
    client, late, obligation_a, director_a, staff
):
    client.force_login(director_a)
    assert client.get(reverse("portal:blocker", args=[obligation_a.pk])).status_code == 200
    response = answer(
        client,
        obligation_a,
        reason="waiting_for_data",
        details="National inventory not published yet",
        proposed_date="2015-11-30",
    )
    assert response.status_code == 302
    blocker = Blocker.objects.get()
    assert blocker.obligation == obligation_a and blocker.proposed_date == dt.date(2015, 11, 30)
    assert blocker.history.first().history_user == director_a and blocker.extension is None
    page = client.get(reverse("portal:obligation", args=[obligation_a.pk])).content.decode()
    assert "National inventory not published yet" in page
    client.force_login(staff)
    queue = client.get(reverse("portal:review_queue")).content.decode()
    assert "Waiting for data" in queue and "Start an action" in queue
    centre_page = client.get(reverse("dashboard:centre", args=[obligation_a.centre_id]))
    assert "National inventory not published yet" in centre_page.content.decode()


def test_it_can_ask_for_an_extension_in_the_same_step(client, late, obligation_a, director_a):
    client.force_login(director_a)
    response = answer(
        client, obligation_a, reason="no_funding", proposed_date="2015-11-30", ask_extension="on"
    )
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert extension.status == Extension.Status.REQUESTED
    assert extension.new_due_date == dt.date(2015, 11, 30) and "No funding" in extension.reason
    assert Blocker.objects.get().extension == extension


def test_a_refused_extension_logs_nothing(client, late, obligation_a, director_a, settings):
    settings.REGISTRY_EXTENSION_MAX_DAYS = 30
    client.force_login(director_a)
    response = answer(
        client, obligation_a, reason="no_funding", proposed_date="2016-06-30", ask_extension="on"
    )
    assert response.status_code == 400
    assert not Blocker.objects.exists() and not Extension.objects.exists()


def test_an_obligation_not_overdue_needs_no_answer(client, obligation_a, director_a):
    with time_machine.travel(geneva(2015, 9, 20, 9), tick=False):
        client.force_login(director_a)
        response = answer(client, obligation_a, reason="other", details="")
    assert response.status_code == 400
    assert str(blockers.NOT_OVERDUE) in response.content.decode()
    assert not Blocker.objects.exists()


def test_bad_input_is_a_400(client, late, obligation_a, director_a):
    client.force_login(director_a)
    assert answer(client, obligation_a, reason="aliens").status_code == 400
    assert (
        answer(client, obligation_a, reason="other", proposed_date="99999-1-1").status_code == 400
    )
    assert not Blocker.objects.exists()


def test_staff_start_an_action_of_the_centres_plan_in_one_step(
    client, late, obligation_a, director_a, staff
):
    blocker = blockers.blocker_report(
        obligation=obligation_a,
        reason="staff_change",
        details="The director left in August",
        proposed_date=dt.date(2015, 12, 15),
        reported_by=director_a,
    )
    client.force_login(staff)
    url = reverse("portal:blocker_action", args=[blocker.pk])
    assert client.post(url).status_code == 302
    blocker.refresh_from_db()
    action = blocker.action
    assert action.due_date == dt.date(2015, 12, 15) and action.owner == "secretariat"
    assert action.gap.centre == obligation_a.centre and action.gap.source == GapSource.CENTRE
    assert action.gap.source_record == blocker
    client.post(url)  # a second click starts nothing more
    assert action.gap.actions.count() == 1
    client.force_login(director_a)
    plan = client.get(reverse("portal:action_plan", args=[obligation_a.centre_id]))
    assert "The director left in August" in plan.content.decode()
