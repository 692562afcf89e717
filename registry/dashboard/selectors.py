"""Reads for the compliance dashboards: every page's data in a fixed number of queries.

Every status comes from the database (`Obligation.objects.with_status`, the SQL twin of
`submissions.status.status_for`): counting a whole network in Python would build every
obligation.
"""

from collections import Counter, defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, F, Prefetch
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Contact, Convention, Hosting, Region
from centres.selectors import HOST_CHANGE_PREFETCH, endorsement_gaps_by, host_changes_as_at
from evaluations.models import LOCKING_STATUSES, Evaluation
from submissions.models import (
    SUBMITTED,
    Obligation,
    ObligationStatus,
    ReminderStep,
    Request,
    RequestMode,
    SubmissionVersion,
)
from submissions.selectors import (
    fold_counts,
    obligation_statuses,
    replies_by_request,
    requests_issued_by,
    status_counts,
    summary_row,
)
from submissions.status import (
    local_date,  # noqa: F401 (the pages read it from here)
    statuses_meant,
)
from submissions.status_store import with_stored_status

from .precompiled import request_status_rows

MATRIX_PAGE_SIZE = 25
ALL_REGIONS_OF = _("%(convention)s: all regions")

# Statuses that count towards an on-time rate: the deadline has passed, or something came in.
RATED = {
    ObligationStatus.SUBMITTED_ON_TIME,
    ObligationStatus.SUBMITTED_LATE,
    ObligationStatus.OVERDUE,
}

STATUS_STYLE = {
    ObligationStatus.SUBMITTED_ON_TIME: "success",
    ObligationStatus.SUBMITTED_LATE: "warning",
    ObligationStatus.OVERDUE: "danger",
    ObligationStatus.EXTENDED: "info",
    ObligationStatus.DUE_SOON: "primary",
    ObligationStatus.NOT_YET_DUE: "secondary",
    ObligationStatus.WAIVED: "light",
    ObligationStatus.REPLIED: "success",
    ObligationStatus.NO_REPLY_YET: "light",
}


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


def overview_rows(as_at, requests, *, now=False):
    """Return `submissions.selectors.compliance_summary` rows for `requests`, with the bar's
    widths in percent; an invitation's row also lists who replied by `as_at`
    (`replies_as_at`). `now` says that `as_at` is the present (the stored statuses count)."""
    requests = list(requests)
    counts: defaultdict[int, Counter[str]] = defaultdict(Counter)
    # `compliance_summary`'s rows, counted by SQL compiled once per process (`precompiled`).
    rows = request_status_rows(as_at, [r.pk for r in requests], now=now)
    for (request_id, status), n in fold_counts(rows).items():
        counts[request_id][status] = n
    rows = [summary_row(request, counts[request.pk]) for request in requests]
    replies = replies_by_request(
        [r["request"] for r in rows if r["mode"] == RequestMode.INVITATION], as_at
    )
    for row in rows:
        expected = row["expected"]
        row["cycle"] = request_cycle(row["request"])
        row["cycle_label"] = cycle_label(row["cycle"]) if row["cycle"] else ""
        if row["mode"] == RequestMode.INVITATION:
            row["repliers"] = [o.addressee for o in replies[row["request"].pk]]
            row["replies_pct"] = percent(row["replies"], expected)
            continue
        row["on_time_pct"] = percent(row["on_time"], expected)
        row["late_pct"] = percent(row["late"], expected)
        row["pending"] = row["not_yet_due"] + row["due_soon"] + row["extended"]
    return rows


def overview_split(rows):
    """Return (obligation rows, invitation rows): the overview shows them in two tables."""
    return (
        [r for r in rows if r["mode"] != RequestMode.INVITATION],
        [r for r in rows if r["mode"] == RequestMode.INVITATION],
    )


OVERVIEW_TOTAL_KEYS = (
    "expected",
    "submitted",
    "on_time",
    "late",
    "missing",
    "overdue",
    "pending",
    "due_soon",
    "extended",
    "not_yet_due",
    "waived",
)


def overview_totals(rows):
    """Return the sums of the obligation rows' counts."""
    return {k: sum(r[k] for r in rows) for k in OVERVIEW_TOTAL_KEYS}


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
        """Return the cell of an obligation annotated by `with_status`."""
        return cls.of(status, obligation.first_received_day, obligation.effective_due_date)

    @property
    def label(self):
        return ObligationStatus(self.status).label

    @property
    def style(self):
        return STATUS_STYLE[self.status]


def matrix_obligations(as_at, obligations):
    """The obligations of `obligations` that the matrix shows as at `as_at` (centres only)."""
    return obligations.filter(
        centre__isnull=False, request__in=requests_issued_by(as_at)
    ).order_by()


