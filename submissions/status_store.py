"""The obligations' stored status: stamped by the writes and the deadlines scan, by the rule.

Healthchecks' shape (`Check.status` with `alert_after`): each obligation stores its status as at
an instant (`status_valid_from`) and the first later instant at which it may change while its
records stay as they are (`status_valid_until`, `status.status_valid_until`). The status itself
is always computed by the one rule (`status.with_status`); this module only writes it down:
- every write that changes an input of the rule (a version received or removed, a waiver, an
  extension granted or changed, a request's due date or mode) re-stamps its obligations, in its
  own transaction (`submissions.signals`, so that every door does);
- the deadlines scan re-stamps the obligations whose stamp ran out
  (`obligations_status_restamp`), and those never stamped (bulk inserts).
A reader counting "as at now" takes the stored status where `status_valid_from <= now <
status_valid_until` and computes the others (`selectors.status_counts`): a stamp that is late
or missing costs time, never a wrong count.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from .reminder_sql import chunks
from .status import status_valid_until, with_status

BATCH = 5000


def stamp_rows(obligation_model, extension_model, ids, now):
    """Stamp the obligations `ids` (of `obligation_model`) with their status as at `now`.

    The models are parameters so that a migration can pass its historical ones. Two queries
    per batch of ids.
    """
    stamped = 0
    for batch in chunks(ids, BATCH):
        later_extension = (
            extension_model.objects.filter(
                obligation=OuterRef("pk"), status="granted", decided_at__gt=now
            )
            .order_by("decided_at")
            .values("decided_at")[:1]
        )
        rows = (
            with_status(obligation_model.objects.filter(pk__in=batch), now)
            .annotate(later_extension_at=Subquery(later_extension))
            .order_by()
            .values_list(
                "pk",
                "status",
                "effective_due_date",
                "first_receipt_at",
                "waived_at",
                "later_extension_at",
            )
        )
        groups = defaultdict(list)
        for pk, status, due, received, waived, extended in rows:
            until = status_valid_until(
                now=now, effective_due_date=due, later_facts=(received, waived, extended)
            )
            groups[(status, until)].append(pk)
        if not groups:
            continue
        # One statement per batch, whatever the number of distinct stamps in it.
        stamped += obligation_model.objects.filter(pk__in=batch).update(
            stored_status=Case(
                *(When(pk__in=pks, then=Value(status)) for (status, _u), pks in groups.items()),
                output_field=CharField(),
            ),
            status_valid_from=now,
            status_valid_until=Case(
                *(When(pk__in=pks, then=Value(until)) for (_s, until), pks in groups.items()),
                output_field=DateTimeField(),
            ),
        )
    return stamped


def obligations_status_refresh(*, obligations, now=None, skip_locked=False):
    """Stamp `obligations` (a queryset) with their status as at `now` (default: the clock).

    Their rows are locked first, in id order, so that a stamp never overwrites one computed
    from newer records; `skip_locked` leaves the rows a writer holds to that writer (the scan).
    Return the number stamped.
    """
    from .models import Extension, Obligation

    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            obligations.order_by("pk")
            .select_for_update(of=("self",), skip_locked=skip_locked)
            .values_list("pk", flat=True)
        )
        return stamp_rows(Obligation, Extension, ids, now)


def stamp_holds(as_at):
    """A condition on obligations: the stored status is their status as at `as_at`."""
    return Q(status_valid_from__lte=as_at, status_valid_until__gt=as_at)


def with_stored_status(obligations, as_at):
    """Annotate `with_status`'s fields on `obligations` and `status_now`: the stored status
    where its stamp holds at `as_at`, the rule's `status` elsewhere (the same answer).

    For a page that filters or orders a whole network by status: the database evaluates the
    rule only for the rows whose stamp does not hold (a CASE stops at its first true branch).
    """
    return with_status(obligations, as_at).annotate(
        status_now=Case(
            When(stamp_holds(as_at), then=F("stored_status")),
            default=F("status"),
            output_field=CharField(),
        )
    )


def stored_statuses(obligations, as_at, *fields):
    """Return [(*fields, status)] of `obligations` as at `as_at`: the stored status where its
    stamp holds (`stamp_holds`), the rule's (`with_status`) for the others,
    in a second query only when there are any.

    For a page that reads a few obligations and is mostly read just after a write: the rule's
    SQL, costly to build and to run, is then neither compiled nor run while every stamp holds.
    """
    rows = obligations.annotate(
        held=Case(When(stamp_holds(as_at), then=F("stored_status")), output_field=CharField())
    ).values_list("pk", *fields, "held")
    statuses = {}
    values = {}
    stale = []
    for pk, *row, held in rows:
        values[pk] = row
        if held is None:
            stale.append(pk)
        else:
            statuses[pk] = held
    if stale:
        statuses.update(
            with_status(obligations.model.objects.filter(pk__in=stale), as_at).values_list(
                "pk", "status"
            )
        )
    return [(*row, statuses[pk]) for pk, row in values.items()]


def obligations_status_restamp(*, now=None):
    """Re-stamp the obligations whose stamp does not hold at `now`: the deadlines scan's part.

    Rows a writer holds are skipped (that writer stamps them). Return the number stamped.
    """
    from .models import Obligation

    now = now or timezone.now()
    return obligations_status_refresh(
        obligations=Obligation.objects.filter(
            Q(status_valid_until__isnull=True) | Q(status_valid_until__lte=now)
        ),
        now=now,
        skip_locked=True,
    )
