"""Reads of the Secretariat's own work: mandates, meetings and their counts, budgets.

`activity_counts` and `meetings_between` are what the COP note's paragraphs on "activities to
facilitate the work of the centres" are counted from.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from centres.access import centres_for_user
from submissions.models import Obligation, RequestKind

from ..models import (
    ONLINE_KINDS,
    BudgetLine,
    Contribution,
    Mandate,
    MandateOutput,
    MandateState,
    Meeting,
    MeetingKind,
)


@dataclass(frozen=True)
class ActivityCounts:
    """How many meetings of each kind took place from `start` to `end` inclusive.

    `by_kind` counts events whose dates are known to fall in the period: a single event counts
    where it starts; an entry recording a published count (several events) counts only when its
    whole span lies in the period. `unplaced` holds, per kind, the events of count entries that
    straddle the period's edges: some may fall in the period, the records cannot say how many.
    `illustrative` is how many counted events come from illustrative entries.
    """

    start: dt.date
    end: dt.date
    by_kind: dict[str, int] = field(default_factory=dict)
    unplaced: dict[str, int] = field(default_factory=dict)
    illustrative: int = 0

    def count(self, *kinds):
        """Return the events of `kinds` (every kind when none is given) counted in the period."""
        wanted = kinds or tuple(MeetingKind.values)
        return sum(self.by_kind.get(kind, 0) for kind in wanted)

    @property
    def online_and_webinars(self):
        """The note's "online meetings and webinars"."""
        return self.count(*ONLINE_KINDS)

    @property
    def joint_meetings_of_directors(self):
        return self.count(MeetingKind.JOINT_DIRECTORS)

    @property
    def complete(self):
        """True when no count entry straddles the period (every count is exact)."""
        return not any(self.unplaced.values())


def _overlapping(start, end):
    return Meeting.objects.filter(starts_on__lte=end, ends_on__gte=start)


def activity_counts(start, end):
    """Return the `ActivityCounts` of the meetings log from `start` to `end` (dates, inclusive)."""
    by_kind: dict[str, int] = defaultdict(int)
    unplaced: dict[str, int] = defaultdict(int)
    illustrative = 0
    rows = _overlapping(start, end).values_list(
        "kind", "starts_on", "ends_on", "sessions", "illustrative"
    )
    for kind, starts_on, ends_on, sessions, is_illustrative in rows:
        if sessions == 1:
            inside = start <= starts_on <= end
        else:
            inside = start <= starts_on and ends_on <= end
            if not inside:
                unplaced[kind] += sessions
        if inside:
            by_kind[kind] += sessions
            illustrative += sessions if is_illustrative else 0
    return ActivityCounts(
        start=start,
        end=end,
        by_kind=dict(by_kind),
        unplaced=dict(unplaced),
        illustrative=illustrative,
    )


def meetings_between(start, end, *, kinds=None):
    """Return the single events (not count entries) starting from `start` to `end`, by date."""
    qs = Meeting.objects.filter(starts_on__gte=start, starts_on__lte=end, sessions=1)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    return list(qs.select_related("mandate__decision").order_by("starts_on", "pk"))


def meetings_for(user, *, kind="", start=None, end=None):
    """Return the meetings `user` may read, newest first, with what the list shows."""
    qs = Meeting.objects.visible_to(user)
    if kind:
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(ends_on__gte=start)
    if end:
        qs = qs.filter(starts_on__lte=end)
    return list(
        qs.select_related("mandate__decision")
        .prefetch_related("centres", "parties", "observer_parties")
        .order_by("-starts_on", "pk")
    )


def meeting_for_user(user, pk):
    """Return meeting `pk` if `user` may read it, else None."""
    return (
        Meeting.objects.visible_to(user)
        .select_related("mandate__decision")
        .prefetch_related("centres", "parties", "observer_parties", "contributions__donor_party")
        .filter(pk=pk)
        .first()
    )


def mandates_by_cop(*, include_done=False):
    """Return [(convention label, COP number, [mandates])] with their outputs and meetings."""
    qs = Mandate.objects.all() if include_done else Mandate.objects.not_done()
    qs = qs.select_related("decision").prefetch_related(
        Prefetch("outputs", queryset=MandateOutput.objects.order_by("pk")),
        Prefetch("meetings", queryset=Meeting.objects.order_by("starts_on", "pk")),
        "forwarded_requests__decision",
    )
    groups: dict[tuple, list] = defaultdict(list)
    order = ("decision__convention", "reports_to_cop", "decision__code", "paragraph")
    for mandate in qs.order_by(*order):
        key = (mandate.decision.get_convention_display(), mandate.reports_to_cop)
        groups[key].append(mandate)
    return [(label, cop, mandates) for (label, cop), mandates in groups.items()]