def matrix_cells_query(as_at, obligations, centre_ids):
    """Rows (centre id, *CELL_COLUMNS) of the matrix's `obligations` of `centre_ids`."""
    return (
        obligations.filter(centre_id__in=centre_ids)
        .with_status(as_at)
        .values_list("centre_id", *CELL_COLUMNS)
    )


def _matrix_scope(as_at, obligations, status):
    """Return (obligations, requests, centre ids having `status`) of the matrix as at `as_at`."""
    obligations = matrix_obligations(as_at, obligations)
    requests = list(
        Request.objects.filter(pk__in=obligations.values("request_id"))
        .select_related("decision")
        .order_by(F("due_date").asc(nulls_last=True), "decision__code", "paragraph", "pk")
    )
    if status:
        having = obligations.with_status(as_at).filter(status__in=statuses_meant(status))
    else:
        having = obligations
    return obligations, requests, having.values("centre_id")


CELL_COLUMNS = ("request_id", "status", "first_received_day", "effective_due_date")


def matrix(
    as_at,
    obligations,
    *,
    status="",
    page_number=1,
    page_size=MATRIX_PAGE_SIZE,
    paginate=True,
    cell_rows=None,
):
    """Return the centres-by-requests matrix of `obligations` (centres only) as at `as_at`.

    `status` keeps the centres with at least one cell of that status (or of a group of them,
    `submissions.status.StatusGroup`). Statuses are computed by
    the database (`with_status`) and only the page's cells are read, so the cost follows
    the page size, not the network's size.
    Returns a dict: requests (columns), rows [(centre, [cell or None])], page, centre_count.
    `cell_rows(as_at, centre ids)`, when given, reads the cells' rows instead of
    `matrix_cells_query` (`precompiled.matrix_cell_rows`, when nothing is filtered).
    """
    obligations, requests, centre_ids = _matrix_scope(as_at, obligations, status)
    matching = (
        Centre.objects.filter(pk__in=centre_ids)
        .select_related("region")
        .prefetch_related("endorsements")
        .order_by("name", "pk")
    )
    if paginate:
        page = Paginator(matching, page_size).get_page(page_number)
        centres = list(page.object_list)
        centre_count = page.paginator.count
    else:
        page = None
        centres = list(matching)
        centre_count = len(centres)
    day = local_date(as_at)
    for centre in centres:  # a term expired with no re-endorsement recorded is shown as such
        centre.open_gaps = centre.gaps_at(day, centre.endorsements.all())  # type: ignore[attr-defined]
    cells: defaultdict[int, dict] = defaultdict(dict)
    centre_ids = [c.pk for c in centres]
    if cell_rows is None:
        rows = matrix_cells_query(as_at, obligations, centre_ids)
    else:
        rows = cell_rows(as_at, centre_ids)
    for centre_id, request_id, cell_status, received, due in rows:
        cells[centre_id][request_id] = Cell.of(cell_status, received, due)
    table = [(c, [cells[c.pk].get(r.pk) for r in requests]) for c in centres]
    return {"requests": requests, "rows": table, "page": page, "centre_count": centre_count}


def matrix_lines(as_at, obligations, *, status="", labels=None, chunk_size=5000):
    """Return (requests, lines) of the whole matrix for an export, in constant memory.

    `lines` is an iterator of (centre name, region name, cells), one per centre in name order,
    read from a server-side cursor `chunk_size` obligations at a time. `cells` is a flat list,
    two per request: the status (written as `labels[status]` when `labels` is given) and the
    date that goes with it (`Cell`), "" and "" where the centre owes nothing. A status is the
    stored one where its stamp holds at `as_at` (`with_stored_status`), so that the database
    computes the rule only for the others.
    """
    obligations, requests, centre_ids = _matrix_scope(as_at, obligations, status)
    width = 2 * len(requests)
    column = {r.pk: 2 * i for i, r in enumerate(requests)}
    if status:
        obligations = obligations.filter(centre_id__in=centre_ids)
    rows = (
        with_stored_status(obligations, as_at)
        .order_by("centre__name", "centre_id")
        .values_list(
            "centre_id",
            "centre__name",
            "centre__region__name",
            "request_id",
            "status_now",
            "first_received_day",
            "effective_due_date",
        )
        .iterator(chunk_size=chunk_size)
    )
    label = labels or {}

    def lines():
        current = None
        name = region = None
        cells: list = []
        for centre_id, centre_name, region_name, request_id, cell_status, received, due in rows:
            if centre_id != current:
                if current is not None:
                    yield name, region, cells
                current, name, region = centre_id, centre_name, region_name
                cells = [""] * width
            i = column[request_id]
            cells[i] = label.get(cell_status, cell_status)
            cells[i + 1] = received if cell_status in SUBMITTED else due
        if current is not None:
            yield name, region, cells

    return requests, lines()


