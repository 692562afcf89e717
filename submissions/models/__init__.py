"""What is owed and what came in: decisions, requests, obligations, submissions, extensions.

One module per aggregate; everything is re-exported here, so `from submissions.models import X`
keeps working (migrations refer to `submissions.models.version_file_upload_to`,
`submissions.models.validate_days_before` and the reminder policy's `default_*`).
"""

from .deadlines import (
    DeadlineCheck,
    Digest,
    RegionBureauContact,
    ReminderPolicy,
    ReminderStep,
    ReminderStepKind,
    default_days_before,
    default_escalate_after_days,
    default_overdue_every_days,
    default_overdue_reminders,
    parse_days,
    validate_days_before,
)
from .obligations import (
    RECEIVED,
    SUBMITTED,
    Obligation,
    ObligationQuerySet,
    ObligationStatus,
    deadline_for,
    end_of_day,
    secretariat_tz,
    status_for,
)
from .requests import PERIOD_YEARS, Decision, Request, RequestKind, RequestMode
from .versions import (
    Extension,
    ReceivedThrough,
    ReviewStatus,
    Submission,
    SubmissionFile,
    SubmissionVersion,
    version_file_upload_to,
)

__all__ = [
    "DeadlineCheck",
    "Decision",
    "Digest",
    "Extension",
    "Obligation",
    "ObligationQuerySet",
    "ObligationStatus",
    "PERIOD_YEARS",
    "RECEIVED",
    "ReceivedThrough",
    "RegionBureauContact",
    "ReminderPolicy",
    "ReminderStep",
    "ReminderStepKind",
    "Request",
    "RequestKind",
    "RequestMode",
    "ReviewStatus",
    "SUBMITTED",
    "Submission",
    "SubmissionFile",
    "SubmissionVersion",
    "deadline_for",
    "default_days_before",
    "default_escalate_after_days",
    "default_overdue_every_days",
    "default_overdue_reminders",
    "end_of_day",
    "parse_days",
    "secretariat_tz",
    "status_for",
    "validate_days_before",
    "version_file_upload_to",
]
