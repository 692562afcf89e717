"""The pure rules of the deadlines engine: schedules and plans (no database)."""

import dataclasses
import datetime as dt

from submissions.models import ReminderStepKind, status_for
from submissions.reminder_plan import (
    Policy,
    obligation_plan,
    reminder_schedule,
)
from tests.clock import geneva

from ._reminders import DUE

# The schedule these tests are phrased on (the settings' defaults, spelt out).
POLICY = Policy(
    days_before=(60, 30, 7, 1), overdue_every_days=14, overdue_reminders=5, escalate_after_days=30
)
STALE = dt.timedelta(days=7)
DAY = dt.timedelta(hours=24)


def plan(now, **kwargs):
    """Plan for an obligation with these facts, its status as at `now` taken from the rule."""
    facts = {
        "due_date": DUE,
        "extended_due_date": None,
        "first_received_at": None,
        "waived_at": None,
    }
    options = {"flagged": False, "policy": POLICY, "stale": STALE, "recheck": DAY}
    for key, value in kwargs.items():
        (facts if key in facts else options)[key] = value
    return obligation_plan(
        now=now,
        status=status_for(now=now, **facts),
        due_date=facts["extended_due_date"] or facts["due_date"],
        **options,
    )


def test_the_default_schedule_reminds_four_times_before_and_five_times_after():
    steps = reminder_schedule(due_date=DUE, policy=POLICY)
    assert [s.offset_days for s in steps] == [-60, -30, -7, -1, 1, 15, 29, 43, 57]
    assert [s.kind for s in steps][-2:] == [ReminderStepKind.ESCALATION] * 2
    assert steps[3].at == geneva(2015, 9, 29)  # one day before: from midnight of the 29th
    assert steps[4].at == geneva(2015, 10, 1)  # the day after the due date


def test_step_keys_carry_the_due_date_so_an_extension_starts_a_new_schedule():
    old = {s.key for s in reminder_schedule(due_date=DUE, policy=POLICY)}
    new = {s.key for s in reminder_schedule(due_date=DUE + dt.timedelta(days=31), policy=POLICY)}
    assert not old & new


def test_nothing_is_due_a_second_before_the_first_step():
    result = plan(geneva(2015, 7, 31, 23, 59, 59))
    assert result.step is None
    assert result.next_check_at == geneva(2015, 8, 1)


def test_the_step_in_effect_is_the_latest_that_has_come():
    result = plan(geneva(2015, 9, 25, 12))
    assert result.step.offset_days == -7
    assert result.next_check_at == geneva(2015, 9, 26, 12)  # capped by the daily recheck


def test_a_missed_step_is_not_sent_once_stale():
    assert plan(geneva(2015, 8, 7, 23, 59)).step.offset_days == -60
    assert plan(geneva(2015, 8, 8, 0, 0)).step is None


def test_it_flags_at_the_deadline_in_geneva_and_not_a_microsecond_before():
    before = plan(geneva(2015, 9, 30, 23, 59, 59, 999999))
    assert not before.flag
    assert before.next_check_at == geneva(2015, 10, 1)
    at = plan(geneva(2015, 10, 1))
    assert at.flag and at.flag_email
    assert at.step.kind == ReminderStepKind.OVERDUE


def test_an_old_overdue_obligation_is_flagged_without_an_email():
    result = plan(geneva(2016, 10, 1))
    assert result.flag and not result.flag_email
    assert result.step is None


def test_a_submitted_obligation_is_never_checked_again():
    result = plan(geneva(2015, 10, 5), first_received_at=geneva(2015, 10, 2))
    assert result.step is None and not result.flag
    assert result.next_check_at is None


def test_a_waived_or_open_obligation_gets_nothing_but_is_rechecked_daily():
    now = geneva(2015, 10, 5)
    for result in (plan(now, waived_at=geneva(2015, 9, 1)), plan(now, due_date=None)):
        assert result.step is None and not result.flag
        assert result.next_check_at == now + DAY


def test_an_extension_moves_the_schedule_to_the_new_date():
    result = plan(geneva(2015, 10, 5), extended_due_date=dt.date(2015, 10, 31))
    assert not result.flag
    assert result.step.offset_days == -30
    assert result.step.due_date == dt.date(2015, 10, 31)


def test_an_inactive_policy_sends_no_reminder_but_still_flags():
    result = plan(geneva(2015, 10, 1), policy=dataclasses.replace(POLICY, is_active=False))
    assert result.step is None and result.flag


def test_dst_end_does_not_shift_the_day_before_reminder():
    # Summer time ends on 25 October 2015 at 03:00 in Geneva.
    due = dt.date(2015, 10, 26)
    steps = {s.offset_days: s for s in reminder_schedule(due_date=due, policy=POLICY)}
    assert steps[-1].at == geneva(2015, 10, 25)
    assert steps[-1].at.utcoffset() == dt.timedelta(hours=2)
    assert steps[1].at.astimezone(dt.UTC) == dt.datetime(2015, 10, 26, 23, tzinfo=dt.UTC)
    assert (
        plan(dt.datetime(2015, 10, 24, 21, 59, tzinfo=dt.UTC), due_date=due).step.offset_days == -7
    )
    assert (
        plan(dt.datetime(2015, 10, 24, 22, 0, tzinfo=dt.UTC), due_date=due).step.offset_days == -1
    )


def test_dst_start_does_not_shift_the_deadline():
    # Summer time starts on 29 March 2015 at 02:00 in Geneva.
    due = dt.date(2015, 3, 28)
    assert not plan(dt.datetime(2015, 3, 28, 22, 59, 59, tzinfo=dt.UTC), due_date=due).flag
    assert plan(dt.datetime(2015, 3, 28, 23, 0, tzinfo=dt.UTC), due_date=due).flag