def centre_detail(centre_id, as_at):
    """Return the centre with its hostings, endorsements and contacts, and its obligations'
    statuses and history as at `as_at`; None when there is no such centre.
    """
    profile = centre_profile(centre_id, as_at)
    if profile is None:
        return None
    return profile | {"obligations": centre_obligations(profile["centre"], as_at)}


def centre_profile(centre_id, as_at):
    """Return {centre, status, host_changes, endorsement_gaps}: the centre with its hostings,
    endorsements, contacts and countries served, its status, its host-change cases and its
    endorsement gaps as at `as_at`; None when there is no such centre."""
    centre = (
        Centre.objects.select_related("region", "host_country")
        .prefetch_related(
            Prefetch("hostings", queryset=Hosting.objects.select_related("institution__country")),
            "endorsements",
            Prefetch("contacts", queryset=Contact.objects.order_by("role", "name")),
            "countries_served",
            HOST_CHANGE_PREFETCH,
        )
        .filter(pk=centre_id)
        .first()
    )
    if centre is None:
        return None
    day = local_date(as_at)
    return {
        "centre": centre,
        "status": centre.status_at(as_at, centre.endorsements.all()),
        "host_changes": host_changes_as_at(centre, day),
        "endorsement_gaps": endorsement_gaps_by(centre, day),
    }


def centre_obligations(centre, as_at):
    """Return [{obligation, cell, versions, extensions}]: the centre's obligations issued by
    `as_at`, with their status and what had been received by then."""
    obligations = (
        Obligation.objects.filter(centre=centre, request__in=requests_issued_by(as_at))
        .select_related("request__decision")
        .prefetch_related("extensions")
        .order_by(F("request__due_date").asc(nulls_last=True), "request__pk")
    )
    pairs = obligation_statuses(as_at, obligations)
    versions = defaultdict(list)
    for version in (
        SubmissionVersion.objects.filter(
            submission__obligation__centre=centre, received_at__lte=as_at
        )
        .select_related("submission")
        .annotate(file_count=Count("files"))
        .order_by("number")
    ):
        versions[version.submission.obligation_id].append(version)
    return [
        {
            "obligation": obligation,
            "cell": Cell.for_obligation(obligation, status),
            "versions": versions[obligation.pk],
            "extensions": list(obligation.extensions.all()),
        }
        for obligation, status in pairs
    ]


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
    """Return the reminder steps sent for the centre's obligations up to `as_at`."""
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
        .select_related("cycle__methodology")
        .prefetch_related("cycle__methodology__criteria__parts__levels")
        .order_by("-cycle__year", "cycle__convention")
    )


def trends(as_at):
    """Return the centres' on-time rate per reporting cycle, overall and by region, as at `as_at`.

    The rate is on-time submissions over obligations whose deadline has passed or that were
    submitted; waived, extended and not-yet-due obligations are left out.
    """
    requests = {r.pk: r for r in requests_issued_by(as_at).filter(due_date__isnull=False)}
    obligations = Obligation.objects.filter(
        centre__isnull=False, request__in=list(requests.values())
    ).order_by()
    counts = status_counts(as_at, obligations, "request_id", "centre__region_id")
    overall: defaultdict[int, Counter[str]] = defaultdict(Counter)
    by_region: defaultdict[int, defaultdict[int, Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
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
                "regions": [_rate(by_region[r.pk].get(c)) for r in ordered_regions],
            }
            for c in cycles
        ],
        "regions": ordered_regions,
    }


def trends_chart(data):
    """Return the Chart.js data of `trends(...)`: one series per convention (all regions, then
    each region with a rate), empty at the other convention's cycles, so that no line ever joins
    a Basel cycle to a Stockholm one. A centre serving both counts in both conventions' series.
    """
    cycles = data["cycles"]
    datasets = []
    for code in sorted({c["cycle"][0] for c in cycles}):
        convention = str(Convention(code).label)
        ours = [c["cycle"][0] == code for c in cycles]
        datasets.append(
            {
                "label": str(ALL_REGIONS_OF % {"convention": convention}),
                "convention": code,
                "data": [c["rate"] if mine else None for c, mine in zip(cycles, ours, strict=True)],
            }
        )
        for i, region in enumerate(data["regions"]):
            values = [
                c["regions"][i] if mine else None for c, mine in zip(cycles, ours, strict=True)
            ]
            if any(v is not None for v in values):
                datasets.append(
                    {
                        "label": f"{region.name} ({convention})",
                        "convention": code,
                        "data": values,
                    }
                )
    return {"labels": [c["label"] for c in cycles], "datasets": datasets}


def _rate(counter):
    if not counter or not counter["rated"]:
        return None
    return percent(counter["on_time"], counter["rated"])
