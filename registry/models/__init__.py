"""Data that belongs to the pages spanning apps, one module per topic, re-exported here."""

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
    "ONLINE_KINDS",
    "BudgetLine",
    "CalendarToken",
    "CopNote",
    "Contribution",
    "Mandate",
    "MandateOutput",
    "MandateState",
    "Meeting",
    "MeetingKind",
    "new_token",
]
