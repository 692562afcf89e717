"""The upload receipt: on time or late against the due date then in force, who uploaded it,
and every time line kept when the same files come again."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.models import Extension, ReceivedThrough, SubmissionVersion
from tests.submissions import portal_files as files
from tests.submissions.moments import GENEVA

pytestmark = pytest.mark.django_db


def _upload(client, obligation, upload, tz):
    url = reverse("portal:obligation", args=[obligation.pk])
    return client.post(url, {"files": [upload], "tz": tz})


def _receipt(client, version):
    return client.get(reverse("portal:receipt", args=[version.pk])).content.decode()


def test_the_receipt_names_the_uploader_and_says_on_time(client, director_a, obligation_a, frozen):
    director_a.first_name, director_a.last_name = "Ana", "Souza"
    director_a.save()
    client.force_login(director_a)

    _upload(client, obligation_a, files.pdf(), "America/Sao_Paulo")
    html = _receipt(client, SubmissionVersion.objects.get())

    assert "Uploaded by" in html and "Ana Souza &lt;director.a@example.org&gt;" in html
    assert "On time: received before the end of the due date, 30 September 2015." in html


def test_a_version_after_the_due_date_is_late_unless_an_extension_was_in_force(
    client, director_a, obligation_a, staff
):
    late = dt.datetime(2015, 10, 2, 9, 0, tzinfo=GENEVA)
    with time_machine.travel(late, tick=False):
        client.force_login(director_a)
        _upload(client, obligation_a, files.pdf(), "Europe/Zurich")
        version = SubmissionVersion.objects.get()
        assert "Late: received after the due date, 30 September 2015." in _receipt(client, version)

        # Granted after the version came in: it stays late against the date then in force.
        Extension.objects.create(
            obligation=obligation_a,
            new_due_date=dt.date(2015, 10, 31),
            reason="Floods",
            decided_by=staff,
            decided_at=late + dt.timedelta(hours=1),
        )
        assert "Late: received after the due date, 30 September 2015." in _receipt(client, version)


def test_an_extension_granted_before_the_upload_makes_it_on_time(
    client, director_a, obligation_a, staff
):
    Extension.objects.create(
        obligation=obligation_a,
        new_due_date=dt.date(2015, 10, 31),
        reason="Floods",
        decided_by=staff,
        decided_at=dt.datetime(2015, 9, 25, tzinfo=dt.UTC),
    )
    with time_machine.travel(dt.datetime(2015, 10, 2, 9, 0, tzinfo=GENEVA), tick=False):
        client.force_login(director_a)
        _upload(client, obligation_a, files.pdf(), "Europe/Zurich")
        html = _receipt(client, SubmissionVersion.objects.get())

    assert "On time: received before the end of the due date in force, 31 October 2015" in html


def test_a_version_recorded_by_staff_shows_when_and_by_whom_it_was_recorded(
    client, director_a, obligation_a, staff, frozen
):
    staff.first_name, staff.last_name = "Sam", "Clerk"
    staff.save()
    version = services.version_record(
        obligation=obligation_a,
        files=[files.pdf()],
        received_at=dt.datetime(2015, 9, 18, 8, 0, tzinfo=dt.UTC),
        received_through=ReceivedThrough.EMAIL,
        recorded_by=staff,
    )
    client.force_login(director_a)

    html = _receipt(client, version)

    assert "Recorded by" in html and "Sam Clerk" in html
    assert "2015-09-18 10:00:00 CEST" in html  # received (Geneva)
    assert timezone.localtime(version.created_at, GENEVA).strftime("%Y-%m-%d %H:%M") in html


def test_an_identical_re_upload_keeps_every_time_line_of_the_receipt(
    director_a, obligation_a, frozen
):
    first = Client()
    first.force_login(director_a)
    _upload(first, obligation_a, files.pdf(), "America/Sao_Paulo")
    version = SubmissionVersion.objects.get()
    before = _receipt(first, version)

    # The same files again, from another browser in another zone (no cookie yet).
    other = Client()
    other.force_login(director_a)
    response = _upload(other, obligation_a, files.pdf("again.pdf"), "America/Sao_Paulo")
    after = other.get(response.url).content.decode()

    assert SubmissionVersion.objects.count() == 1
    assert response.url == reverse("portal:receipt", args=[version.pk])
    for line in ("CEST (UTC+0200) – Geneva", "America/Sao_Paulo", "UTC (UTC+0000) – UTC"):
        assert line in before and line in after, line
    assert "On time" in after and "director.a@example.org" in after
    assert "identical to version 1" in after
