"""The status of an obligation as at an instant: the rule, and its only SQL twin.

`status_for` is the specification. `with_status` phrases the same rule for the database, so that
pages can filter and count a whole network without building every obligation in Python; it reads
the same facts, on calendar days in Geneva (a version is on time when received on or before the
due date there; the deadline has passed when the instant falls on a later day). The two are kept
side by side, branch for branch, and `tests/submissions/test_status_sql.py` holds them equal on
every edge, on SQLite and on PostgreSQL.

"The extension in force as at T" (the latest granted by T) is defined once per phrasing too:
`extension_in_force` over prefetched rows, `extensions_in_force` in SQL (with
`extended_as_at` and `extended_due_date_as_at` built on it).

This module imports no model at load time: the models import it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import IsNull, LessThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# `submissions.models.RequestMode.INVITATION`, which this module cannot import.
INVITATION = "invitation"


def secretariat_tz():
    return ZoneInfo(settings.REGISTRY_TIME_ZONE)


# Dates the forms and services refuse but an old row could hold: `deadline_for` answers NEVER
# for them rather than overflow, with room left for the date arithmetic that readers do on it.
LAST_COMPUTABLE_DAY = dt.date(9990, 1, 1)
NEVER = dt.datetime(9990, 1, 1, tzinfo=dt.UTC)


def deadline_for(due_date):
    """Return the first instant after `due_date`, read in the Secretariat's time zone.

    A submission received strictly before this instant is on time.
    """
    if due_date >= LAST_COMPUTABLE_DAY:
        # Time-zone arithmetic overflows near year 9999: a date that far is never reached.
        return NEVER
    next_day = due_date + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=secretariat_tz())


def end_of_day(day):
    """Return the last representable instant of `day` in the Secretariat's time zone.

    Raise OverflowError for a day too far to compute (unlike `deadline_for`, which answers
    NEVER): an instant asked for must be exact.
    """
    if day >= LAST_COMPUTABLE_DAY:
        raise OverflowError(day)
    return deadline_for(day) - dt.timedelta(microseconds=1)


def local_date(instant):
    """Return the calendar day of `instant` in the Secretariat's time zone."""
    return timezone.localtime(instant, secretariat_tz()).date()


class ObligationStatus(models.TextChoices):
    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUBMITTED_ON_TIME = "on_time", _("Submitted on time")
    SUBMITTED_LATE = "late", _("Submitted late")
    EXTENDED = "extended", _("Extended")
    WAIVED = "waived", _("Waived")
    # An invitation's addressees: nobody is late, overdue or missing.
    REPLIED = "replied", _("Replied")
    NO_REPLY_YET = "no_reply_yet", _("No reply yet")


SUBMITTED = {ObligationStatus.SUBMITTED_ON_TIME, ObligationStatus.SUBMITTED_LATE}
# Something came in: submitted (on time or late) or, for an invitation, replied.
RECEIVED = SUBMITTED | {ObligationStatus.REPLIED}
# As at any instant, each addressee of an obligation is in exactly one of these, and each
# addressee of an invitation in exactly one of `INVITATION_STATUSES`.
OBLIGATION_STATUSES = (
    ObligationStatus.SUBMITTED_ON_TIME,
    ObligationStatus.SUBMITTED_LATE,
    ObligationStatus.WAIVED,
    ObligationStatus.OVERDUE,
    ObligationStatus.EXTENDED,
    ObligationStatus.DUE_SOON,
    ObligationStatus.NOT_YET_DUE,
)
INVITATION_STATUSES = (ObligationStatus.REPLIED, ObligationStatus.NO_REPLY_YET)
# Not yet due, in the broad sense the overview counts: no deadline has passed.
PENDING = {ObligationStatus.NOT_YET_DUE, ObligationStatus.DUE_SOON, ObligationStatus.EXTENDED}


class StatusGroup(models.TextChoices):
    """Statuses counted together on the overview, which its links filter the matrix by."""

    SUBMITTED = "submitted", _("Submitted")
    PENDING = "pending", _("Not yet due")


