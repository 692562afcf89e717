"""The data stamp: one database row that every write to the registry's records changes.

Counted answers (the dashboards) are cached under the stamp's token; a write bumps it in the
writing transaction, so a reader on any host or process that sees the new data also sees the
new token and never reads an answer counted before the write. Writes through the ORM bump it
by signal (`registry.apps`); bulk writes, which send no signals, call `stamp_bump` themselves.
"""

import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

STAMP_PK = 1


def _new_token():
    return uuid.uuid4().hex


def stamp_bump():
    """Change the stamp once the caller's transaction commits (at once outside one).

    After the commit, not inside the transaction: a bump inside would hold the stamp's row lock
    until commit, serialising every write and deadlocking two transactions that touch the same
    rows in turn. A reader between the commit and the bump may see the previous answer for that
    instant only; an answer counted from the new data is never filed under a later token.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        func is _bump_now for _sids, func, _robust in connection.run_on_commit
    ):
        return  # one bump per transaction is enough
    transaction.on_commit(_bump_now)


def _bump_now():
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
        _bump_now()  # at once: the reader needs a row now, not after its transaction
        token = DataStamp.objects.filter(pk=STAMP_PK).values_list("token", flat=True).first()
    return token
