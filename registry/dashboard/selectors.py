"""Reads for the compliance dashboards: every page's data in a fixed number of queries.

A centre's page and the COP report take statuses from `submissions.selectors.obligation_statuses`
(the pure rule `status_for`). Counting a whole network that way builds every obligation in
Python, so the overview, the matrix and the trends have the database apply `status_case`, the
same rule in SQL, which `tests/registry/test_dashboard_counts.py` holds equal to
`obligation_statuses` and `compliance_summary` on every edge.
"""

import datetime as dt
from collections import Counter, defaultdict

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from centres.models import Centre, Contact, Hosting, Region
from evaluations.models import LOCKING_STATUSES, Evaluation
from submissions import models as submission_models
from submissions.models import (
    SUBMITTED,
    Extension,
    Obligation,
    ObligationStatus,
    Request,
    SubmissionVersion,
    secretariat_tz,
)
from submissions.selectors import obligation_statuses, requests_issued_by, summary_row

MATRIX_PAGE_SIZE = 25

# The reminders ledger comes with the reminders feature; the centre page shows it when present.
ReminderStep = getattr(submission_models, "ReminderStep", None)

# Statuses that count towards an on-time rate: the deadline has passed, or something came in.
RATED = {ObligationStatus.SUBMITTED_ON_TIME, ObligationStatus.SUBMITTED_LATE,
         ObligationStatus.OVERDUE}

STATUS_STYLE = {
    ObligationStatus.SUBMITTED_ON_TIME: "success",
    ObligationStatus.SUBMITTED_LATE: "warning",
    ObligationStatus.OVERDUE: "danger",
    ObligationStatus.EXTENDED: "info",
    ObligationStatus.DUE_SOON: "primary",
    ObligationStatus.NOT_YET_DUE: "secondary",
    ObligationStatus.WAIVED: "light",
}


def local_date(instant):
    """Return the calendar day of `instant` in the Secretariat's time zone."""
    return timezone.localtime(instant, secretariat_tz()).date()


def request_convention(request):
    """Return the convention code of `request`: its decision's, else its addressed centres'."""
    if request.decision_id:
        return request.decision.convention
    return request.convention_centres


def request_cycle(request):
    """Return (convention, COP) of the meeting that `request` reports to, or None.

    The stated COP when given; otherwise the meeting after the one that adopted the decision.
    """
    convention = request_convention(request)
    if request.for_cop:
        return (convention, request.for_cop)
    if request.decision_id:
        return (convention, request.decision.cop + 1)
    return None


def cycle_label(cycle):
    convention, cop = cycle
    return f"{convention} COP-{cop}"


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else 0.0


def overview_rows(as_at, requests):
    """Return `compliance_summary` rows for `requests`, with the bar's widths in percent."""
    rows = summary_rows(as_at, requests)
    for row in rows:
        expected = row["expected"]
        row["on_time_pct"] = percent(row["on_time"], expected)
        row["late_pct"] = percent(row["late"], expected)
        row["missing_pct"] = round(100 - row["on_time_pct"] - row["late_pct"], 1) if expected else 0
        row["cycle"] = request_cycle(row["request"])
        row["cycle_label"] = cycle_label(row["cycle"]) if row["cycle"] else ""
    return rows


def overview_totals(rows):
    keys = ("expected", "submitted", "on_time", "late", "missing", "extended", "waived")
    return {k: sum(r[k] for r in rows) for k in keys}


def dashboard_requests(as_at):
    """Requests that existed at `as_at`, with their decisions."""
    return requests_issued_by(as_at)


