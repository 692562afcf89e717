"""The deadlines engine: reminders, late flags and weekly digests, each sent exactly once.

How "exactly once" holds, whatever runs twice at the same moment:
- A scan claims a step by inserting it into the `ReminderStep` ledger with
  `ON CONFLICT DO NOTHING RETURNING`: the unique key (obligation, step) lets one inserter win,
  and only the winner queues the emails (rows of `outbox.EmailLog`), in the same transaction;
  their `once_key` names the step, and (once_key, recipient) is unique in the outbox.
- A late flag is claimed by `UPDATE ... SET overdue_flagged_at WHERE overdue_flagged_at IS NULL`.
- Sending is the outbox's: claimed, leased, retried, and re-enqueued by `emails_resume` when a
  task was lost. Reminders are rendered when sent (`email_render`) and dropped if the obligation
  was submitted or waived meanwhile (`reminder_check`); both are hooks registered in
  `SubmissionsConfig.ready`.
Nothing is scheduled ahead: each obligation's next check is a stored, indexed instant that the
periodic scan reads.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from centres.models import Contact
from outbox.models import EmailKind, EmailLog
from outbox.services import emails_enqueue, emails_resume

from .models import (
    DeadlineCheck,
    Digest,
    Obligation,
    RegionBureauContact,
    ReminderStep,
    ReminderStepKind,
    RequestMode,
)
from .reminder_plan import (
    Step,
    obligation_plan,
    policies_by_kind,
    recheck_interval,
    stale_after,
)
from .status import local_date

LATE_FLAG_STEP = "late"
# A next check long past: the next scan, whenever it runs, looks at the row.
CHECK_AT_ONCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
BATCH = 1000


# Declared in registry/settings/base.py; read when used, so tests can override it.
def secretariat_email():
    return settings.REGISTRY_SECRETARIAT_EMAIL


# --- The scan ---


@dataclass
class ScanResult:
    as_at: dt.datetime
    checked: int = 0
    flagged: int = 0
    steps: dict = field(default_factory=lambda: defaultdict(int))
    emails: list = field(default_factory=list)
    resumed: int = 0

    def summary(self):
        steps = ", ".join(f"{k}: {v}" for k, v in sorted(self.steps.items())) or "none"
        return (
            f"As at {self.as_at.isoformat()}: checked {self.checked} obligations, "
            f"flagged {self.flagged} as overdue, claimed steps ({steps}), "
            f"queued {len(self.emails)} emails, re-queued {self.resumed} stalled emails."
        )


def _chunks(items, size=BATCH):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def _postgres():
    return connection.vendor == "postgresql"


UNIT_SEPARATOR = "\x1f"
NULL_MARK = "\\N"


def _pg_array(values, sql_type):
    """Return (SQL, params) of a PostgreSQL array built from one text parameter.

    Sending 100,000 values as one delimited string is far cheaper than binding a list.
    """
    values = list(values)
    # A trailing separator, sliced off, keeps a lone empty string from becoming no element.
    text = "".join(f"{NULL_MARK if v is None else v}{UNIT_SEPARATOR}" for v in values)
    return (
        f"((string_to_array(%s, %s, %s))[1:%s])::{sql_type}[]",
        [text, UNIT_SEPARATOR, NULL_MARK, len(values)],
    )


def _pg_unnest(columns):
    """Return (SQL, params) of `unnest(array, ...)` for [(values, sql type), ...]."""
    parts, params = [], []
    for values, sql_type in columns:
        sql, p = _pg_array(values, sql_type)
        parts.append(sql)
        params += p
    return f"unnest({', '.join(parts)})", params


def _claim_steps(rows, now):
    """Insert ledger rows; return {(obligation_id, step key): ledger id} for the ones inserted.

    Rows another scan already inserted are skipped by the unique key, never duplicated.
    One statement on PostgreSQL, one per batch elsewhere.
    """
    table = ReminderStep._meta.db_table
    won = {}
    if not rows:
        return won
    with connection.cursor() as cursor:
        if _postgres():
            source, params = _pg_unnest(
                [
                    ([pk for pk, _s in rows], "bigint"),
                    ([s.key for _pk, s in rows], "text"),
                    ([s.kind for _pk, s in rows], "text"),
                    ([s.due_date for _pk, s in rows], "date"),
                    ([s.offset_days for _pk, s in rows], "smallint"),
                ]
            )
            cursor.execute(
                f"INSERT INTO {table} (obligation_id, step, kind, due_date, offset_days, "
                f"created_at) SELECT o, s, k, d, n, %s FROM {source} AS v(o, s, k, d, n) "
                f"ON CONFLICT (obligation_id, step) DO NOTHING RETURNING id, obligation_id, step",
                [now, *params],
            )
            return {(obligation_id, key): pk for pk, obligation_id, key in cursor.fetchall()}
        created = _db_datetime(now)
        for chunk in _chunks(rows):
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = []
            for obligation_id, step in chunk:
                params += [
                    obligation_id,
                    step.key,
                    step.kind,
                    step.due_date,
                    step.offset_days,
                    created,
                ]
            cursor.execute(
                f"INSERT INTO {table} (obligation_id, step, kind, due_date, offset_days, "
                f"created_at) VALUES {values} ON CONFLICT (obligation_id, step) DO NOTHING "
                f"RETURNING id, obligation_id, step",
                params,
            )
            for pk, obligation_id, key in cursor.fetchall():
                won[(obligation_id, key)] = pk
    return won


def _store_checks(rows, now):
    """Store each obligation's next check and claim its late flag; return the ids flagged.

    `rows` are (id, next check, flag wanted). An upsert into `DeadlineCheck`: the flag keeps
    its first value (COALESCE), so only the statement that set it sees its own instant come
    back; a concurrent scan blocks on the row and then finds it set. One statement on
    PostgreSQL, one per batch elsewhere.
    """
    table = DeadlineCheck._meta.db_table
    won = set()
    if not rows:
        return won
    upsert = (
        f"ON CONFLICT (obligation_id) DO UPDATE SET next_check_at = excluded.next_check_at, "
        f"overdue_flagged_at = COALESCE({table}.overdue_flagged_at, "
        f"excluded.overdue_flagged_at) RETURNING obligation_id, overdue_flagged_at = %s"
    )
    with connection.cursor() as cursor:
        if _postgres():
            source, params = _pg_unnest(
                [
                    ([pk for pk, _at, _f in rows], "bigint"),
                    ([at.isoformat() if at else None for _pk, at, _f in rows], "timestamptz"),
                    (["t" if f else "f" for _pk, _at, f in rows], "boolean"),
                ]
            )
            cursor.execute(
                f"INSERT INTO {table} (obligation_id, next_check_at, overdue_flagged_at) "
                f"SELECT id, at, CASE WHEN flag THEN %s::timestamptz END "
                f"FROM {source} AS v(id, at, flag) {upsert}",
                [now, *params, now],
            )
            return {pk for pk, mine in cursor.fetchall() if mine}
        stamp = _db_datetime(now)
        for chunk in _chunks(rows, 300):
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = []
            for pk, at, flag in chunk:
                params += [pk, _db_datetime(at), stamp if flag else None]
            cursor.execute(
                f"INSERT INTO {table} (obligation_id, next_check_at, overdue_flagged_at) "
                f"VALUES {values} {upsert}",
                [*params, stamp],
            )
            won.update(pk for pk, mine in cursor.fetchall() if mine)
    return won


# The scan's and the digest's email tuples, in this order; `_insert_emails` turns their links
# into the outbox's generic ones.
EMAIL_COLUMNS = [
    "kind",
    "recipient",
    "cc",
    "language",
    "obligation_id",
    "step_id",
    "digest_id",
    "created_at",
    "next_attempt_at",
]
OUTBOX_COLUMNS = [
    "kind",
    "recipient",
    "cc",
    "language",
    "content_type_id",
    "object_id",
    "once_key",
    "created_at",
    "next_attempt_at",
]
OUTBOX_TYPES = [
    "text",
    "text",
    "text",
    "text",
    "integer",
    "bigint",
    "text",
    "timestamptz",
    "timestamptz",
]
STEP_PREFIX = "reminderstep:"
DIGEST_PREFIX = "digest:"


def once_key(*, step_id=None, digest_id=None):
    """The outbox key that makes a step's (or a digest's) email unique per recipient."""
    return f"{STEP_PREFIX}{step_id}" if step_id is not None else f"{DIGEST_PREFIX}{digest_id}"


def _outbox_rows(rows):
    """Turn tuples in EMAIL_COLUMNS order into tuples in OUTBOX_COLUMNS order."""
    types = ContentType.objects.get_for_models(Obligation, Digest)
    obligation_type, digest_type = types[Obligation].pk, types[Digest].pk
    for kind, recipient, cc, language, obligation_id, step_id, digest_id, created, attempt in rows:
        if digest_id is not None:
            target, key = (digest_type, digest_id), once_key(digest_id=digest_id)
        else:
            target, key = (obligation_type, obligation_id), once_key(step_id=step_id)
        yield (kind, recipient, cc, language, *target, key, created, attempt)


def _insert_emails(rows):
    """Create outbox rows from tuples in EMAIL_COLUMNS order; return their ids.

    One statement on PostgreSQL.
    """
    if not rows:
        return []
    rows = list(_outbox_rows(rows))
    if not _postgres():
        emails = [EmailLog(**dict(zip(OUTBOX_COLUMNS, row, strict=True))) for row in rows]
        return [e.pk for e in EmailLog.objects.bulk_create(emails, batch_size=BATCH)]
    source, params = _pg_unnest(
        [
            ([v.isoformat() if isinstance(v, dt.datetime) else v for v in column], sql_type)
            for column, sql_type in zip(zip(*rows, strict=True), OUTBOX_TYPES, strict=True)
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EmailLog._meta.db_table} ({', '.join(OUTBOX_COLUMNS)}, status, "
            f"attempts, last_error, subject, body, keep_content) "
            f"SELECT *, 'queued', 0, '', '', '', true FROM {source} RETURNING id",
            params,
        )
        return [pk for (pk,) in cursor.fetchall()]


def _due_rows(now, obligations):
    """Yield the statuses of the obligations whose check is due, in one query, with the date
    reminders count from: the due date in force, or the date an invitation wants replies by."""
    qs = obligations if obligations is not None else Obligation.objects.all()
    return (
        qs.filter(Q(deadline_check__isnull=True) | Q(deadline_check__next_check_at__lte=now))
        .with_status(now)
        .annotate(
            reminded_towards=Case(
                When(request__mode=RequestMode.INVITATION, then=F("request__replies_wanted_by")),
                default=F("effective_due_date"),
            )
        )
        .values_list(
            "pk",
            "centre_id",
            "centre__region_id",
            "request__kind",
            "status",
            "reminded_towards",
            "deadline_check__overdue_flagged_at",
        )
        .order_by()
        .iterator(chunk_size=10_000)
    )


def _queue_emails(rows):
    """Create the email rows and enqueue their sending once the transaction commits."""
    ids = _insert_emails(rows)
    emails_enqueue(ids)
    return ids


def deadlines_scan(*, now=None, obligations=None):
    """Flag what just became overdue and queue the reminders due at `now`. Return a ScanResult.

    A fixed number of queries whatever the number of obligations (on PostgreSQL; elsewhere one
    per batch); safe to run concurrently with itself (see the module docstring).
    """
    now = now or timezone.now()
    result = ScanResult(as_at=now)
    with transaction.atomic():
        policies = policies_by_kind()
        stale, recheck = stale_after(), recheck_interval()
        plans = {}  # obligations with the same facts share a plan
        wanted_steps, checks, flag_email = [], [], set()
        centre_of, region_of = {}, {}
        for pk, centre_id, region_id, kind, status, due_date, flagged_at in _due_rows(
            now, obligations
        ):
            facts = (kind, status, due_date, flagged_at is not None)
            plan = plans.get(facts)
            if plan is None:
                plan = plans[facts] = obligation_plan(
                    now=now,
                    status=status,
                    due_date=due_date,
                    flagged=facts[3],
                    policy=policies[kind],
                    stale=stale,
                    recheck=recheck,
                )
            result.checked += 1
            checks.append((pk, plan.next_check_at, plan.flag))
            if plan.flag_email:
                flag_email.add(pk)
            if plan.step is not None and centre_id is not None:
                wanted_steps.append((pk, plan.step))
                centre_of[pk] = centre_id
                region_of[pk] = region_id

        flagged = _store_checks(checks, now)
        result.flagged = len(flagged)
        late = Step(LATE_FLAG_STEP, ReminderStepKind.LATE_FLAG, None, None, now)
        won = _claim_steps(wanted_steps + [(pk, late) for pk in flagged & flag_email], now)

        kinds = {(pk, s.key): s.kind for pk, s in wanted_steps}
        contacts = defaultdict(list)
        centre_ids = {centre_of[pk] for pk, key in won if key != LATE_FLAG_STEP}
        if centre_ids:
            for centre_id, email, language in (
                Contact.objects.filter(centre_id__in=centre_ids)
                .order_by("pk")
                .values_list("centre_id", "email", "preferred_language")
            ):
                contacts[centre_id].append((email, language))
        bureau = dict(
            RegionBureauContact.objects.exclude(email__isnull=True)
            .exclude(email="")
            .order_by()
            .values_list("region_id", "email")
        )
        secretariat = secretariat_email()
        emails = []  # tuples in EMAIL_COLUMNS order
        for (pk, key), step_id in won.items():
            if key == LATE_FLAG_STEP:
                result.steps[ReminderStepKind.LATE_FLAG] += 1
                if secretariat:
                    emails.append(
                        (
                            EmailKind.LATE_FLAG.value,
                            secretariat,
                            "",
                            settings.LANGUAGE_CODE,
                            pk,
                            step_id,
                            None,
                            now,
                            now,
                        )
                    )
                continue
            kind = kinds[(pk, key)]
            result.steps[kind] += 1
            cc = ""
            if kind == ReminderStepKind.ESCALATION:
                cc = ", ".join(a for a in (secretariat, bureau.get(region_of[pk])) if a)
            for address, language in contacts[centre_of[pk]]:
                emails.append((str(kind), address, cc, language, pk, step_id, None, now, now))
        result.emails = _queue_emails(emails)
    result.resumed = emails_resume(now=now)
    return result


# --- The weekly digest ---


def digest_recipients():
    User = get_user_model()
    emails = set(
        User.objects.filter(is_staff=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if secretariat_email():
        emails.add(secretariat_email())
    return sorted(emails)


def digest_send(*, now=None):
    """Queue this week's digest to staff, once per week. Return the Digest, or None if this
    week's was already made."""
    now = now or timezone.now()
    today = local_date(now)
    week = today - dt.timedelta(days=today.weekday())
    previous = Digest.objects.filter(week__lt=week).order_by("-week").first()
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                week=week,
                covers_from=previous.covers_to if previous else None,
                covers_to=now,
            )
            _queue_emails(
                [
                    (
                        EmailKind.DIGEST.value,
                        address,
                        "",
                        settings.LANGUAGE_CODE,
                        None,
                        None,
                        digest.pk,
                        now,
                        now,
                    )
                    for address in digest_recipients()
                ]
            )
    except IntegrityError:
        return None
    return digest


def obligations_recheck(*, obligations):
    """Make the next scan look at `obligations` (after a due date or a policy changed)."""
    return DeadlineCheck.objects.filter(obligation__in=obligations.values("pk")).update(
        next_check_at=CHECK_AT_ONCE
    )


def policy_changed(*, policy):
    """Recheck every open obligation of the policy's kind at the next scan."""
    return obligations_recheck(
        obligations=Obligation.objects.filter(
            request__kind=policy.request_kind, deadline_check__next_check_at__isnull=False
        )
    )
