"""Action plans' due dates through the deadlines engine: reminders and late flags, each once."""

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from outbox import services as outbox
from outbox.models import EmailLog
from submissions import action_plans, reminders
from submissions.models import (
    ActionDeadlineCheck,
    ActionReminderStep,
    ActionState,
    ReminderStep,
)
from tests import factories
from tests.clock import geneva

from ._reminders import (
    FULL_CYCLE,
    SECRETARIAT,
    acting_centre,
    days_sent,
    owing_centre,
    scan_full_cycle,
    sent_to,
)

pytestmark = pytest.mark.django_db


def test_it_reminds_the_centres_contacts_of_an_action_in_their_language(scan):
    action = acting_centre(languages=("en", "fr"))
    result = scan(geneva(2015, 9, 23, 9))
    assert result.actions_checked == 1 and result.checked == 0
    assert result.steps == {"reminder": 1}
    assert len(mail.outbox) == 2
    en = next(m for m in mail.outbox if m.to[0].startswith("en"))
    fr = next(m for m in mail.outbox if m.to[0].startswith("fr"))
    assert action.title in en.subject and "7 days left" in en.body
    assert "30 septembre 2015" in fr.body
    assert f"/portal/centres/{action.gap.centre_id}/action-plan/" in en.body
    email = EmailLog.objects.first()
    assert email.target == action and email.once_key.startswith(reminders.ACTION_STEP_PREFIX)


def test_a_second_scan_at_the_same_moment_sends_nothing_more(scan):
    acting_centre()
    scan(geneva(2015, 9, 23, 9))
    ActionDeadlineCheck.objects.update(next_check_at=geneva(2000, 1, 1))  # force a re-check
    again = scan(geneva(2015, 9, 23, 9))
    assert again.actions_checked == 1 and not again.steps and not again.emails
    assert len(mail.outbox) == 1
    assert ActionReminderStep.objects.count() == 1


def test_it_tells_the_secretariat_once_when_an_action_becomes_late(scan):
    action = acting_centre()
    first = scan(geneva(2015, 10, 1, 0, 30))
    assert first.flagged == 1
    (flag,) = sent_to(SECRETARIAT)
    assert action.title in flag.subject and "late" in flag.body
    check = ActionDeadlineCheck.objects.get(pk=action.pk)
    assert check.overdue_flagged_at == geneva(2015, 10, 1, 0, 30)
    ActionDeadlineCheck.objects.update(next_check_at=geneva(2000, 1, 1))
    assert scan(geneva(2015, 10, 1, 1)).flagged == 0
    assert len(sent_to(SECRETARIAT)) == 1


def test_an_action_of_the_secretariat_is_reminded_to_the_secretariat(scan):
    action = acting_centre(owner="secretariat")
    scan(geneva(2015, 9, 23, 9))
    (reminder,) = mail.outbox
    assert reminder.to == [SECRETARIAT] and action.title in reminder.subject


def test_nothing_goes_out_for_done_cancelled_or_undated_actions(scan, staff):
    done = acting_centre()
    action_plans.action_update(
        action=done, state=ActionState.DONE, evidence="Report", updated_by=staff
    )
    cancelled = acting_centre()
    cancelled.state = ActionState.CANCELLED
    action_plans.action_save(action=cancelled, saved_by=staff)
    acting_centre(due_date=None)
    result = scan(geneva(2015, 10, 2))
    assert result.actions_checked == 3
    assert not result.steps and not mail.outbox and result.flagged == 0
    assert ActionDeadlineCheck.objects.get(pk=done.pk).next_check_at is None


def test_a_reminder_for_an_action_done_meanwhile_is_dropped_when_sending(scripted, staff):
    action = acting_centre()
    reminders.deadlines_scan(now=geneva(2015, 9, 23, 9))
    email = EmailLog.objects.get()
    action_plans.action_update(
        action=action, state=ActionState.DONE, evidence="Workshop held", updated_by=staff
    )
    outcome = outbox.email_send(email_id=email.pk, now=geneva(2015, 9, 23, 10))
    email.refresh_from_db()
    assert outcome != outbox.SendOutcome.SENT
    assert email.status == EmailLog.Status.CANCELLED
    assert not mail.outbox


def test_a_new_due_date_is_rechecked_at_the_next_scan(scan, staff):
    action = acting_centre()
    scan(geneva(2015, 9, 1, 9))
    action.due_date = dt.date(2015, 9, 2)
    action_plans.action_save(action=action, saved_by=staff)
    assert scan(geneva(2015, 9, 2, 9)).steps == {"reminder": 1}
    assert ActionReminderStep.objects.filter(action=action, step="2015-09-02/-1").exists()


@pytest.mark.postgres
def test_step_numbers_of_the_two_ledgers_never_share_an_outbox_key(scan):
    obligation = owing_centre()
    action = acting_centre()
    address = obligation.centre.contacts.get().email
    action.gap.centre.contacts.update(email=address)  # one address gets both reminders
    with connection.cursor() as cursor:  # both ledgers number their next step alike
        for model in (ReminderStep, ActionReminderStep):
            table = model._meta.db_table
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), 5000)")
    scan(geneva(2015, 9, 23, 9))
    assert ReminderStep.objects.get().pk == ActionReminderStep.objects.get().pk == 5001
    assert len(sent_to(address)) == 2


def test_a_full_cycle_sends_exactly_the_expected_sequence(scan):
    """From 90 days before the due date to 60 days after, scanned every six hours."""
    action = acting_centre(languages=("fr",))
    scan_full_cycle(scan)
    assert days_sent(action.emails.all()) == FULL_CYCLE
    assert ActionReminderStep.objects.filter(action=action).count() == 10


def test_an_escalation_copies_the_secretariat_and_the_bureau_member(scan):
    from submissions.models import RegionBureauContact

    region = factories.RegionFactory(code="AFR")
    RegionBureauContact.objects.create(region=region, name="Bureau", email="bureau@example.org")
    acting_centre(region=region)
    assert scan(geneva(2015, 11, 12, 9)).steps == {"escalation": 1}
    (message,) = [m for m in mail.outbox if m.cc]
    assert message.cc == [SECRETARIAT, "bureau@example.org"]
    assert "43 days overdue" in message.subject


@pytest.mark.parametrize("count", [2, 12])
def test_the_scan_runs_a_fixed_number_of_queries(scan, count, django_assert_max_num_queries):
    for _i in range(count):
        owing_centre(languages=("en", "fr"))
        acting_centre(languages=("en", "fr"))
    # 16, one for the language of the Secretariat's mailbox (the late flags), and the stored
    # statuses re-stamped.
    with django_assert_max_num_queries(19):
        result = reminders.deadlines_scan(now=geneva(2015, 10, 1, 9))
    assert result.checked == count and result.actions_checked == count
    assert result.flagged == 2 * count
    assert len(result.emails) == 6 * count