STATUS_GROUPS = {StatusGroup.SUBMITTED: SUBMITTED, StatusGroup.PENDING: PENDING}


def statuses_meant(value):
    """Return the statuses a filter value names: one status, or a group of them."""
    if value in STATUS_GROUPS:
        return sorted(STATUS_GROUPS[StatusGroup(value)])
    return [value]


# --- The extension in force ---------------------------------------------------------------------


def extension_in_force(extensions, as_at=None):
    """Return the extension in force as at `as_at` (default: every decision so far), or None.

    It is the latest of `extensions` granted by then; ties on the decision's instant go to the
    later row. `extensions` are rows already fetched (e.g. a prefetched `obligation.extensions`).
    """
    from .models import Extension

    granted = [
        e
        for e in extensions
        if e.status == Extension.Status.GRANTED
        and e.decided_at
        and (as_at is None or e.decided_at <= as_at)
    ]
    return max(granted, key=lambda e: (e.decided_at, e.pk), default=None)


def extensions_in_force(as_at):
    """Return the extensions granted by `as_at`, latest first: the SQL phrasing of
    `extension_in_force` (the first row per obligation is the one in force)."""
    from .models import Extension

    return Extension.objects.filter(
        status=Extension.Status.GRANTED, decided_at__lte=as_at
    ).order_by("-decided_at", "-pk")


def extended_as_at(as_at):
    """Return a condition on obligations: an extension is in force as at `as_at`.

    An uncorrelated list, which the database hashes once per query.
    """
    return Q(pk__in=extensions_in_force(as_at).order_by().values("obligation_id"))


def extended_due_date_as_at(as_at):
    """Return a SQL expression: the due date of the extension in force as at `as_at`, or NULL.

    Only the obligations in `extended_as_at` look theirs up, so the correlated subquery does
    not run once per row of a large network.
    """
    latest = extensions_in_force(as_at).filter(obligation=OuterRef("pk"))
    return Case(
        When(extended_as_at(as_at), then=Subquery(latest.values("new_due_date")[:1])),
        default=None,
        output_field=models.DateField(),
    )


# --- The rule ----------------------------------------------------------------------------------


def status_for(
    *,
    now,
    due_date,
    first_received_at,
    extended_due_date,
    waived_at,
    due_soon_days=None,
    invitation=False,
):
    """Return the `ObligationStatus` as at `now` of an obligation with these facts.

    Every argument must already describe the records as they stood at `now`:
    `first_received_at` is the earliest version received at or before `now`,
    `extended_due_date` the due date of the extension in force at `now`,
    and `waived_at` the waiver if it happened at or before `now`.
    An addressee of an invitation (`invitation`) has replied or not yet: no date, extension
    or waiver makes it late, overdue or anything else.
    """
    if invitation:
        if first_received_at is not None:
            return ObligationStatus.REPLIED
        return ObligationStatus.NO_REPLY_YET
    if due_soon_days is None:
        due_soon_days = settings.REGISTRY_DUE_SOON_DAYS
    effective_due = extended_due_date or due_date
    if first_received_at is not None:
        if effective_due is None or first_received_at < deadline_for(effective_due):
            return ObligationStatus.SUBMITTED_ON_TIME
        return ObligationStatus.SUBMITTED_LATE
    if waived_at is not None:
        return ObligationStatus.WAIVED
    if effective_due is None:
        return ObligationStatus.NOT_YET_DUE
    deadline = deadline_for(effective_due)
    if now >= deadline:
        return ObligationStatus.OVERDUE
    if extended_due_date is not None:
        return ObligationStatus.EXTENDED
    if now >= deadline - dt.timedelta(days=due_soon_days):
        return ObligationStatus.DUE_SOON
    return ObligationStatus.NOT_YET_DUE