class Cell:
    """One obligation as at an instant: its status and the date that goes with it (the first
    receipt, in Geneva, when submitted; otherwise the due date, extended or not)."""

    __slots__ = ("status", "date")

    def __init__(self, status, date):
        self.status = status
        self.date = date

    @classmethod
    def of(cls, status, received_day, effective_due):
        return cls(status, received_day if status in SUBMITTED else effective_due)

    @classmethod
    def for_obligation(cls, obligation, status):
        received = obligation.first_received_at
        return cls.of(status, received and local_date(received),
                      obligation.extended_due_date or obligation.request.due_date)

    @property
    def label(self):
        return ObligationStatus(self.status).label

    @property
    def style(self):
        return STATUS_STYLE[self.status]


def matrix(as_at, obligations, *, status="", page_number=1, page_size=MATRIX_PAGE_SIZE,
           paginate=True):
    """Return the centres-by-requests matrix of `obligations` (centres only) as at `as_at`.

    `status` keeps the centres with at least one cell of that status. Statuses are computed by
    the database (`with_sql_status`) and only the page's cells are read, so the cost follows
    the page size, not the network's size.
    Returns a dict: requests (columns), rows [(centre, [cell or None])], page, centre_count.
    """
    obligations = obligations.filter(
        centre__isnull=False, request__in=requests_issued_by(as_at)).order_by()
    requests = list(
        Request.objects.filter(pk__in=obligations.values("request_id"))
        .select_related("decision")
        .order_by(F("due_date").asc(nulls_last=True), "decision__code", "paragraph", "pk")
    )
    if status:
        having = with_sql_status(obligations, as_at).filter(status=status)
    else:
        having = obligations
    centres = (
        Centre.objects.filter(pk__in=having.values("centre_id"))
        .select_related("region").order_by("name", "pk")
    )
    if paginate:
        page = Paginator(centres, page_size).get_page(page_number)
        centres = list(page.object_list)
        centre_count = page.paginator.count
    else:
        page = None
        centres = list(centres)
        centre_count = len(centres)
    cells = defaultdict(dict)
    for centre_id, request_id, cell_status, received, extended, due in (
        with_sql_status(obligations.filter(centre_id__in=[c.pk for c in centres]), as_at)
        .values_list("centre_id", "request_id", "status", "first_received_day",
                     "extended_due_date", "request__due_date")
    ):
        cells[centre_id][request_id] = Cell.of(cell_status, received, extended or due)
    rows = [(c, [cells[c.pk].get(r.pk) for r in requests]) for c in centres]
    return {"requests": requests, "rows": rows, "page": page, "centre_count": centre_count}


def centre_detail(centre_id, as_at):
    """Return the centre with its hostings, endorsements and contacts, and its obligations'
    statuses and history as at `as_at`; None when there is no such centre.
    """
    centre = (
        Centre.objects.select_related("region", "host_country")
        .prefetch_related(
            Prefetch("hostings", queryset=Hosting.objects.select_related("institution__country")),
            "endorsements",
            Prefetch("contacts", queryset=Contact.objects.order_by("role", "name")),
            "countries_served",
        )
        .filter(pk=centre_id)
        .first()
    )
    if centre is None:
        return None
    obligations = (
        Obligation.objects.filter(centre=centre, request__in=requests_issued_by(as_at))
        .select_related("request__decision")
        .prefetch_related("extensions")
        .order_by(F("request__due_date").asc(nulls_last=True), "request__pk")
    )
    pairs = obligation_statuses(as_at, obligations)
    versions = defaultdict(list)
    for version in (
        SubmissionVersion.objects.filter(submission__obligation__centre=centre,
                                         received_at__lte=as_at)
        .select_related("submission")
        .annotate(file_count=Count("files"))
        .order_by("number")
    ):
        versions[version.submission.obligation_id].append(version)
    items = [
        {
            "obligation": obligation,
            "cell": Cell.for_obligation(obligation, status),
            "versions": versions[obligation.pk],
            "extensions": list(obligation.extensions.all()),
        }
        for obligation, status in pairs
    ]
    return {
        "centre": centre,
        "status": centre.status_at(as_at, centre.endorsements.all()),
        "obligations": items,
    }


