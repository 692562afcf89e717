"""Gaps of a centre's action plan drawn in one step from the evaluation's records: a Party's
feedback ("gaps identified") or a criterion's score (`submissions.action_plans.gap_create`)."""

from django.utils.translation import gettext as _

from submissions.action_plans import gap_create
from submissions.models import GapSource

TITLE_LENGTH = 120


def _first_line(text):
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1] + "…"


def gap_from_feedback(*, feedback, created_by):
    """Record the gaps a Party identified in its feedback as a gap of the centre (once).

    Return the gap, or None when the feedback names no gap.
    """
    if not feedback.gaps.strip():
        return None
    return gap_create(
        centre=feedback.centre,
        title=_first_line(feedback.gaps),
        description=feedback.gaps,
        source=GapSource.PARTY_FEEDBACK,
        source_record=feedback,
        source_detail=_("Feedback from %(party)s, evaluation cycle %(cycle)s")
        % {"party": feedback.party, "cycle": feedback.cycle},
        identified_on=feedback.received_on,
        created_by=created_by,
    )


def gap_from_score(*, score, created_by):
    """Record a criterion part scored below its maximum as a gap of the evaluated centre (once).

    Return the gap, or None when the score is the part's maximum.
    """
    part = score.part
    if score.level.points >= part.max_points:
        return None
    evaluation = score.evaluation
    return gap_create(
        centre=evaluation.centre,
        title=_first_line(str(part)),
        source=GapSource.EVALUATION,
        source_record=score,
        source_detail=_("%(cycle)s: %(points)s of %(max)s points (%(level)s)")
        % {
            "cycle": evaluation.cycle,
            "points": score.level.points,
            "max": part.max_points,
            "level": score.level,
        },
        created_by=created_by,
    )
