"""Reads for the evaluation pages and exports, with every related row fetched up front."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.utils.translation import gettext_lazy as _

from centres import params
from centres.access import centres_for_user
from centres.models import Centre
from submissions.models import SubmissionVersion

from .models import (
    Activity,
    CentreComment,
    Criterion,
    CriterionPart,
    CycleStatus,
    Evaluation,
    EvaluationCycle,
    Evidence,
    Level,
    Methodology,
    PartyFeedback,
    Score,
    SuggestFrom,
)

BAD_PERIOD = _("Give the period as two dates (YYYY-MM-DD), the first not after the second.")


def methodology_grid():
    """A queryset of methodologies with criteria, parts and levels prefetched."""
    return Methodology.objects.select_related("decision").prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "code")),
        Prefetch("criteria__parts", queryset=CriterionPart.objects.order_by("position", "pk")),
        Prefetch("criteria__parts__levels", queryset=Level.objects.order_by("points")),
    )


def cycles_for_user(user):
    """Cycles whose whole table `user` may read (`access.may_read_cycle`)."""
    return EvaluationCycle.objects.visible_to(user).select_related("methodology__decision")


def published_cycles():
    """Published cycles, newest first: what the bureau dashboards link to."""
    return EvaluationCycle.objects.filter(status=CycleStatus.PUBLISHED).order_by("-year")


def previous_cycle(cycle, viewer):
    """The latest earlier cycle of the same convention that `viewer` may read, or None."""
    return (
        EvaluationCycle.objects.visible_to(viewer)
        .filter(convention=cycle.convention, year__lt=cycle.year)
        .order_by("-year")
        .first()
    )


@dataclass
class CycleRow:
    evaluation: Evaluation
    points: dict  # criterion id -> points (None when no part of it is scored)
    previous: Evaluation | None
    change: float | None = None
    missing_parts: int = 0
    scored: bool = False  # at least one part scored; otherwise its 0 means "not yet"
    cells: list = field(default_factory=list)  # points in the order of the criteria


@dataclass
class CycleTable:
    cycle: EvaluationCycle
    methodology: Methodology
    criteria: list
    rows: list = field(default_factory=list)
    previous_cycle: EvaluationCycle | None = None


def cycle_table(cycle, *, viewer):
    """Every centre's points per criterion, total, percentage and outcome, beside its previous
    cycle's (`previous` is None where that cycle scored nothing for the centre), as `viewer` may
    read them: an earlier cycle they may not read is left out, not compared with.
    A fixed number of queries whatever the number of centres."""
    methodology = methodology_grid().get(pk=cycle.methodology_id)
    criteria = list(methodology.criteria.all())
    parts_of = {c.pk: [p.pk for p in c.parts.all()] for c in criteria}
    before = previous_cycle(cycle, viewer)
    evaluations = list(
        Evaluation.objects.visible_to(viewer)
        .filter(cycle=cycle)
        .select_related("centre__region", "centre__host_country")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.select_related("level")))
        .order_by("centre__name")
    )
    previous = {}
    if before is not None:
        previous = {
            e.centre_id: e
            for e in Evaluation.objects.filter(
                cycle=before, centre_id__in=[e.centre_id for e in evaluations]
            )
            .annotate(n_scores=Count("scores"))
            .filter(n_scores__gt=0)
        }
    table = CycleTable(
        cycle=cycle, methodology=methodology, criteria=criteria, previous_cycle=before
    )
    all_parts = sum(len(p) for p in parts_of.values())
    for evaluation in evaluations:
        by_part = {s.part_id: s.level.points for s in evaluation.scores.all()}
        points = {}
        for criterion in criteria:
            got = [by_part[p] for p in parts_of[criterion.pk] if p in by_part]
            points[criterion.pk] = sum(got) if got else None
        prior = previous.get(evaluation.centre_id)
        change = None
        if by_part and prior is not None and evaluation.max_total and prior.max_total:
            change = round(evaluation.percentage - prior.percentage, 1)
        table.rows.append(
            CycleRow(
                evaluation=evaluation,
                points=points,
                previous=prior,
                change=change,
                missing_parts=all_parts - len(by_part),
                scored=bool(by_part),
                cells=[points[c.pk] for c in criteria],
            )
        )
    return table


def evaluations_for_staff():
    return Evaluation.objects.select_related(
        "cycle__methodology", "centre__region", "centre__host_country"
    )


def all_centres():
    return Centre.objects.order_by("name")


def evaluations_for_director(user):
    """Evaluations of the user's own centres that they may read: published ones, and drafts
    that staff opened for comments (`access.may_read_evaluation`)."""
    return (
        Evaluation.objects.visible_to(user)
        .filter(centre__in=centres_for_user(user))
        .select_related("cycle", "centre")
        .order_by("-cycle__year", "centre__name")
    )


def centre_versions(centre):
    """The centre's submission versions, newest first, with what they answer."""
    return list(
        SubmissionVersion.objects.filter(submission__obligation__centre=centre)
        .select_related("submission__obligation__request__decision")
        .prefetch_related("files")
        .order_by("-received_at", "-pk")
    )


