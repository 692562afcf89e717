"""The data stamp: one database row that every write to the registry's records changes.

Counted answers (the dashboards) are cached under the stamp's token; a write bumps it in the
writing transaction, so a reader on any host or process that sees the new data also sees the
new token and never reads an answer counted before the write. Writes through the ORM bump it
by signal (`registry.apps`); bulk writes, which send no signals, call `stamp_bump` themselves.
"""

import uuid

from django.db.models import F
from django.utils import timezone

STAMP_PK = 1


def _new_token():
    return uuid.uuid4().hex


def stamp_bump():
    """Change the stamp (inside the caller's transaction, if any)."""
    from .models import DataStamp

    changed = DataStamp.objects.filter(pk=STAMP_PK).update(
        version=F("version") + 1, token=_new_token(), changed_at=timezone.now()
    )
    if not changed:  # no row yet (a database built without the migration's row)
        DataStamp.objects.bulk_create(
            [DataStamp(pk=STAMP_PK, version=1, token=_new_token())], ignore_conflicts=True
        )


def stamp_token():
    """Return the stamp's current token (one query); a fresh row is made when there is none."""
    from .models import DataStamp

    token = DataStamp.objects.filter(pk=STAMP_PK).values_list("token", flat=True).first()
    if token is None:
        stamp_bump()
        token = DataStamp.objects.filter(pk=STAMP_PK).values_list("token", flat=True).first()
    return token
