"""Data that belongs to the pages spanning apps, one module per topic, re-exported here."""

from .calendar import CalendarToken, new_token
from .cop_note import CopNote

__all__ = ["CalendarToken", "CopNote", "new_token"]
