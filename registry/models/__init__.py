"""Data that belongs to the pages spanning apps, one module per topic, re-exported here."""

from .calendar import CalendarToken, new_token

__all__ = ["CalendarToken", "new_token"]
