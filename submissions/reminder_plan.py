"""The deadlines engine's pure rules: reminder policies, each due date's schedule of steps, and
what the scan must do for one deliverable now (`deadline_plan`; `obligation_plan` and
`action_plan` read each kind's status rule).

Nothing here writes; `submissions.reminders` runs these rules over every open obligation.
"""

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings

from .models import (
    RECEIVED,
    ActionStatus,
    ObligationStatus,
    ReminderPolicy,
    ReminderStepKind,
    action_status,
    deadline_for,
    parse_days,
    secretariat_tz,
)

# --- Settings (declared in registry/settings/base.py; read when used, so tests can override them)


def recheck_interval():
    """Look at every open obligation at least this often (catches edited due dates)."""
    return dt.timedelta(hours=settings.REGISTRY_REMINDER_RECHECK_HOURS)


def stale_after():
    """A step older than this is not sent any more (the scan was down, or the data is old)."""
    return dt.timedelta(days=settings.REGISTRY_REMINDER_STALE_DAYS)


# --- Policies and schedules: pure rules ---


@dataclass(frozen=True)
class Policy:
    days_before: tuple
    overdue_every_days: int
    overdue_reminders: int
    escalate_after_days: int
    is_active: bool = True


def default_policy():
    return Policy(
        days_before=tuple(parse_days(settings.REGISTRY_REMINDER_DAYS_BEFORE)),
        overdue_every_days=settings.REGISTRY_REMINDER_OVERDUE_EVERY_DAYS,
        overdue_reminders=settings.REGISTRY_REMINDER_OVERDUE_MAX,
        escalate_after_days=settings.REGISTRY_REMINDER_ESCALATE_AFTER_DAYS,
    )


def policies_by_kind():
    """Return {request kind: Policy}; kinds without a row get the settings' default."""
    fallback = default_policy()
    found = defaultdict(lambda: fallback)
    for p in ReminderPolicy.objects.all():
        found[p.request_kind] = Policy(
            days_before=tuple(p.days_before_list),
            overdue_every_days=max(1, p.overdue_every_days),
            overdue_reminders=p.overdue_reminders,
            escalate_after_days=p.escalate_after_days,
            is_active=p.is_active,
        )
    return found


def start_of_day(day):
    """Return midnight at the start of `day` in the Secretariat's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=secretariat_tz())


@dataclass(frozen=True)
class Step:
    key: str
    kind: str
    due_date: dt.date
    offset_days: int
    at: dt.datetime


def reminder_schedule(*, due_date, policy):
    """Return the reminder steps for `due_date` under `policy`, earliest first.

    "n days before" goes out at the start of (due date - n) in Geneva; overdue reminders at the
    start of the day after the due date and then every `overdue_every_days`; those at least
    `escalate_after_days` late are escalations.
    """
    steps = [
        Step(
            f"{due_date.isoformat()}/-{n}",
            ReminderStepKind.REMINDER,
            due_date,
            -n,
            start_of_day(due_date - dt.timedelta(days=n)),
        )
        for n in policy.days_before
    ]
    for k in range(policy.overdue_reminders):
        late = 1 + k * policy.overdue_every_days
        kind = (
            ReminderStepKind.ESCALATION
            if late >= policy.escalate_after_days
            else ReminderStepKind.OVERDUE
        )
        steps.append(
            Step(
                f"{due_date.isoformat()}/+{late}",
                kind,
                due_date,
                late,
                start_of_day(due_date + dt.timedelta(days=late)),
            )
        )
    steps.sort(key=lambda s: s.at)
    return steps


@dataclass(frozen=True)
class Plan:
    step: Step | None = None
    flag: bool = False
    flag_email: bool = False
    next_check_at: dt.datetime | None = None


def deadline_plan(
    *,
    now,
    closed,
    paused,
    overdue,
    due_date,
    flagged,
    policy,
    invitation=False,
    stale=None,
    recheck=None,
):
    """Return what the scan must do now for one deliverable, and when to look at it again.

    The deliverable's status rule answers `closed` (nothing more will ever be sent: submitted,
    done), `paused` (nothing is sent while it lasts: waived, cancelled) and `overdue`;
    `due_date` is the due date in force. The step in effect is the latest whose instant has
    come, unless it is stale; earlier steps that were missed are not sent late.
    `next_check_at` is None once closed (final).

    An `invitation` not yet replied to (`due_date` is then the date replies are wanted by, if
    any) gets the policy's reminders before that date and nothing else: no overdue reminder,
    escalation or late flag.
    """
    stale = stale_after() if stale is None else stale
    recheck = recheck_interval() if recheck is None else recheck
    if closed:
        return Plan()
    later = now + recheck
    if paused or due_date is None:
        return Plan(next_check_at=later)
    if invitation:
        policy = dataclasses.replace(policy, overdue_reminders=0)
    deadline = deadline_for(due_date)
    upcoming = [later]
    flag = flag_email = False
    if not flagged and not invitation:
        if overdue:
            flag = True
            flag_email = now - deadline < stale
        else:
            upcoming.append(deadline)
    step = None
    if policy.is_active:
        for s in reminder_schedule(due_date=due_date, policy=policy):
            if s.at <= now:
                step = s
            else:
                upcoming.append(s.at)
                break
        if step is not None and now - step.at >= stale:
            step = None
        if invitation and now >= deadline:
            step = None  # replies are still welcome, but no reminder comes after the date
    return Plan(step=step, flag=flag, flag_email=flag_email, next_check_at=min(upcoming))


def obligation_plan(*, now, status, due_date, flagged, policy, stale=None, recheck=None):
    """Return the `deadline_plan` of one obligation.

    `status` is the obligation's as at `now` (`submissions.status`) and `due_date` the due date
    in force (extended or not), or the date replies are wanted by for an invitation.
    """
    return deadline_plan(
        now=now,
        closed=status in RECEIVED,
        paused=status == ObligationStatus.WAIVED,
        overdue=status == ObligationStatus.OVERDUE,
        due_date=due_date,
        flagged=flagged,
        policy=policy,
        invitation=status == ObligationStatus.NO_REPLY_YET,
        stale=stale,
        recheck=recheck,
    )


def action_plan(*, now, state, due_date, flagged, policy, stale=None, recheck=None):
    """Return the `deadline_plan` of one action of an action plan in `state` (`action_status`)."""
    status = action_status(state=state, due_date=due_date, now=now)
    return deadline_plan(
        now=now,
        closed=status == ActionStatus.DONE,
        paused=status == ActionStatus.CANCELLED,
        overdue=status == ActionStatus.LATE,
        due_date=due_date,
        flagged=flagged,
        policy=policy,
        stale=stale,
        recheck=recheck,
    )