def centre_records(centre_id, as_at, *, viewer):
    """Return the reminders sent to the centre up to `as_at` and the evaluation results that
    `viewer` may read; None when there is no such centre."""
    centre = Centre.objects.filter(pk=centre_id).first()
    if centre is None:
        return None
    return {
        "centre": centre,
        "reminders": centre_reminders(centre, as_at),
        "evaluations": centre_evaluations(centre, viewer),
    }


def centre_reminders(centre, as_at):
    """Return the reminder steps sent for the centre's obligations up to `as_at`, or None
    when reminders are not recorded by this installation."""
    if ReminderStep is None:
        return None
    return list(
        ReminderStep.objects.filter(obligation__centre=centre, created_at__lte=as_at)
        .select_related("obligation__request__decision")
        .order_by("created_at", "pk")
    )


def centre_evaluations(centre, viewer):
    """Return the centre's evaluations in closed or published cycles that `viewer` may read
    (`evaluations.access`: a closed cycle is not published), latest first."""
    return list(
        Evaluation.objects.visible_to(viewer)
        .filter(centre=centre, cycle__status__in=LOCKING_STATUSES)
        .select_related("cycle")
        .order_by("-cycle__year", "cycle__convention")
    )


def trends(as_at):
    """Return the centres' on-time rate per reporting cycle, overall and by region, as at `as_at`.

    The rate is on-time submissions over obligations whose deadline has passed or that were
    submitted; waived, extended and not-yet-due obligations are left out.
    """
    requests = {
        r.pk: r for r in requests_issued_by(as_at).filter(due_date__isnull=False)
    }
    obligations = Obligation.objects.filter(
        centre__isnull=False, request__in=list(requests.values())).order_by()
    counts = status_counts(as_at, obligations, "request_id", "centre__region_id")
    overall = defaultdict(Counter)
    by_region = defaultdict(lambda: defaultdict(Counter))
    region_ids = set()
    for (request_id, region_id, status), n in counts.items():
        cycle = request_cycle(requests[request_id])
        if cycle is None or status not in RATED:
            continue
        region_ids.add(region_id)
        for counter in (overall[cycle], by_region[region_id][cycle]):
            counter["rated"] += n
            if status == ObligationStatus.SUBMITTED_ON_TIME:
                counter["on_time"] += n
    regions = {r.pk: r for r in Region.objects.filter(pk__in=region_ids)}
    cycles = sorted(overall)
    ordered_regions = sorted(regions.values(), key=lambda r: r.name)
    return {
        "cycles": [
            {
                "cycle": c,
                "label": cycle_label(c),
                "on_time": overall[c]["on_time"],
                "rated": overall[c]["rated"],
                "rate": percent(overall[c]["on_time"], overall[c]["rated"]),
                "regions": [
                    _rate(by_region[r.pk].get(c)) for r in ordered_regions
                ],
            }
            for c in cycles
        ],
        "regions": ordered_regions,
    }


def _rate(counter):
    if not counter or not counter["rated"]:
        return None
    return percent(counter["on_time"], counter["rated"])


def granted_by(as_at):
    """Extensions granted by `as_at`."""
    return Extension.objects.filter(status=Extension.Status.GRANTED, decided_at__lte=as_at)


def status_case(as_at):
    """Return a SQL expression of `submissions.models.status_for` as at `as_at`, per obligation.

    The same rule, phrased on calendar days in Geneva so that the database can count: a version
    is on time when received on or before the (extended) due date in Geneva; the deadline has
    passed when `as_at` falls on a later day; "due soon" starts `REGISTRY_DUE_SOON_DAYS` days
    before the deadline. Each row takes one branch, and only the few with an extension granted
    by then (a hashed, uncorrelated list) look theirs up. It reads the annotations that
    `with_sql_status` makes; `tests/registry/test_dashboard_counts.py` holds it equal to
    `status_for` on every edge.
    """
    return Case(
        When(pk__in=granted_by(as_at).values("obligation_id"), then=_extended_case(as_at)),
        default=_as_is_case(as_at),
        output_field=CharField(),
    )


