"""Query parameters shared by the operations: the "as at" instant."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from registry.dashboard.filters import parse_bounded_as_at

from .problems import BadRequest

AS_AT_HELP = _(
    "A date (YYYY-MM-DD: the end of that day in Geneva) or an ISO 8601 instant with its offset. "
    "Default: now."
)


class AsAtQuery(Schema):
    as_at: str | None = Field(None, max_length=64, description=str(AS_AT_HELP))


def as_at_of(query):
    """Return (instant, now): the instant asked for, and whether it is the time of the call."""
    raw = (query.as_at or "").strip()
    if not raw:
        return timezone.now(), True
    try:
        return parse_bounded_as_at(raw), False
    except ValueError as exc:
        raise BadRequest(str(exc)) from None
