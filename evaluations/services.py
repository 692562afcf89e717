"""Writes: new methodology versions, cycles and their evaluations, scores, comments, activities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Endorsement

from .models import (
    EVIDENCE_NOT_OF_CENTRE,
    LEVEL_NOT_OF_PART,
    LOCKING_STATUSES,
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
    Score,
)

CYCLE_NOT_OPEN = _("This cycle is closed: its evaluations can no longer change.")
TOTAL_ABOVE_MAX = _("The total (%(total)s) would be above the maximum (%(max)s).")
NOT_OPEN_FOR_COMMENTS = _("This evaluation is not open for comments.")
EMPTY_COMMENT = _("Write a comment.")
BAD_TRANSITION = _("A cycle goes from open to closed, then to published.")
PUBLISH_INCOMPLETE_NOT_ACKNOWLEDGED = _(
    "The methodology of this cycle is incomplete. Publish it only by confirming that its scores "
    "will be shown with the incompleteness stated."
)

TRANSITIONS = {
    CycleStatus.OPEN: {CycleStatus.CLOSED},
    CycleStatus.CLOSED: {CycleStatus.PUBLISHED},
    CycleStatus.PUBLISHED: set(),
}


@transaction.atomic
def methodology_new_version(*, methodology, name=None):
    """Copy `methodology` with its criteria, parts and levels as the next version of its name.

    The copy is never locked, so staff can revise it and use it for the next cycle.
    """
    name = name or methodology.name
    last = Methodology.objects.filter(name=name).aggregate(v=Max("version"))["v"] or 0
    copy = Methodology.objects.create(
        name=name,
        decision=methodology.decision,
        version=last + 1,
        previous_version=methodology,
        max_total=methodology.max_total,
        notes=methodology.notes,
    )
    criteria = methodology.criteria.prefetch_related("parts__levels")
    for criterion in criteria:
        new_criterion = Criterion.objects.create(
            methodology=copy,
            code=criterion.code,
            name=criterion.name,
            guidance=criterion.guidance,
            sources=criterion.sources,
            max_points=criterion.max_points,
            position=criterion.position,
        )
        for part in criterion.parts.all():
            new_part = CriterionPart.objects.create(
                criterion=new_criterion,
                name=part.name,
                position=part.position,
                suggest_from=part.suggest_from,
            )
            Level.objects.bulk_create(
                [
                    Level(
                        part=new_part,
                        points=level.points,
                        descriptor=level.descriptor,
                        count_from=level.count_from,
                        count_to=level.count_to,
                    )
                    for level in part.levels.all()
                ]
            )
    return copy


def centres_in_scope(cycle):
    """Centres of the cycle's convention endorsed at some time during its period."""
    endorsed = Endorsement.objects.filter(
        convention=cycle.convention,
        endorsed_on__lte=cycle.period_end,
    ).filter(Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=cycle.period_start))
    return (
        Centre.objects.serving(cycle.convention)
        .filter(pk__in=endorsed.values("centre_id"))
        .exclude(ceased_on__lt=cycle.period_start)
    )


@transaction.atomic
def cycle_populate(*, cycle, centres=None):
    """Start an evaluation for each centre in scope (or in `centres`) that has none yet.

    Return the number of evaluations created.
    """
    if not cycle.is_open:
        raise ValidationError(CYCLE_NOT_OPEN)
    centres = centres_in_scope(cycle) if centres is None else centres
    have = set(cycle.evaluations.values_list("centre_id", flat=True))
    new = [
        Evaluation(cycle=cycle, centre=centre, max_total=cycle.methodology.max_total)
        for centre in centres
        if centre.pk not in have
    ]
    Evaluation.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@transaction.atomic
def cycle_set_status(*, cycle, status, acknowledge_incomplete=False, by=None, now=None):
    """Move `cycle` to `status` (open -> closed -> published); closing locks its methodology.

    A cycle whose methodology is incomplete is published only with `acknowledge_incomplete`
    (staff `by` confirm it): its scores are then shown everywhere with the incompleteness stated.
    """
    cycle = EvaluationCycle.objects.select_for_update().get(pk=cycle.pk)
    if status not in TRANSITIONS[CycleStatus(cycle.status)]:
        raise ValidationError(BAD_TRANSITION)
    fields = ["status"]
    if status == CycleStatus.PUBLISHED:
        methodology = Methodology.objects.prefetch_related("criteria__parts__levels").get(
            pk=cycle.methodology_id
        )
        if not methodology.is_complete:
            if not acknowledge_incomplete:
                raise ValidationError(
                    {"acknowledge_incomplete": PUBLISH_INCOMPLETE_NOT_ACKNOWLEDGED},
                )
            cycle.incomplete_acknowledged_by = by
            cycle.incomplete_acknowledged_at = now or timezone.now()
            fields += ["incomplete_acknowledged_by", "incomplete_acknowledged_at"]
    cycle.status = status
    cycle.save(update_fields=fields)
    return cycle


