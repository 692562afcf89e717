"""Reads for pages, exports and commands, with every related row fetched up front."""

import datetime as dt
from collections import Counter, defaultdict

from django.db.models import Count, F, Min, Q, Value
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from .models import (
    SUBMITTED,
    Extension,
    Obligation,
    ObligationStatus,
    Request,
    RequestMode,
    end_of_day,
    secretariat_tz,
)
from .status_store import stamp_holds

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


def status_counts(as_at, obligations, *keys, now=False):
    """Return {(*keys, status): count} of `obligations` as at `as_at`, counted by the database
    in one query (`status_counts_query`). `keys` default to the request."""
    return fold_counts(status_counts_query(as_at, obligations, *keys, now=now))


def status_counts_query(as_at, obligations, *keys, now=False):
    """Return the query of `status_counts`: rows (*keys, status, n), a key and status possibly
    on two rows (`fold_counts` adds them up). `keys` default to the request.

    `now` says that `as_at` is the present: the obligations whose stored status holds then
    (`status_store`) are counted on that column, and only the others by the rule (`with_status`).
    """
    key_names = list(keys or ["request_id"])
    obligations = obligations.order_by()
    stored = None
    if now:
        stored = (
            obligations.filter(stamp_holds(as_at))
            .values(*key_names, counted=F("stored_status"))
            .annotate(n=Count("pk"))
            .order_by()
            .values_list(*key_names, "counted", "n")
        )
        obligations = obligations.exclude(stamp_holds(as_at))
    computed = (
        obligations.with_status(as_at)
        .values(*key_names, "status")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list(*key_names, "status", "n")
    )
    return stored.union(computed, all=True).order_by() if stored is not None else computed


def fold_counts(rows):
    """Return {(*key, status): count} from the rows (*key, status, n) of `status_counts_query`."""
    counts: Counter[tuple] = Counter()
    for *key, status, n in rows:
        counts[(*key, status)] += n
    return dict(counts)


# The partition of an obligation's addressees as at an instant: each is in exactly one.
PARTITION_KEYS = {
    "on_time": ObligationStatus.SUBMITTED_ON_TIME,
    "late": ObligationStatus.SUBMITTED_LATE,
    "waived": ObligationStatus.WAIVED,
    "overdue": ObligationStatus.OVERDUE,
    "extended": ObligationStatus.EXTENDED,
    "due_soon": ObligationStatus.DUE_SOON,
    "not_yet_due": ObligationStatus.NOT_YET_DUE,
}


def summary_row(request, counts):
    """Return the summary row of `request` from `counts`, a Counter of its obligations' statuses.

    `expected` counts every addressee. For an obligation, `on_time` + `late` + `waived` +
    `overdue` + `extended` + `due_soon` + `not_yet_due` = `expected`, `submitted` is on time
    plus late, and `missing` is expected minus submitted. An invitation counts its `replies`
    (also given as `submitted`); nobody in it is late or missing, so those keys are None.
    """
    expected = sum(counts.values())
    row = {
        "request": request,
        "mode": request.mode,
        "decision": request.decision.code if request.decision_id else "",
        "paragraph": request.paragraph,
        "kind": request.kind,
        "period_start": request.period_start,
        "period_end": request.period_end,
        "due_date": request.due_date,
        "replies_wanted_by": request.replies_wanted_by,
        "expected": expected,
    }
    if request.mode == RequestMode.INVITATION:
        replies = counts[ObligationStatus.REPLIED]
        return (
            row
            | {"submitted": replies, "replies": replies, "missing": None}
            | dict.fromkeys(PARTITION_KEYS)
        )
    submitted = sum(counts[s] for s in SUBMITTED)
    return (
        row
        | {"submitted": submitted, "replies": None, "missing": expected - submitted}
        | {key: counts[status] for key, status in PARTITION_KEYS.items()}
    )


def compliance_summary(as_at, requests=None, *, obligations=None, now=False):
    """Return one row per request with the addressees' counts as at `as_at` (`summary_row`).

    `obligations` narrows what is counted (default: every addressee's), e.g. to the centres a
    reader may see; `now` says that `as_at` is the present (`status_counts`). Counted by the
    database: two queries, whatever the number of requests and obligations.
    """
    requests = list(requests if requests is not None else requests_issued_by(as_at))
    counted = obligations if obligations is not None else Obligation.objects.all()
    counts: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for (request_id, status), n in status_counts(
        as_at, counted.filter(request__in=requests), now=now
    ).items():
        counts[request_id][status] = n
    return [summary_row(request, counts[request.pk]) for request in requests]


