"""Data that belongs to the pages spanning apps, one module per topic, re-exported here."""

from .api_tokens import (
    API_TOKEN_PREFIX,
    ApiToken,
    ApiTokenQuerySet,
    api_token_digest,
    new_api_token_secret,
)
from .calendar import CalendarToken, new_token

__all__ = [
    "API_TOKEN_PREFIX",
    "ApiToken",
    "ApiTokenQuerySet",
    "CalendarToken",
    "api_token_digest",
    "new_api_token_secret",
    "new_token",
]