def total_for(levels):
    """Return the sum of the points of the chosen `levels` (None for a part left blank)."""
    return sum(level.points for level in levels if level is not None)


@transaction.atomic
def evaluation_score(
    *,
    evaluation,
    levels,
    outcome=None,
    evaluator_comments=None,
    open_for_comments=None,
    evidence=None,
):
    """Record the chosen level of each part and keep the evaluation's total and maximum in step.

    `levels` maps each `CriterionPart` to a `Level` or None (clears that part);
    `evidence` (optional) maps each `Criterion` to the submission versions that support it.
    """
    evaluation = (
        Evaluation.objects.select_for_update()
        .select_related("cycle__methodology")
        .get(pk=evaluation.pk)
    )
    if evaluation.cycle.status in LOCKING_STATUSES:
        raise ValidationError(CYCLE_NOT_OPEN)
    methodology_id = evaluation.cycle.methodology_id
    for part, level in levels.items():
        if part.criterion.methodology_id != methodology_id:
            raise ValidationError(LEVEL_NOT_OF_PART)
        if level is not None and level.part_id != part.pk:
            raise ValidationError(LEVEL_NOT_OF_PART)

    # While the cycle is open its methodology may have been replaced by a new version:
    # scores and evidence of the old grid no longer count, and the maximum follows the new one.
    evaluation.scores.exclude(part__criterion__methodology_id=methodology_id).delete()
    evaluation.evidence.exclude(criterion__methodology_id=methodology_id).delete()
    evaluation.max_total = evaluation.cycle.methodology.max_total

    chosen = {s.part_id: s for s in evaluation.scores.all()}
    for part, level in levels.items():
        score = chosen.get(part.pk)
        if level is None:
            if score is not None:
                score.delete()
                del chosen[part.pk]
        elif score is None:
            chosen[part.pk] = Score.objects.create(evaluation=evaluation, part=part, level=level)
        elif score.level_id != level.pk:
            score.level = level
            score.save(update_fields=["level"])
    total = sum(
        Level.objects.filter(pk__in=[s.level_id for s in chosen.values()]).values_list(
            "points", flat=True
        )
    )
    if total > evaluation.max_total:
        raise ValidationError(TOTAL_ABOVE_MAX % {"total": total, "max": evaluation.max_total})
    evaluation.total = total
    if outcome is not None:
        evaluation.outcome = outcome
    if evaluator_comments is not None:
        evaluation.evaluator_comments = evaluator_comments
    if open_for_comments is not None:
        evaluation.open_for_comments = open_for_comments
    evaluation.save()
    if evidence is not None:
        _evidence_set(evaluation=evaluation, evidence=evidence)
    return evaluation


def _evidence_set(*, evaluation, evidence):
    for criterion, versions in evidence.items():
        wanted = {v.pk: v for v in versions}
        for version in wanted.values():
            if version.submission.obligation.centre_id != evaluation.centre_id:
                raise ValidationError(EVIDENCE_NOT_OF_CENTRE)
        current = Evidence.objects.filter(evaluation=evaluation, criterion=criterion)
        current.exclude(version_id__in=wanted).delete()
        have = set(current.values_list("version_id", flat=True))
        Evidence.objects.bulk_create(
            [
                Evidence(evaluation=evaluation, criterion=criterion, version=v)
                for pk, v in wanted.items()
                if pk not in have
            ]
        )


def comment_create(*, evaluation, author, body):
    """Add the centre's comment to a draft evaluation that staff opened for comments."""
    if not evaluation.open_for_comments or not evaluation.cycle.is_open:
        raise ValidationError(NOT_OPEN_FOR_COMMENTS)
    body = (body or "").strip()
    if not body:
        raise ValidationError(EMPTY_COMMENT)
    return CentreComment.objects.create(evaluation=evaluation, author=author, body=body)


@transaction.atomic
def activity_save(*, activity, countries, entered_by=None):
    """Validate and save `activity` with the countries that benefited."""
    if activity.pk is None and entered_by is not None:
        activity.entered_by = entered_by
    activity.full_clean(exclude=["countries_benefited"])
    activity.save()
    activity.countries_benefited.set(countries)
    return activity


def activity_delete(*, activity):
    Activity.objects.filter(pk=activity.pk).delete()
