"""The data stamp: one database row that changes after every write to the registry's records.

Counted answers (the dashboards) are cached under the stamp's token. A write bumps it once its
transaction has committed (`transaction.on_commit`), so an answer counted from the new data is
never filed under the old token. What this guarantees, and what it does not: between the commit
and the bump a reader may still get the answer cached before the write; and a process that dies
between COMMIT and the bump leaves cached answers stale until the cache's timeout. Writes
through the ORM bump it by signal (`registry.apps`); bulk writes, which send no signals, call
`stamp_bump` themselves.
"""

import threading
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import timezone

STAMP_PK = 1

# Bumps asked for in this thread and not yet made. Every call registers a commit callback;
# the first callback to run after a commit bumps once for all of them and the others find
# nothing left to do. A rolled-back transaction leaves its request behind, which only makes
# the next commit's bump certain.
_pending = threading.local()


def _new_token():
    return uuid.uuid4().hex


def stamp_bump():
    """Change the stamp once the caller's transaction commits (at once outside one).

    After the commit, not inside the transaction: a bump inside would hold the stamp's row lock
    until commit, serialising every write and deadlocking two transactions that touch the same
    rows in turn.
    """
    _pending.requested = True
    transaction.on_commit(_bump_if_requested)


def _bump_if_requested():
    if getattr(_pending, "requested", False):
        _pending.requested = False
        _bump_now()


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
