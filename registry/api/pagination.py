"""Cursor pagination in a stable order (by id): the cursor names the last row of the page before,
so a row written between two pages neither repeats nor shifts the rest."""

import base64
import binascii
import re

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema

from .problems import BadRequest

BAD_CURSOR = _("This cursor is not one the API gave: follow the `next` link of a page.")
CURSOR = re.compile(r"\Aafter:([1-9][0-9]{0,18})\Z", re.ASCII)
# Ids are 64-bit signed integers in every table.
MAX_ID = 2**63 - 1
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
CURSOR_PATTERN = r"^[A-Za-z0-9_=-]{1,40}$"


class PageQuery(Schema):
    cursor: str | None = Field(
        None, max_length=40, pattern=CURSOR_PATTERN, description=str(_("The `next` of a page."))
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=str(_("Rows per page.")))


def encode_cursor(last_id):
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode()


def decode_cursor(cursor):
    """Return the id after which the page starts (0 for the first page)."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except (binascii.Error, UnicodeError, ValueError):
        raise BadRequest(str(BAD_CURSOR)) from None
    match = CURSOR.match(text)
    if match is None or int(match[1]) > MAX_ID:
        raise BadRequest(str(BAD_CURSOR))
    return int(match[1])


def paginate(request, queryset, page, *, pinned=None):
    """Return (rows, next URL or None): `page.limit` rows of `queryset` after the cursor, by id.

    `pinned` ({name: value}) is written into the next link, e.g. the instant "now" was on the
    first page, so that every page answers as at the same instant.
    """
    after = decode_cursor(page.cursor)
    rows = list(queryset.filter(pk__gt=after).order_by("pk")[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    if not more:
        return rows, None
    query: QueryDict = request.GET.copy()
    for name, value in (pinned or {}).items():
        query[name] = value
    query["cursor"] = encode_cursor(rows[-1].pk)
    return rows, request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