def _as_is_case(as_at):
    """The rule for an obligation without an extension granted by `as_at`."""
    today = local_date(as_at)
    soon = today + dt.timedelta(days=settings.REGISTRY_DUE_SOON_DAYS - 1)
    S = ObligationStatus
    return Case(
        When(first_receipt_at__lte=as_at, then=Case(
            When(Q(request__due_date__isnull=True)
                 | Q(first_received_day__lte=F("request__due_date")),
                 then=Value(S.SUBMITTED_ON_TIME)),
            default=Value(S.SUBMITTED_LATE),
        )),
        When(waived_at__lte=as_at, then=Value(S.WAIVED)),
        When(request__due_date__isnull=True, then=Value(S.NOT_YET_DUE)),
        When(request__due_date__lt=today, then=Value(S.OVERDUE)),
        When(request__due_date__lte=soon, then=Value(S.DUE_SOON)),
        default=Value(S.NOT_YET_DUE),
        output_field=CharField(),
    )


def _extended_case(as_at):
    """The rule for an obligation with an extension granted by `as_at` (`extended_due_date`)."""
    today = local_date(as_at)
    S = ObligationStatus
    return Case(
        When(first_receipt_at__lte=as_at, then=Case(
            When(first_received_day__lte=F("extended_due_date"), then=Value(S.SUBMITTED_ON_TIME)),
            default=Value(S.SUBMITTED_LATE),
        )),
        When(waived_at__lte=as_at, then=Value(S.WAIVED)),
        When(extended_due_date__lt=today, then=Value(S.OVERDUE)),
        default=Value(S.EXTENDED),
        output_field=CharField(),
    )


def _with_first_received_day(obligations, as_at):
    return obligations.annotate(
        first_received_day=Case(
            When(first_receipt_at__lte=as_at,
                 then=TruncDate("first_receipt_at", tzinfo=secretariat_tz())),
            default=None,
            output_field=DateField(),
        )
    )


def with_sql_status(obligations, as_at):
    """Annotate `status` and its inputs on `obligations`, as the records stood at `as_at`:
    `first_received_day` (the day in Geneva of the first version received by then) and
    `extended_due_date` (of the latest extension granted by then).

    The first version received by `as_at` is the first ever when that came by then (versions
    are only added), so the stored `first_receipt_at` answers without reading any version.
    """
    latest = (
        granted_by(as_at).filter(obligation=OuterRef("pk"))
        .order_by("-decided_at", "-pk").values("new_due_date")[:1]
    )
    return (
        _with_first_received_day(obligations, as_at)
        .annotate(
            extended_due_date=Case(
                When(pk__in=granted_by(as_at).values("obligation_id"), then=Subquery(latest)),
                default=None,
                output_field=DateField(),
            ),
        )
        .annotate(status=status_case(as_at))
    )


def status_counts(as_at, obligations, *keys):
    """Return {(*keys, status): count} of `obligations` as at `as_at`, counted by the database
    in one query (the per-row rule would build every obligation in Python). `keys` default to
    the request."""
    keys = list(keys or ["request_id"])
    return {
        (*key, status): n
        for *key, status, n in (
            with_sql_status(obligations.order_by(), as_at)
            .values(*keys, "status").annotate(n=Count("pk")).order_by()
            .values_list(*keys, "status", "n")
        )
    }


def summary_rows(as_at, requests):
    """Return the rows of `compliance_summary(as_at, requests)`, counted by the database.

    Same keys and figures; two queries whatever the number of obligations.
    """
    requests = list(requests)
    by_request = defaultdict(Counter)
    for (pk, status), n in status_counts(
        as_at, Obligation.objects.filter(request__in=requests)
    ).items():
        by_request[pk][status] = n
    return [summary_row(request, by_request[request.pk]) for request in requests]
