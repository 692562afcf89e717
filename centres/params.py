"""Validated converters for query parameters: a value is understood exactly, or refused.

`str.isdigit()` lets Unicode digits through ("²" passes it, then `int()` fails) and a date without
bounds overflows time-zone arithmetic (year 9999), so every page reads ids and days from a query
through these, and answers a `BadParameter` with a 400 and its message. In `centres`, the lowest
domain app, so that the portal, the evaluations and the dashboards share them.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The largest value of a 32-bit signed integer column: no row has a larger id.
MAX_ID = 2**31 - 1
ISO_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z", re.ASCII)

BAD_CENTRE = _("Unknown centre: give the centre by its number.")
BAD_DAY = _("Give the date as YYYY-MM-DD.")
DAY_OUT_OF_RANGE = _("Give a date from %(earliest)s to %(latest)s.")


class BadParameter(ValueError):
    """A query parameter that cannot be understood; its message says what is expected."""


def parse_id(raw, *, message):
    """Return the id written in `raw` (ASCII digits, 1 to MAX_ID), or None when it is blank.

    Raise BadParameter(`message`) for anything else.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > len(str(MAX_ID)):
        raise BadParameter(str(message))
    value = int(raw)
    if not 1 <= value <= MAX_ID:
        raise BadParameter(str(message))
    return value


def day_range():
    """Return (earliest, latest): the days a date read from a query may name.

    From `REGISTRY_EARLIEST_DATE` to the end of the year `REGISTRY_YEARS_AHEAD` years from now.
    """
    earliest = dt.date.fromisoformat(str(settings.REGISTRY_EARLIEST_DATE))
    today = timezone.localtime(timezone.now(), ZoneInfo(settings.REGISTRY_TIME_ZONE)).date()
    return earliest, dt.date(today.year + settings.REGISTRY_YEARS_AHEAD, 12, 31)


def check_day(day):
    """Return `day` when it lies in `day_range()`; raise BadParameter otherwise."""
    earliest, latest = day_range()
    if not earliest <= day <= latest:
        raise BadParameter(
            str(DAY_OUT_OF_RANGE % {"earliest": earliest.isoformat(), "latest": latest.isoformat()})
        )
    return day


def parse_day(raw, *, message=BAD_DAY):
    """Return the date written as YYYY-MM-DD in `raw`, within `day_range()`; None when blank.

    Raise BadParameter with `message` for a malformed date, with the range for a far one.
    """
    raw = (raw or "").strip()
    if not raw:
        return None
    if not ISO_DAY.match(raw):
        raise BadParameter(str(message))
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise BadParameter(str(message)) from None
    return check_day(day)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an id no row can have before it asks the database:
    an `id IN (...)` query with an integer beyond the column's range fails (OverflowError on
    SQLite, DataError on PostgreSQL) instead of finding nothing."""

    def clean(self, value):
        if self.to_field_name is None and isinstance(value, (list, tuple)):
            for item in value:
                try:
                    parse_id(str(item), message="")
                except BadParameter:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    ) from None
        return super().clean(value)
