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

Two kinds of deliverable go through the same scan, each a `Track` with its own check table and
ledger: obligations (`DeadlineCheck`, `ReminderStep`) and the action plans' actions
(`ActionDeadlineCheck`, `ActionReminderStep`). The claims above hold for both.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, When
from django.utils import timezone

from centres.languages import contact_language_expression, mailbox_language, staff_languages
from centres.models import Contact
from outbox.models import EmailKind, EmailLog
from outbox.services import emails_enqueue, emails_resume

from . import reminder_sql
from .models import (
    Action,
    ActionDeadlineCheck,
    ActionOwner,
    ActionReminderStep,
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
    action_plan,
    obligation_plan,
    policies_by_kind,
    recheck_interval,
    stale_after,
)
from .reminder_sql import BATCH, on_postgres, pg_unnest
from .status import local_date
from .status_store import obligations_status_restamp

LATE_FLAG_STEP = "late"
# A next check long past: the next scan, whenever it runs, looks at the row.
CHECK_AT_ONCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


# Declared in registry/settings/base.py; read when used, so tests can override it.
def secretariat_email():
    return settings.REGISTRY_SECRETARIAT_EMAIL


# --- The scan ---


@dataclass
class ScanResult:
    as_at: dt.datetime
    checked: int = 0  # obligations
    actions_checked: int = 0
    flagged: int = 0
    steps: dict = field(default_factory=lambda: defaultdict(int))
    emails: list = field(default_factory=list)
    resumed: int = 0
    restamped: int = 0  # obligations whose stored status ran out (`status_store`)

    def summary(self):
        steps = ", ".join(f"{k}: {v}" for k, v in sorted(self.steps.items())) or "none"
        return (
            f"As at {self.as_at.isoformat()}: checked {self.checked} obligations and "
            f"{self.actions_checked} actions, "
            f"flagged {self.flagged} as overdue, claimed steps ({steps}), "
            f"queued {len(self.emails)} emails, re-queued {self.resumed} stalled emails."
        )


def _claim_steps(rows, now, track=None):
    """Insert ledger rows of `track` (obligations by default); return {(deliverable id, step
    key): ledger id} for the ones inserted (`reminder_sql.claim_steps`)."""
    track = track or OBLIGATIONS
    return reminder_sql.claim_steps(
        rows, now, table=track.step_model._meta.db_table, column=track.column
    )


def _store_checks(rows, now, track=None):
    """Store each deliverable's next check and claim its late flag; return the ids flagged
    (`reminder_sql.store_checks`)."""
    track = track or OBLIGATIONS
    return reminder_sql.store_checks(
        rows, now, table=track.check_model._meta.db_table, column=track.column
    )


