"""Data that belongs to the pages spanning apps, one module per topic, re-exported here."""

from .api_tokens import (
    API_TOKEN_PREFIX,
    ApiToken,
    ApiTokenQuerySet,
    api_token_digest,
    new_api_token_secret,
)
from .calendar import CalendarToken, new_token
from .cop_note import CopNote
from .secretariat import (
    ONLINE_KINDS,
    BudgetLine,
    Contribution,
    Mandate,
    MandateOutput,
    MandateState,
    Meeting,
    MeetingKind,
)

__all__ = [
    "API_TOKEN_PREFIX",
    "ONLINE_KINDS",
    "ApiToken",
    "ApiTokenQuerySet",
    "BudgetLine",
    "CalendarToken",
    "CopNote",
    "Contribution",
    "Mandate",
    "MandateOutput",
    "MandateState",
    "Meeting",
    "MeetingKind",
    "api_token_digest",
    "new_api_token_secret",
    "new_token",
]