def status_valid_until(*, now, effective_due_date, later_facts=(), due_soon_days=None):
    """Return the first instant after `now` at which `status_for` may answer otherwise while
    the records stay as they are; NEVER when there is none.

    The candidates are the instants the rule compares `now` with: the deadline of the due date
    in force (`effective_due_date`: extended or not) and the start of its due-soon window, and
    every fact recorded with a later date (`later_facts`: a first receipt, a waiver or an
    extension decision after `now`, None for none). No branch on the status: a candidate that
    changes nothing only makes the stored status expire early.
    """
    if due_soon_days is None:
        due_soon_days = settings.REGISTRY_DUE_SOON_DAYS
    candidates = [t for t in later_facts if t is not None]
    if effective_due_date is not None:
        deadline = deadline_for(effective_due_date)
        candidates += [deadline - dt.timedelta(days=due_soon_days), deadline]
    return min((t for t in candidates if t > now), default=NEVER)


def with_status(obligations, as_at):
    """Annotate `status` on `obligations` as at `as_at`, in SQL, with its inputs:
    `first_received_at` (the first version received by then), `first_received_day` (its day in
    Geneva), `extended_due_date` (of the extension in force) and `effective_due_date`.

    Branch for branch `status_for`: the deadline of day D is midnight after D in Geneva, so
    "before the deadline" is "on or before D", and "due soon" starts on the day
    `REGISTRY_DUE_SOON_DAYS` days before the deadline. The rule is instantiated once for the
    rows with an extension in force and once for the others, so that each row tests the
    (hashed) list of extended obligations once, not at every branch. An invitation's rows are
    replied or not, before anything else (`status_for(invitation=True)`).
    """
    # The first version received by `as_at` is the first ever when that came by then (versions
    # are only ever added), so the stored first receipt answers without reading any version.
    received = Q(first_receipt_at__lte=as_at)
    extended = extended_due_date_as_at(as_at)
    return obligations.annotate(
        first_received_at=Case(
            When(received, then=F("first_receipt_at")),
            default=None,
            output_field=models.DateTimeField(),
        ),
        first_received_day=Case(
            When(received, then=TruncDate("first_receipt_at", tzinfo=secretariat_tz())),
            default=None,
            output_field=models.DateField(),
        ),
        extended_due_date=extended,
        effective_due_date=Coalesce(extended, "request__due_date"),
        status=Case(
            When(
                request__mode=INVITATION,
                then=Case(
                    When(received, then=Value(ObligationStatus.REPLIED)),
                    default=Value(ObligationStatus.NO_REPLY_YET),
                ),
            ),
            When(
                extended_as_at(as_at),
                then=_status_case(as_at, received, F("extended_due_date"), is_extended=True),
            ),
            default=_status_case(as_at, received, F("request__due_date"), is_extended=False),
            output_field=models.CharField(),
        ),
    )


def _status_case(as_at, received, due, *, is_extended):
    """Return `status_for` as a SQL CASE for rows whose due date in force is `due`."""
    today = local_date(as_at)
    soon = today + dt.timedelta(days=settings.REGISTRY_DUE_SOON_DAYS - 1)
    S = ObligationStatus
    branches = [
        When(
            received,
            then=Case(
                When(
                    IsNull(due, True) | LessThanOrEqual(F("first_received_day"), due),
                    then=Value(S.SUBMITTED_ON_TIME),
                ),
                default=Value(S.SUBMITTED_LATE),
            ),
        ),
        When(waived_at__lte=as_at, then=Value(S.WAIVED)),
        When(IsNull(due, True), then=Value(S.NOT_YET_DUE)),
        When(LessThan(due, today), then=Value(S.OVERDUE)),
    ]
    if is_extended:
        return Case(*branches, default=Value(S.EXTENDED), output_field=models.CharField())
    return Case(
        *branches,
        When(LessThanOrEqual(due, soon), then=Value(S.DUE_SOON)),
        default=Value(S.NOT_YET_DUE),
        output_field=models.CharField(),
    )
