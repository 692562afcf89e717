"""Reads for pages, exports and commands, with every related row fetched up front."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, F, Min, Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from .models import (
    SUBMITTED,
    Extension,
    Obligation,
    ObligationStatus,
    Request,
    end_of_day,
    secretariat_tz,
)

BAD_AS_AT = _(
    "Give a date (YYYY-MM-DD) or an ISO timestamp with a time zone, e.g. "
    "2016-12-31 or 2016-12-31T23:59:59+01:00."
)


def parse_as_at(value):
    """Return the instant meant by `value`: a date is the end of that day in Geneva time.

    Raise ValueError with a readable message when `value` is neither.
    """
    value = (value or "").strip()
    day = None
    try:
        day = parse_date(value)
    except ValueError:
        pass
    try:
        if day is not None:
            return end_of_day(day)
        instant = parse_datetime(value)
        if instant is not None and instant.tzinfo is not None:
            instant.astimezone(dt.UTC)  # out of range once stored in UTC (e.g. year 9999)
            return instant
    except (ValueError, OverflowError):
        pass
    raise ValueError(str(BAD_AS_AT))


def requests_issued_by(as_at):
    """Requests that existed at `as_at` (issued by a decision adopted or a letter sent)."""
    day = as_at
    if isinstance(as_at, dt.datetime):  # the day it was in Geneva at that instant
        day = (as_at.astimezone(secretariat_tz()) if as_at.tzinfo else as_at).date()
    return (
        Request.objects.select_related("decision")
        .filter(
            Q(issued_on__lte=day)
            | Q(issued_on__isnull=True, decision__adopted_on__lte=day)
            | Q(
                issued_on__isnull=True,
                decision__adopted_on__isnull=True,
                decision__year__lte=day.year,
            )
        )
        .order_by(F("due_date").asc(nulls_last=True), "decision__code", "paragraph", "pk")
    )


def obligation_statuses(as_at, obligations=None):
    """Return [(obligation, status)] for `obligations` (default: all) as at `as_at`.

    The status comes from the database (`Obligation.objects.with_status`), with the inputs that
    pages show (`first_received_at`, `extended_due_date`, `effective_due_date`) annotated on
    each obligation. One query whatever the number of obligations.
    """
    qs = obligations if obligations is not None else Obligation.objects.all()
    qs = qs.with_status(as_at).select_related("request", "centre", "party")
    return [(o, ObligationStatus(o.status)) for o in qs]


def status_counts(as_at, obligations, *keys):
    """Return {(*keys, status): count} of `obligations` as at `as_at`, counted by the database
    in one query. `keys` default to the request."""
    key_names = list(keys or ["request_id"])
    return {
        (*key, status): n
        for *key, status, n in (
            obligations.order_by()
            .with_status(as_at)
            .values(*key_names, "status")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list(*key_names, "status", "n")
        )
    }


def summary_row(request, counts):
    """Return the summary row of `request` from `counts`, a Counter of its obligations' statuses.

    `expected` leaves out waived obligations; `missing` is expected minus submitted.
    """
    expected = sum(counts.values()) - counts[ObligationStatus.WAIVED]
    submitted = sum(counts[s] for s in SUBMITTED)
    return {
        "request": request,
        "decision": request.decision.code if request.decision_id else "",
        "paragraph": request.paragraph,
        "kind": request.kind,
        "period_start": request.period_start,
        "period_end": request.period_end,
        "due_date": request.due_date,
        "expected": expected,
        "submitted": submitted,
        "on_time": counts[ObligationStatus.SUBMITTED_ON_TIME],
        "late": counts[ObligationStatus.SUBMITTED_LATE],
        "missing": expected - submitted,
        "extended": counts[ObligationStatus.EXTENDED],
        "waived": counts[ObligationStatus.WAIVED],
    }


def compliance_summary(as_at, requests=None):
    """Return one row per request with the addressees' counts as at `as_at`.

    `expected` leaves out waived obligations; `missing` is expected minus submitted.
    Counted by the database: two queries, whatever the number of requests and obligations.
    """
    requests = list(requests if requests is not None else requests_issued_by(as_at))
    counts: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for (request_id, status), n in status_counts(
        as_at, Obligation.objects.filter(request__in=requests)
    ).items():
        counts[request_id][status] = n
    return [summary_row(request, counts[request.pk]) for request in requests]


def digest_content(*, since, as_at, due_within_days=30):
    """Return what the weekly digest lists as at `as_at`, every row fetched up front.

    `due_soon`: open obligations whose (extended) deadline falls within `due_within_days`;
    `overdue`: obligations overdue at `as_at`, most late first; `received`: versions received
    after `since` (all until `as_at` when None). Three queries, whatever the numbers.
    """
    from .models import SubmissionVersion, deadline_for

    horizon = as_at + dt.timedelta(days=due_within_days)
    today = as_at.astimezone(secretariat_tz()).date()
    S = ObligationStatus
    due_soon, overdue = [], []
    open_obligations = (
        Obligation.objects.filter(request__due_date__isnull=False)
        .with_status(as_at)
        .filter(status__in=[S.OVERDUE, S.DUE_SOON, S.EXTENDED, S.NOT_YET_DUE])
        .select_related("request__decision", "centre", "party")
    )
    for obligation in open_obligations:
        due = obligation.effective_due_date
        row = {"obligation": obligation, "due_date": due, "days": (due - today).days}
        if obligation.status == S.OVERDUE:
            row["days"] = -row["days"]
            overdue.append(row)
        elif deadline_for(due) <= horizon:
            due_soon.append(row)
    received = (
        SubmissionVersion.objects.filter(received_at__lte=as_at)
        .select_related(
            "submission__obligation__request__decision",
            "submission__obligation__centre",
            "submission__obligation__party",
        )
        .order_by("received_at", "pk")
    )
    if since is not None:
        received = received.filter(received_at__gt=since)
    due_soon.sort(key=lambda r: (r["due_date"], str(r["obligation"].addressee)))
    overdue.sort(key=lambda r: (-r["days"], str(r["obligation"].addressee)))
    return {
        "due_soon": due_soon,
        "overdue": overdue,
        "received": list(received),
        "as_at": as_at,
        "since": since,
    }


def next_change_after(as_at):
    """The first instant after `as_at` at which a recorded receipt, waiver or extension
    decision takes effect (None when there is none): an answer counted "as at now" holds until
    then (within the Geneva day it was counted on). Two queries."""
    later = [
        Obligation.objects.aggregate(
            r=Min("first_receipt_at", filter=Q(first_receipt_at__gt=as_at)),
            w=Min("waived_at", filter=Q(waived_at__gt=as_at)),
        ).values(),
        Extension.objects.filter(decided_at__gt=as_at).aggregate(e=Min("decided_at")).values(),
    ]
    instants = [t for group in later for t in group if t is not None]
    return min(instants) if instants else None
