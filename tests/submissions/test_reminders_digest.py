"""The weekly digest to staff: once a week, what is due, overdue and received."""

import datetime as dt

import pytest
import time_machine
from django.core import mail

from submissions import reminder_emails, reminders
from submissions.models import Digest
from tests import factories
from tests.clock import geneva

from ._reminders import owing_centre

pytestmark = pytest.mark.django_db

MONDAY = geneva(2015, 9, 21, 8)


@pytest.fixture
def send(django_capture_on_commit_callbacks, settings, staff):
    settings.REGISTRY_SECRETARIAT_EMAIL = "focal.point@secretariat.example.org"
    factories.StaffFactory(username="inactive", is_active=False)

    def run(now):
        with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
            return reminders.digest_send(now=now)

    return run


def test_it_goes_to_active_staff_and_the_focal_point_once_a_week(send, staff):
    assert send(MONDAY) is not None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "focal.point@secretariat.example.org",
        staff.email,
    ]
    assert send(MONDAY + dt.timedelta(days=2)) is None
    assert len(mail.outbox) == 2
    assert Digest.objects.count() == 1


def test_it_lists_due_soon_overdue_and_received_since_the_last_digest(send, staff):
    owing_centre(name="Centre due soon", due_date=dt.date(2015, 10, 15))
    owing_centre(name="Centre far off", due_date=dt.date(2015, 12, 15))
    owing_centre(name="Centre overdue", due_date=dt.date(2015, 9, 1))
    early = owing_centre(name="Centre received before", due_date=dt.date(2015, 9, 30))
    factories.version_received(early, received_at=geneva(2015, 9, 10))
    send(geneva(2015, 9, 14, 8))
    late = owing_centre(name="Centre received this week", due_date=dt.date(2015, 9, 30))
    factories.version_received(late, received_at=geneva(2015, 9, 18), received_through="portal")
    mail.outbox = []
    send(MONDAY)
    body = [m for m in mail.outbox if m.to == [staff.email]][0].body
    due_soon, rest = body.split("Overdue (")
    overdue, received = rest.split("Received since")
    assert "Centre due soon" in due_soon and "24 days left" in due_soon
    assert "Centre far off" not in body
    assert "Centre overdue" in overdue and "20 days late" in overdue
    assert "Centre received this week" in received
    assert "Centre received before" not in body


def test_the_digest_reads_a_fixed_number_of_queries(send, django_assert_max_num_queries):
    for i in range(5):
        owing_centre(name=f"Centre {i}", due_date=dt.date(2015, 10, 1 + i))
    digest = send(MONDAY)
    email = digest.emails.first()
    for i in range(5):
        factories.ActionFactory(due_date=dt.date(2015, 9, 1 + i))
    with django_assert_max_num_queries(4):  # obligations, versions, late actions, the digest
        reminder_emails.email_render(email, MONDAY)


def test_it_lists_the_actions_of_the_action_plans_late(send, staff):
    late = factories.ActionFactory(
        title="Recruit a chemist", due_date=MONDAY.date() - dt.timedelta(days=3)
    )
    factories.ActionFactory(title="Not yet due", due_date=MONDAY.date() + dt.timedelta(days=3))
    factories.ActionFactory(
        title="Done already", due_date=MONDAY.date() - dt.timedelta(days=3), state="done"
    )
    send(MONDAY)
    body = [m for m in mail.outbox if m.to == [staff.email]][0].body
    section = body.split("Actions of the action plans late (")[1]
    assert section.startswith("1)") and "Recruit a chemist" in section
    assert f"{late.gap.centre}" in section and "3 days late" in section
    assert "Not yet due" not in body and "Done already" not in body