def digest_content(*, since, as_at, due_within_days=30):
    """Return what the weekly digest lists as at `as_at`, every row fetched up front.

    `due_soon`: open obligations whose (extended) deadline falls within `due_within_days`;
    `overdue`: obligations overdue at `as_at`, most late first; `received`: versions received
    after `since` (all until `as_at` when None); `late_actions`: actions of the centres' action
    plans late at `as_at`, most late first. Four queries, whatever the numbers.
    """
    from .models import Action, ActionStatus, SubmissionVersion, deadline_for

    horizon = as_at + dt.timedelta(days=due_within_days)
    today = as_at.astimezone(secretariat_tz()).date()
    S = ObligationStatus
    due_soon, overdue = [], []
    open_obligations = (
        Obligation.objects.filter(
            request__due_date__isnull=False, request__mode=RequestMode.OBLIGATION
        )
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
    # Replies to an invitation are not deadlines' business: the digest lists no invitation.
    received = received.exclude(submission__obligation__request__mode=RequestMode.INVITATION)
    if since is not None:
        received = received.filter(received_at__gt=since)
    late_actions = [
        {"action": action, "due_date": action.due_date, "days": (today - action.due_date).days}
        for action in Action.objects.with_status(as_at)
        .filter(status=ActionStatus.LATE)
        .select_related("gap__centre")
        .order_by("due_date", "gap__centre__name", "pk")
    ]
    due_soon.sort(key=lambda r: (r["due_date"], str(r["obligation"].addressee)))
    overdue.sort(key=lambda r: (-r["days"], str(r["obligation"].addressee)))
    return {
        "due_soon": due_soon,
        "overdue": overdue,
        "received": list(received),
        "late_actions": late_actions,
        "as_at": as_at,
        "since": since,
    }


def replies_as_at(request, as_at):
    """Return the addressee obligations of `request` that replied by the end of day `as_at`
    (a date, read in Geneva; or an instant), ordered by first receipt, then addressee.

    A reply's date is its first version's receipt (`Obligation.first_receipt_at`); each
    obligation carries it as `first_received_at`, with its centre or Party fetched.
    """
    return replies_by_request([request], as_at)[request.pk]


def replies_by_request(requests, as_at):
    """Return {request id: `replies_as_at(request, as_at)`} for `requests`, in one query."""
    instant = as_at if isinstance(as_at, dt.datetime) else end_of_day(as_at)
    replies: dict[int, list] = {r.pk: [] for r in requests}
    if not replies:
        return replies
    for obligation in (
        Obligation.objects.filter(request__in=list(replies), first_receipt_at__lte=instant)
        .annotate(first_received_at=F("first_receipt_at"))
        .select_related("centre__host_country", "party", "request__decision")
        .order_by("first_receipt_at", "centre__name", "party__name", "pk")
    ):
        replies[obligation.request_id].append(obligation)
    return replies


def next_change_after(as_at):
    """The first instant after `as_at` at which a recorded receipt, waiver or extension
    decision takes effect (None when there is none): an answer counted "as at now" holds until
    then (within the Geneva day it was counted on). Two queries (`later_facts_queries`)."""
    instants = [t for query in later_facts_queries(as_at) for row in query for t in row]
    return min((t for t in instants if t is not None), default=None)


def later_facts_queries(as_at):
    """The queries of `next_change_after`, one row each: the first receipt and waiver after
    `as_at`; the first extension decision after it."""
    return [
        Obligation.objects.order_by()
        .annotate(one=Value(1))
        .values("one")  # no grouping: one row
        .annotate(
            r=Min("first_receipt_at", filter=Q(first_receipt_at__gt=as_at)),
            w=Min("waived_at", filter=Q(waived_at__gt=as_at)),
        )
        .values_list("r", "w"),
        Extension.objects.filter(decided_at__gt=as_at)
        .order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(e=Min("decided_at"))
        .values_list("e"),
    ]