def mandate_state_counts():
    """Return {state: number of mandates}."""
    counts = {state: 0 for state in MandateState.values}
    for state in Mandate.objects.values_list("state", flat=True):
        counts[state] += 1
    return counts


# --- budgets -------------------------------------------------------------------------------


@dataclass
class BudgetSummary:
    """The budget lines of one workplan, with funded and unfunded totals per currency."""

    obligation: Obligation
    lines: list = field(default_factory=list)
    funded: dict[str, Decimal] = field(default_factory=dict)
    unfunded: dict[str, Decimal] = field(default_factory=dict)

    @property
    def currencies(self):
        return sorted(set(self.funded) | set(self.unfunded))

    @property
    def totals(self):
        """[(currency, funded, unfunded, total)] for the page's table."""
        zero = Decimal("0")
        return [
            (
                c,
                self.funded.get(c, zero),
                self.unfunded.get(c, zero),
                self.funded.get(c, zero) + self.unfunded.get(c, zero),
            )
            for c in self.currencies
        ]


def budget_summary(obligation, lines):
    summary = BudgetSummary(obligation=obligation, lines=list(lines))
    for line in summary.lines:
        bucket = summary.funded if line.is_funded else summary.unfunded
        bucket[line.currency] = bucket.get(line.currency, Decimal("0")) + line.amount
    return summary


def _lines():
    return BudgetLine.objects.select_related("funded_by__donor_party", "entered_by").order_by("pk")


def centre_budgets(centre_id):
    """Return a `BudgetSummary` per workplan of centre `centre_id` that has budget lines."""
    obligations = (
        Obligation.objects.filter(centre_id=centre_id, request__kind=RequestKind.WORKPLAN)
        .filter(budget_lines__isnull=False)
        .distinct()
        .select_related("request__decision")
        .prefetch_related(Prefetch("budget_lines", queryset=_lines()))
        .order_by("request__period_start", "pk")
    )
    return [budget_summary(o, o.budget_lines.all()) for o in obligations]


def workplan_for_user(user, pk):
    """Return workplan obligation `pk` if `user` may edit its budget (staff, or its centre's
    contacts), else None."""
    qs = Obligation.objects.visible_to(user).filter(request__kind=RequestKind.WORKPLAN)
    return qs.select_related("request__decision", "centre").filter(pk=pk).first()


def budget_line_for_user(user, pk):
    """Return budget line `pk` if `user` may edit it, else None."""
    obligations = Obligation.objects.visible_to(user)
    return (
        BudgetLine.objects.filter(obligation__in=obligations)
        .select_related("obligation__request__decision", "obligation__centre", "funded_by")
        .filter(pk=pk)
        .first()
    )


def contributions_for_centre(centre):
    """Contributions that may fund `centre`'s budget lines: those that list the centre, and
    those that list no centre (support to the network as a whole)."""
    return (
        Contribution.objects.filter(Q(centres=centre) | Q(centres__isnull=True))
        .distinct()
        .select_related("donor_party")
        .order_by("-period_start", "pk")
    )


def workplans_of(user):
    """The workplan obligations of the centres `user` is a contact of (the portal's list)."""
    return list(
        Obligation.objects.filter(
            request__kind=RequestKind.WORKPLAN, centre__in=centres_for_user(user)
        )
        .select_related("request__decision", "centre")
        .order_by("centre__name", "request__period_start", "pk")
    )


def contributions_between(start, end):
    """Return the contributions whose period overlaps `start`-`end` (dates, inclusive), with
    their donors and the centres they list; those without a period are left out."""
    return list(
        Contribution.objects.filter(period_start__lte=end, period_end__gte=start)
        .select_related("donor_party")
        .prefetch_related("centres")
        .order_by("period_start", "donor_party__name", "donor_name", "pk")
    )


def contributions_for_readers():
    """Every contribution, newest first, with what the support page shows."""
    return list(
        Contribution.objects.select_related("donor_party")
        .prefetch_related("centres", "activities", "meetings")
        .order_by("-period_start", "donor_party__name", "donor_name", "pk")
    )
