"""How centres performed: methodologies as data, cycles, evaluations, scores, activities.

One module per aggregate; everything is re-exported here, so `from evaluations.models import X`
keeps working.
"""

from .activities import (
    ACTIVITY_ENDS_BEFORE_START,
    FEEDBACK_TOPICS,
    Activity,
    ActivityKind,
    ActivityQuerySet,
    PartyFeedback,
)
from .cycles import (
    CYCLE_CANNOT_REOPEN,
    CYCLE_METHODOLOGY_FIXED,
    CYCLE_PERIOD_ORDER,
    LOCKING_STATUSES,
    CycleStatus,
    EvaluationCycle,
)
from .evaluations import (
    EVIDENCE_NOT_OF_CENTRE,
    LEVEL_NOT_OF_PART,
    PART_NOT_OF_METHODOLOGY,
    CentreComment,
    Evaluation,
    Evidence,
    Outcome,
    Score,
)
from .methodologies import (
    CRITERIA_ABOVE_METHODOLOGY_MAX,
    LEVEL_ABOVE_CRITERION_MAX,
    METHODOLOGY_LOCKED,
    PARTS_ABOVE_CRITERION_MAX,
    Criterion,
    CriterionPart,
    Level,
    Methodology,
    MethodologyQuerySet,
    SuggestFrom,
)

__all__ = [
    "ACTIVITY_ENDS_BEFORE_START",
    "Activity",
    "ActivityKind",
    "ActivityQuerySet",
    "CRITERIA_ABOVE_METHODOLOGY_MAX",
    "CYCLE_CANNOT_REOPEN",
    "CYCLE_METHODOLOGY_FIXED",
    "CYCLE_PERIOD_ORDER",
    "CentreComment",
    "Criterion",
    "CriterionPart",
    "CycleStatus",
    "EVIDENCE_NOT_OF_CENTRE",
    "Evaluation",
    "EvaluationCycle",
    "Evidence",
    "FEEDBACK_TOPICS",
    "LEVEL_ABOVE_CRITERION_MAX",
    "LEVEL_NOT_OF_PART",
    "LOCKING_STATUSES",
    "Level",
    "METHODOLOGY_LOCKED",
    "Methodology",
    "MethodologyQuerySet",
    "Outcome",
    "PARTS_ABOVE_CRITERION_MAX",
    "PART_NOT_OF_METHODOLOGY",
    "PartyFeedback",
    "Score",
    "SuggestFrom",
]
