"""Reads for pages, exports and commands, with every related row fetched up front."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from .models import SUBMITTED, Obligation, ObligationStatus, Request, end_of_day, status_for

BAD_AS_AT = _("Give a date (YYYY-MM-DD) or an ISO timestamp with a time zone, e.g. "
              "2016-12-31 or 2016-12-31T23:59:59+01:00.")


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
    if day is not None:
        return end_of_day(day)
    try:
        instant = parse_datetime(value)
    except ValueError:
        instant = None
    if instant is None or instant.tzinfo is None:
        raise ValueError(str(BAD_AS_AT))
    return instant


def requests_issued_by(as_at):
    """Requests that existed at `as_at` (issued by a decision adopted or a letter sent)."""
    day = as_at.date() if isinstance(as_at, dt.datetime) else as_at
    return Request.objects.select_related("decision").filter(
        Q(issued_on__lte=day)
        | Q(issued_on__isnull=True, decision__adopted_on__lte=day)
        | Q(issued_on__isnull=True, decision__adopted_on__isnull=True, decision__year__lte=day.year)
    ).order_by("due_date", "decision__code", "paragraph", "pk")


def obligation_statuses(as_at, obligations=None):
    """Return [(obligation, status)] for `obligations` (default: all) as at `as_at`.

    Two queries whatever the number of obligations.
    """
    qs = obligations if obligations is not None else Obligation.objects.all()
    qs = qs.with_status_inputs(as_at).select_related("request", "centre", "party")
    return [
        (
            o,
            status_for(
                now=as_at,
                due_date=o.request.due_date,
                first_received_at=o.first_received_at,
                extended_due_date=o.extended_due_date,
                waived_at=o.waived_at if o.waived_at and o.waived_at <= as_at else None,
            ),
        )
        for o in qs
    ]


def compliance_summary(as_at, requests=None):
    """Return one row per request with the addressees' counts as at `as_at`.

    `expected` leaves out waived obligations; `missing` is expected minus submitted.
    A fixed number of queries, whatever the number of requests and obligations.
    """
    requests = list(requests if requests is not None else requests_issued_by(as_at))
    counts = defaultdict(Counter)
    pairs = obligation_statuses(as_at, Obligation.objects.filter(request__in=requests))
    for obligation, status in pairs:
        counts[obligation.request_id][status] += 1
    rows = []
    for request in requests:
        c = counts[request.pk]
        expected = sum(c.values()) - c[ObligationStatus.WAIVED]
        submitted = sum(c[s] for s in SUBMITTED)
        rows.append({
            "request": request,
            "decision": request.decision.code if request.decision_id else "",
            "paragraph": request.paragraph,
            "kind": request.kind,
            "period_start": request.period_start,
            "period_end": request.period_end,
            "due_date": request.due_date,
            "expected": expected,
            "submitted": submitted,
            "on_time": c[ObligationStatus.SUBMITTED_ON_TIME],
            "late": c[ObligationStatus.SUBMITTED_LATE],
            "missing": expected - submitted,
            "extended": c[ObligationStatus.EXTENDED],
            "waived": c[ObligationStatus.WAIVED],
        })
    return rows