@dataclass
class Suggestion:
    part: CriterionPart
    count: int
    level: Level | None


def activity_counts(centre, start, end):
    """Return (number of activities, number of distinct Parties benefited) from start to end."""
    activities = Activity.objects.filter(centre=centre).within(start, end)
    count = activities.count()
    parties = (
        Activity.countries_benefited.through.objects.filter(activity__in=activities)
        .values("party_id")
        .distinct()
        .count()
    )
    return count, parties


def suggestions(evaluation, parts):
    """Suggest a level for each part scored from the centre's activities in the cycle's period."""
    wanted = [p for p in parts if p.suggest_from]
    if not wanted:
        return {}
    activities, parties = activity_counts(
        evaluation.centre, evaluation.cycle.period_start, evaluation.cycle.period_end
    )
    found = {}
    for part in wanted:
        count = activities if part.suggest_from == SuggestFrom.ACTIVITIES else parties
        found[part.pk] = Suggestion(part=part, count=count, level=part.level_for_count(count))
    return found


def scoring_context(evaluation):
    """Everything the scoring page shows beside the form."""
    methodology = methodology_grid().get(pk=evaluation.cycle.methodology_id)
    criteria = list(methodology.criteria.all())
    parts = [p for c in criteria for p in c.parts.all()]
    scores = {s.part_id: s for s in evaluation.scores.select_related("level")}
    evidence: dict = {}
    for item in Evidence.objects.filter(evaluation=evaluation).select_related(
        "version__submission__obligation__request__decision"
    ):
        evidence.setdefault(item.criterion_id, []).append(item.version)
    cycle = evaluation.cycle
    grid = [
        {
            "criterion": c,
            "evidence": evidence.get(c.pk, []),
            "parts": [(p, scores.get(p.pk)) for p in c.parts.all()],
        }
        for c in criteria
    ]
    return {
        "grid": grid,
        "methodology": methodology,
        "scores_caveat": methodology.incompleteness_statement(),
        "criteria": criteria,
        "parts": parts,
        "scores": scores,
        "evidence": evidence,
        "versions": centre_versions(evaluation.centre),
        "suggestions": suggestions(evaluation, parts),
        "activities": list(
            Activity.objects.filter(centre=evaluation.centre)
            .within(cycle.period_start, cycle.period_end)
            .prefetch_related("countries_benefited")
            .order_by("start_date", "pk")
        ),
        "feedback": list(
            PartyFeedback.objects.filter(cycle=cycle, centre=evaluation.centre).select_related(
                "party"
            )
        ),
        "comments": list(
            CentreComment.objects.filter(evaluation=evaluation).select_related("author")
        ),
    }


def activities_for_user(user):
    """Activities `user` may see: all for staff, their centres' for a director."""
    qs = Activity.objects.select_related("centre").prefetch_related("countries_benefited")
    if user.is_staff:
        return qs
    return qs.filter(centre__in=centres_for_user(user))


def mercury_activities(start, end):
    """Mercury-related activities of every centre that took place from `start` to `end`."""
    return (
        Activity.objects.filter(mercury_related=True)
        .within(start, end)
        .select_related("centre__region", "report__submission__obligation__request__decision")
        .prefetch_related("countries_benefited")
        .order_by("centre__name", "start_date", "pk")
    )


def parse_period(start, end, default):
    """Return (start, end) dates from query strings, or `default` when both are blank.

    Raise ValueError (`centres.params.BadParameter`) with a readable message otherwise: each
    date as YYYY-MM-DD within `params.day_range()`, the first not after the second.
    """
    if not (start or "").strip() and not (end or "").strip():
        return default
    first = params.parse_day(start, message=BAD_PERIOD)
    last = params.parse_day(end, message=BAD_PERIOD)
    if first is None or last is None or first > last:
        raise params.BadParameter(str(BAD_PERIOD))
    return first, last
