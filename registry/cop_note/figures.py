"""Reads behind the COP note: which requests a note reports on, and their figures as at a date.

Every count is made by the database (`Obligation.objects.with_status` through
`submissions.selectors.status_counts`, or the replies' receipt column): no obligation is built
in Python to be counted. What a figure came from (request, instant, the records counted) travels
with it, for the export's notes.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Q, prefetch_related_objects

from centres.models import Centre, Correspondence, Endorsement, Hosting
from submissions.models import (
    PERIOD_YEARS,
    SUBMITTED,
    Decision,
    Obligation,
    ObligationStatus,
    Request,
    RequestKind,
    RequestMode,
    end_of_day,
)
from submissions.selectors import replies_as_at, status_counts

from ..dashboard.selectors import request_cycle

PERIODIC_KINDS = (RequestKind.WORKPLAN, RequestKind.ACTIVITY_REPORT)


@dataclass
class Source:
    """One record a figure came from: what it is, its id, and the instant that mattered."""

    label: str
    model: str
    pk: int
    instant: dt.datetime | dt.date | None = None


@dataclass
class Figure:
    """A count as at an instant, with the records behind it."""

    request: Request
    as_at: dt.datetime
    expected: int = 0
    submitted: int = 0
    counted: list[Source] = field(default_factory=list)
    not_submitted: list[Centre] = field(default_factory=list)
    replies: list[Obligation] = field(default_factory=list)


def note_requests(convention, cop):
    """Return the requests a note to COP `cop` of `convention` reports on, oldest first.

    A request belongs to the meeting it is "for consideration by"; without one, to the meeting
    after the one that adopted its decision (`request_cycle`).
    """
    candidates = (
        Request.objects.select_related("decision")
        .filter(decision__convention=convention)
        .filter(decision__cop__in=[cop - 1, cop])
        .order_by(F("due_date").asc(nulls_last=True), "decision__code", "paragraph", "pk")
    )
    return [r for r in candidates if request_cycle(r) == (convention, cop)]


def pick(requests, kind, mode=None):
    """The latest request of `kind` (and `mode`) among `requests`, or None."""
    found = [r for r in requests if r.kind == kind and (mode is None or r.mode == mode)]
    return found[-1] if found else None


def periodic_figure(request, day, *, with_missing=False):
    """Count the addressees of `request` that had submitted by the end of `day` (Geneva).

    Waived obligations are not expected. Two queries: the counts, and the submitted rows (ids
    and first receipts only) for the notes; a third for the names only when asked.
    """
    as_at = end_of_day(day)
    obligations = Obligation.objects.filter(request=request, centre__isnull=False)
    counts = status_counts(as_at, obligations)
    total = sum(counts.values())
    expected = total - counts.get((request.pk, ObligationStatus.WAIVED), 0)
    submitted = sum(counts.get((request.pk, status), 0) for status in SUBMITTED)
    rows = (
        obligations.with_status(as_at)
        .filter(status__in=list(SUBMITTED))
        .order_by("centre__name")
        .values_list("pk", "centre__name", "first_receipt_at")
    )
    figure = Figure(request=request, as_at=as_at, expected=expected, submitted=submitted)
    figure.counted = [Source(name, "obligation", pk, first) for pk, name, first in rows]
    if with_missing:
        figure.not_submitted = list(
            Centre.objects.filter(
                pk__in=obligations.with_status(as_at)
                .exclude(status__in=[*SUBMITTED, ObligationStatus.WAIVED])
                .values("centre_id")
            ).order_by("name")
        )
    return figure


def replies_figure(request, day):
    """The replies to `request` received by the end of `day` (Geneva), with who sent them."""
    as_at = end_of_day(day)
    replies = list(replies_as_at(request, day))
    # Their names and host countries in one query, however `replies_as_at` fetched them.
    prefetch_related_objects(replies, "centre__host_country", "party")
    figure = Figure(request=request, as_at=as_at, submitted=len(replies))
    figure.counted = [
        Source(str(o.addressee), "obligation", o.pk, o.first_receipt_at) for o in replies
    ]
    figure.replies = replies
    return figure


def cycle_start(convention, cop):
    """The day the previous meeting adopted its decisions: where a note's story begins."""
    decision = (
        Decision.objects.filter(convention=convention, cop=cop - 1)
        .exclude(adopted_on__isnull=True)
        .order_by("adopted_on")
        .first()
    )
    return decision.adopted_on if decision else None