EMAIL_COLUMNS = [
    "kind",
    "recipient",
    "cc",
    "language",
    "model",
    "object_id",
    "once_key",
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
ACTION_STEP_PREFIX = "actionstep:"
DIGEST_PREFIX = "digest:"


def once_key(*, step_id=None, digest_id=None, prefix=STEP_PREFIX):
    """The outbox key that makes a step's (or a digest's) email unique per recipient.

    Each ledger has its own prefix, so that step 7 of two ledgers never share a key.
    """
    return f"{prefix}{step_id}" if step_id is not None else f"{DIGEST_PREFIX}{digest_id}"


def _outbox_rows(rows):
    """Turn tuples in EMAIL_COLUMNS order into tuples in OUTBOX_COLUMNS order."""
    rows = list(rows)
    types = ContentType.objects.get_for_models(*{row[4] for row in rows})
    for kind, recipient, cc, language, model, object_id, key, created, attempt in rows:
        yield (kind, recipient, cc, language, types[model].pk, object_id, key, created, attempt)


def _insert_emails(rows):
    """Create outbox rows from tuples in EMAIL_COLUMNS order; return their ids.

    One statement on PostgreSQL.
    """
    if not rows:
        return []
    rows = list(_outbox_rows(rows))
    if not on_postgres():
        emails = [EmailLog(**dict(zip(OUTBOX_COLUMNS, row, strict=True))) for row in rows]
        return [e.pk for e in EmailLog.objects.bulk_create(emails, batch_size=BATCH)]
    source, params = pg_unnest(
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


def _queue_emails(rows):
    """Create the email rows and enqueue their sending once the transaction commits."""
    ids = _insert_emails(rows)
    emails_enqueue(ids)
    return ids


# --- The tracks: each kind of deliverable the scan reminds ---


@dataclass(frozen=True)
class Track:
    """One kind of deliverable: its model, check table, ledger, and how to read and address it.

    `due(now, queryset)` yields (id, owner, region id, facts) of the deliverables whose check
    is due, `plan(now=, facts=, policies=, stale=, recheck=)` returns the `Plan` for those facts
    (deliverables with the same facts share one), and `contacts(owners)` returns
    {owner: [(email, language)]}. An owner of None gets no reminder.
    """

    model: type
    check_model: type
    step_model: type
    column: str
    step_prefix: str
    due: Callable
    plan: Callable
    contacts: Callable

    def recheck(self, deliverables):
        """Make the next scan look at `deliverables` (a queryset of `model`) after their due
        date, state or reminder policy changed; return how many checks were moved."""
        return self.check_model.objects.filter(
            **{f"{self.column}__in": deliverables.values("pk")}
        ).update(next_check_at=CHECK_AT_ONCE)


def _centre_contacts(centre_ids):
    contacts = defaultdict(list)
    if centre_ids:
        for centre_id, email, language in (
            Contact.objects.filter(centre_id__in=centre_ids)
            .order_by("pk")
            .values_list("centre_id", "email", contact_language_expression())
        ):
            contacts[centre_id].append((email, language))
    return contacts


def _checks_due(now, queryset, model):
    """Return the rows of `queryset` (of every `model` when None) whose deadline check is due
    at `now`, or that have none yet."""
    qs = queryset if queryset is not None else model.objects.all()
    return qs.filter(Q(deadline_check__isnull=True) | Q(deadline_check__next_check_at__lte=now))


def _obligations_due(now, obligations):
    """Yield the obligations whose check is due, with their status, in one query."""
    rows = (
        _checks_due(now, obligations, Obligation)
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
    for pk, centre_id, region_id, kind, status, due_date, flagged_at in rows:
        yield pk, centre_id, region_id, (kind, status, due_date, flagged_at is not None)


def _obligation_plan(*, now, facts, policies, stale, recheck):
    kind, status, due_date, flagged = facts
    return obligation_plan(
        now=now,
        status=status,
        due_date=due_date,
        flagged=flagged,
        policy=policies[kind],
        stale=stale,
        recheck=recheck,
    )


# An action owned by the Secretariat is reminded to the Secretariat's focal point.
SECRETARIAT_OWNER = "secretariat"
# Actions have no request kind; they follow the REGISTRY_REMINDER_* settings (the default policy).
ACTION_POLICY = "action"


def _actions_due(now, actions):
    """Yield the actions whose check is due, in one query (their status rule is pure Python)."""
    rows = (
        _checks_due(now, actions, Action)
        .values_list(
            "pk",
            "owner",
            "gap__centre_id",
            "gap__centre__region_id",
            "state",
            "due_date",
            "deadline_check__overdue_flagged_at",
        )
        .order_by()
        .iterator(chunk_size=10_000)
    )
    for pk, owner, centre_id, region_id, state, due_date, flagged_at in rows:
        addressee = SECRETARIAT_OWNER if owner == ActionOwner.SECRETARIAT else centre_id
        yield pk, addressee, region_id, (state, due_date, flagged_at is not None)


def _action_plan(*, now, facts, policies, stale, recheck):
    state, due_date, flagged = facts
    return action_plan(
        now=now,
        state=state,
        due_date=due_date,
        flagged=flagged,
        policy=policies[ACTION_POLICY],
        stale=stale,
        recheck=recheck,
    )


def _action_contacts(owners):
    contacts = _centre_contacts({o for o in owners if o != SECRETARIAT_OWNER})
    if SECRETARIAT_OWNER in owners and secretariat_email():
        contacts[SECRETARIAT_OWNER] = [(secretariat_email(), mailbox_language(secretariat_email()))]
    return contacts


OBLIGATIONS = Track(
    model=Obligation,
    check_model=DeadlineCheck,
    step_model=ReminderStep,
    column="obligation_id",
    step_prefix=STEP_PREFIX,
    due=_obligations_due,
    plan=_obligation_plan,
    contacts=_centre_contacts,
)
ACTIONS = Track(
    model=Action,
    check_model=ActionDeadlineCheck,
    step_model=ActionReminderStep,
    column="action_id",
    step_prefix=ACTION_STEP_PREFIX,
    due=_actions_due,
    plan=_action_plan,
    contacts=_action_contacts,
)


@dataclass
class TrackScan:
    checked: int = 0
    flagged: int = 0
    emails: list = field(default_factory=list)  # tuples in EMAIL_COLUMNS order


def _scan_track(track, *, now, queryset, result, policies, bureau):
    """Plan, claim and address one track's due deliverables; return a TrackScan."""
    stale, recheck = stale_after(), recheck_interval()
    scanned = TrackScan()
    plans = {}  # deliverables with the same facts share a plan
    wanted_steps, checks, flag_email = [], [], set()
    owner_of, region_of = {}, {}
    for pk, owner, region_id, facts in track.due(now, queryset):
        plan = plans.get(facts)
        if plan is None:
            plan = plans[facts] = track.plan(
                now=now, facts=facts, policies=policies, stale=stale, recheck=recheck
            )
        scanned.checked += 1
        checks.append((pk, plan.next_check_at, plan.flag))
        if plan.flag_email:
            flag_email.add(pk)
        if plan.step is not None and owner is not None:
            wanted_steps.append((pk, plan.step))
            owner_of[pk] = owner
            region_of[pk] = region_id

    flagged = _store_checks(checks, now, track)
    scanned.flagged = len(flagged)
    late = Step(LATE_FLAG_STEP, ReminderStepKind.LATE_FLAG, None, None, now)
    won = _claim_steps(wanted_steps + [(pk, late) for pk in flagged & flag_email], now, track)

    kinds = {(pk, s.key): s.kind for pk, s in wanted_steps}
    contacts = track.contacts({owner_of[pk] for pk, key in won if key != LATE_FLAG_STEP})
    secretariat = secretariat_email()
    secretariat_language = None  # looked up once, on the first late flag
    for (pk, key), step_id in won.items():
        email_key = once_key(step_id=step_id, prefix=track.step_prefix)
        if key == LATE_FLAG_STEP:
            result.steps[ReminderStepKind.LATE_FLAG] += 1
            if secretariat:
                secretariat_language = secretariat_language or mailbox_language(secretariat)
                scanned.emails.append(
                    (
                        EmailKind.LATE_FLAG.value,
                        secretariat,
                        "",
                        secretariat_language,
                        track.model,
                        pk,
                        email_key,
                        now,
                        now,
                    )
                )
            continue
        kind = kinds[(pk, key)]
        result.steps[kind] += 1
        recipients = contacts[owner_of[pk]]
        cc = ""
        if kind == ReminderStepKind.ESCALATION:
            addresses = {address for address, _language in recipients}
            cc = ", ".join(
                a for a in (secretariat, bureau.get(region_of[pk])) if a and a not in addresses
            )
        for address, language in recipients:
            scanned.emails.append(
                (str(kind), address, cc, language, track.model, pk, email_key, now, now)
            )
    return scanned


def deadlines_scan(*, now=None, obligations=None, actions=None):
    """Flag what just became overdue and queue the reminders due at `now`. Return a ScanResult.

    Obligations and actions both (`obligations` and `actions` narrow each to a queryset).
    A fixed number of queries whatever the number of deliverables (on PostgreSQL; elsewhere
    one per batch); safe to run concurrently with itself (see the module docstring).
    """
    now = now or timezone.now()
    result = ScanResult(as_at=now)
    with transaction.atomic():
        policies = policies_by_kind()
        bureau = dict(
            RegionBureauContact.objects.exclude(email__isnull=True)
            .exclude(email="")
            .order_by()
            .values_list("region_id", "email")
        )
        emails = []
        for track, queryset in ((OBLIGATIONS, obligations), (ACTIONS, actions)):
            scanned = _scan_track(
                track, now=now, queryset=queryset, result=result, policies=policies, bureau=bureau
            )
            if track is OBLIGATIONS:
                result.checked = scanned.checked
            else:
                result.actions_checked = scanned.checked
            result.flagged += scanned.flagged
            emails += scanned.emails
        result.emails = _queue_emails(emails)
    # Whatever `obligations` narrows the scan to: a stamp that ran out is due everywhere.
    result.restamped = obligations_status_restamp(now=now)
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
            addresses = digest_recipients()
            languages = staff_languages(addresses)
            _queue_emails(
                [
                    (
                        EmailKind.DIGEST.value,
                        address,
                        "",
                        languages.get(address.lower(), settings.LANGUAGE_CODE),
                        Digest,
                        digest.pk,
                        once_key(digest_id=digest.pk),
                        now,
                        now,
                    )
                    for address in addresses
                ]
            )
    except IntegrityError:
        return None
    return digest


def policy_changed(*, policy):
    """Recheck every open obligation of the policy's kind at the next scan."""
    return OBLIGATIONS.recheck(
        Obligation.objects.filter(
            request__kind=policy.request_kind, deadline_check__next_check_at__isnull=False
        )
    )
