"""The demo's invitations: SC-7/17 12(b) and 17 have no due date, nobody is late, and the
figures as at the published dates are true to the records."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from submissions.models import Request, RequestMode, SubmissionVersion
from submissions.selectors import digest_content, parse_as_at, replies_as_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def request_of(paragraph):
    return Request.objects.get(decision__code="SC-7/17", paragraph=paragraph)


def test_12b_and_17_are_invitations_without_a_due_date(demo):
    for paragraph, letter in (("12(b)", dt.date(2016, 4, 20)), ("17", dt.date(2015, 12, 22))):
        request = request_of(paragraph)
        assert (request.mode, request.due_date, request.replies_wanted_by) == (
            RequestMode.INVITATION,
            None,
            None,
        )
        assert request.issued_on == letter
    call_command("seed_demo", stdout=io.StringIO())
    assert request_of("12(b)").mode == RequestMode.INVITATION


def test_the_overview_as_at_13_july_2016(client, bureau_member, demo):
    client.force_login(bureau_member)
    response = client.get(reverse("dashboard:overview"), {"as_at": "2016-07-13"})
    rows = {r["paragraph"]: r for r in response.context["rows"]}
    reports = rows["11(b)"]
    assert (reports["expected"], reports["not_yet_due"], reports["pending"]) == (16, 16, 16)
    assert reports["overdue"] == reports["submitted"] == 0
    assert "12(b)" not in rows and "17" not in rows
    invitations = {r["paragraph"]: r for r in response.context["invitations"]}
    views = invitations["12(b)"]
    assert views["replies"] == 7 and views["late"] is None and views["missing"] is None
    names = {str(a) for a in views["repliers"]}
    assert {"Colombia", "Costa Rica", "Mauritius", "Serbia", "European Union"} <= names
    assert len(names) == 7
    html = response.content.decode()
    assert "Missing" not in html


def test_the_views_replies_are_the_seven_published(demo):
    replies = replies_as_at(request_of("12(b)"), dt.date(2016, 7, 13))
    parties = {o.party.name for o in replies if o.party_id}
    centres = {o.centre.host_country.code for o in replies if o.centre_id}
    assert parties == {"Colombia", "Costa Rica", "Mauritius", "Serbia", "European Union"}
    assert centres == {"BR", "ES"}


def test_ten_mercury_replies_between_the_letter_and_early_march_2016(demo):
    mercury = request_of("17")
    replies = replies_as_at(mercury, dt.date(2016, 3, 9))
    assert len(replies) == 10
    assert all(
        dt.date(2015, 12, 22) <= timezone.localdate(o.first_received_at) <= dt.date(2016, 3, 4)
        for o in replies
    )
    notes = set(
        SubmissionVersion.objects.filter(submission__obligation__request=mercury).values_list(
            "note", flat=True
        )
    )
    assert len(notes) == 1 and notes.pop().startswith("Illustrative")


def test_the_digest_lists_no_invitation(demo):
    for as_at in (parse_as_at("2016-07-13"), timezone.now()):
        content = digest_content(since=None, as_at=as_at)
        listed = [r["obligation"].request for r in content["due_soon"] + content["overdue"]]
        listed += [v.submission.obligation.request for v in content["received"]]
        assert not [r for r in listed if r.mode == RequestMode.INVITATION], as_at