@dataclass
class CentreCase:
    """A centre whose selection or hosting the Secretariat corresponded about."""

    centre: Centre
    hostings: list[Hosting]
    endorsements: list[Endorsement]
    letters: list[Correspondence]


def correspondence_cases(convention, since, day):
    """Centres of `convention` with correspondence dated from `since` to `day`, with their
    hostings, endorsements and those letters. Six queries, whatever the number of centres.

    A letter filed on another centre hosted by the same institution counts too (e.g. a new host
    proposed for the Basel centre that ANO-CIP also hosts touches its Stockholm centre).
    """
    serving = Centre.objects.serving(convention)
    letters = (
        Correspondence.objects.filter(
            Q(centre__in=serving)
            | Q(
                centre__hostings__institution__in=Hosting.objects.filter(centre__in=serving).values(
                    "institution"
                )
            ),
            centre__isnull=False,
            date__lte=day,
        )
        .distinct()
        .order_by("date", "pk")
    )
    if since:
        letters = letters.filter(date__gte=since)
    letters = list(letters)
    writers = {letter.centre_id for letter in letters}
    institutions: dict[int, set[int]] = {}  # centre -> the institutions that hosted it
    for centre_id, institution_id in Hosting.objects.filter(
        Q(centre__in=writers)
        | Q(institution__in=Hosting.objects.filter(centre__in=writers).values("institution"))
    ).values_list("centre_id", "institution_id"):
        institutions.setdefault(centre_id, set()).add(institution_id)
    ours = set(serving.filter(pk__in=writers | set(institutions)).values_list("pk", flat=True))
    by_centre: dict[int, list[Correspondence]] = {}
    for letter in letters:
        if letter.centre_id in ours:
            targets = {letter.centre_id}
        else:
            shared = institutions.get(letter.centre_id, set())
            targets = {c for c in ours if institutions.get(c, set()) & shared}
        for target in targets:
            by_centre.setdefault(target, []).append(letter)
    centres = Centre.objects.filter(pk__in=by_centre).order_by("name")
    hostings: dict[int, list[Hosting]] = {}
    for hosting in Hosting.objects.filter(centre__in=centres).select_related(
        "institution__country"
    ):
        hostings.setdefault(hosting.centre_id, []).append(hosting)
    endorsements: dict[int, list[Endorsement]] = {}
    for endorsement in Endorsement.objects.filter(
        centre__in=centres, convention=convention, endorsed_on__lte=day
    ).order_by("endorsed_on"):
        endorsements.setdefault(endorsement.centre_id, []).append(endorsement)
    return [
        CentreCase(
            centre=centre,
            hostings=sorted(
                hostings.get(centre.pk, []),
                key=lambda h: h.started_on or h.nominated_on or dt.date.min,
            ),
            endorsements=endorsements.get(centre.pk, []),
            letters=by_centre[centre.pk],
        )
        for centre in centres
    ]


@dataclass
class NextRequest:
    """A request the draft decision makes for the next cycle, derived from `template`."""

    template: Request
    kind: str
    period_start: dt.date
    period_end: dt.date
    due_date: dt.date
    for_cop: int


def _shift_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_cycle_request(request, convention, cop):
    """Derive the next cycle's request from `request`: the period that follows its own (as
    long as `PERIOD_YEARS` says for its kind and convention), due as long before or after the
    period as `request` was, for consideration by the next meeting. None without a period."""
    if not (request.period_start and request.period_end and request.due_date):
        return None
    years = PERIOD_YEARS.get((request.kind, convention))
    if not years:
        years = request.period_end.year - request.period_start.year + 1
    start = request.period_end + dt.timedelta(days=1)
    shift = start.year - request.period_start.year
    return NextRequest(
        template=request,
        kind=request.kind,
        period_start=start,
        period_end=request.period_end.replace(year=start.year + years - 1),
        due_date=_shift_years(request.due_date, shift),
        for_cop=cop + 1,
    )


def next_cycle(requests, convention, cop):
    """The draft decision's requests for the next cycle: one per periodic kind, in kind order."""
    derived = []
    for kind in PERIODIC_KINDS:
        request = pick(requests, kind, RequestMode.OBLIGATION)
        if request is not None:
            following = next_cycle_request(request, convention, cop)
            if following is not None:
                derived.append(following)
    return derived
