"""The deadlines engine: reminders, late flags and weekly digests, each sent exactly once.

How "exactly once" holds, whatever runs twice at the same moment:
- A scan claims a step by inserting it into the `ReminderStep` ledger with
  `ON CONFLICT DO NOTHING RETURNING`: the unique key (obligation, step) lets one inserter win,
  and only the winner creates the `EmailLog` rows, in the same transaction.
- A late flag is claimed by `UPDATE ... SET overdue_flagged_at WHERE overdue_flagged_at IS NULL`.
- An email is claimed for sending by `UPDATE ... SET status='sending' WHERE status='queued'`
  (or a 'sending' claim whose lease ran out because its worker died); only the task that changed
  the row talks to the SMTP server. Tasks are enqueued after commit; a queued email whose task was
  lost is re-enqueued by `emails_resume`.
Nothing is scheduled ahead: each obligation's next check is a stored, indexed instant that the
periodic scan reads.
"""

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from centres.models import Contact

from .models import (
    PRERENDERED_KINDS,
    SUBMITTED,
    DeadlineCheck,
    Digest,
    EmailKind,
    EmailLog,
    Obligation,
    ObligationStatus,
    RegionBureauContact,
    ReminderPolicy,
    ReminderStep,
    ReminderStepKind,
    deadline_for,
    parse_days,
    secretariat_tz,
)

logger = logging.getLogger(__name__)

NOT_FAILED = gettext_lazy("Only a failed email can be sent again.")
NO_RECIPIENT = gettext_lazy("The email has no recipient.")

LATE_FLAG_STEP = "late"
# A next check long past: the next scan, whenever it runs, looks at the row.
CHECK_AT_ONCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
BATCH = 1000
EMAILS_PER_TASK = 50


# --- Settings (declared in registry/settings/base.py; read when used, so tests can override them)

def recheck_interval():
    """Look at every open obligation at least this often (catches edited due dates)."""
    return dt.timedelta(hours=settings.REGISTRY_REMINDER_RECHECK_HOURS)


def stale_after():
    """A step older than this is not sent any more (the scan was down, or the data is old)."""
    return dt.timedelta(days=settings.REGISTRY_REMINDER_STALE_DAYS)


def email_lease():
    """How long a sending claim lasts; beyond it the sender is presumed dead."""
    return dt.timedelta(seconds=settings.REGISTRY_EMAIL_LEASE_SECONDS)


def retry_delay(attempts):
    """Backoff after `attempts` failed attempts: base * 2**(n-1), capped well below the broker's
    visibility timeout so that no retry waits long in the broker."""
    base = settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS
    cap = settings.REGISTRY_EMAIL_RETRY_MAX_SECONDS
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def max_attempts():
    return settings.REGISTRY_EMAIL_MAX_ATTEMPTS


def secretariat_email():
    return settings.REGISTRY_SECRETARIAT_EMAIL


# --- Policies and schedules: pure rules ---

@dataclass(frozen=True)
class Policy:
    days_before: tuple
    overdue_every_days: int
    overdue_reminders: int
    escalate_after_days: int
    is_active: bool = True


def default_policy():
    return Policy(
        days_before=tuple(parse_days(settings.REGISTRY_REMINDER_DAYS_BEFORE)),
        overdue_every_days=settings.REGISTRY_REMINDER_OVERDUE_EVERY_DAYS,
        overdue_reminders=settings.REGISTRY_REMINDER_OVERDUE_MAX,
        escalate_after_days=settings.REGISTRY_REMINDER_ESCALATE_AFTER_DAYS,
    )


def policies_by_kind():
    """Return {request kind: Policy}; kinds without a row get the settings' default."""
    fallback = default_policy()
    found = defaultdict(lambda: fallback)
    for p in ReminderPolicy.objects.all():
        found[p.request_kind] = Policy(
            days_before=tuple(p.days_before_list),
            overdue_every_days=max(1, p.overdue_every_days),
            overdue_reminders=p.overdue_reminders,
            escalate_after_days=p.escalate_after_days,
            is_active=p.is_active,
        )
    return found


def start_of_day(day):
    """Return midnight at the start of `day` in the Secretariat's time zone."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=secretariat_tz())


def local_date(instant):
    return instant.astimezone(secretariat_tz()).date()


@dataclass(frozen=True)
class Step:
    key: str
    kind: str
    due_date: dt.date
    offset_days: int
    at: dt.datetime


def reminder_schedule(*, due_date, policy):
    """Return the reminder steps for `due_date` under `policy`, earliest first.

    "n days before" goes out at the start of (due date - n) in Geneva; overdue reminders at the
    start of the day after the due date and then every `overdue_every_days`; those at least
    `escalate_after_days` late are escalations.
    """
    steps = [
        Step(f"{due_date.isoformat()}/-{n}", ReminderStepKind.REMINDER, due_date, -n,
             start_of_day(due_date - dt.timedelta(days=n)))
        for n in policy.days_before
    ]
    for k in range(policy.overdue_reminders):
        late = 1 + k * policy.overdue_every_days
        kind = (ReminderStepKind.ESCALATION if late >= policy.escalate_after_days
                else ReminderStepKind.OVERDUE)
        steps.append(Step(f"{due_date.isoformat()}/+{late}", kind, due_date, late,
                          start_of_day(due_date + dt.timedelta(days=late))))
    steps.sort(key=lambda s: s.at)
    return steps


@dataclass(frozen=True)
class Plan:
    step: Step | None = None
    flag: bool = False
    flag_email: bool = False
    next_check_at: dt.datetime | None = None


def obligation_plan(*, now, due_date, extended_due_date, first_received_at, waived_at,
                    flagged, policy, stale=None, recheck=None):
    """Return what the scan must do now for one obligation, and when to look at it again.

    The step in effect is the latest whose instant has come, unless it is stale; earlier steps
    that were missed are not sent late. `next_check_at` is None once submitted (final).
    """
    stale = stale_after() if stale is None else stale
    recheck = recheck_interval() if recheck is None else recheck
    if first_received_at is not None and first_received_at <= now:
        return Plan()
    later = now + recheck
    if waived_at is not None and waived_at <= now:
        return Plan(next_check_at=later)
    effective_due = extended_due_date or due_date
    if effective_due is None:
        return Plan(next_check_at=later)
    deadline = deadline_for(effective_due)
    upcoming = [later]
    flag = flag_email = False
    if not flagged:
        if now >= deadline:
            flag = True
            flag_email = now - deadline < stale
        else:
            upcoming.append(deadline)
    step = None
    if policy.is_active:
        for s in reminder_schedule(due_date=effective_due, policy=policy):
            if s.at <= now:
                step = s
            else:
                upcoming.append(s.at)
                break
        if step is not None and now - step.at >= stale:
            step = None
    return Plan(step=step, flag=flag, flag_email=flag_email, next_check_at=min(upcoming))


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
        return (f"As at {self.as_at.isoformat()}: checked {self.checked} obligations, "
                f"flagged {self.flagged} as overdue, claimed steps ({steps}), "
                f"queued {len(self.emails)} emails, re-queued {self.resumed} stalled emails.")


def _chunks(items, size=BATCH):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i:i + size]


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
    return (f"((string_to_array(%s, %s, %s))[1:%s])::{sql_type}[]",
            [text, UNIT_SEPARATOR, NULL_MARK, len(values)])


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
            source, params = _pg_unnest([
                ([pk for pk, _s in rows], "bigint"), ([s.key for _pk, s in rows], "text"),
                ([s.kind for _pk, s in rows], "text"), ([s.due_date for _pk, s in rows], "date"),
                ([s.offset_days for _pk, s in rows], "smallint"),
            ])
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
                params += [obligation_id, step.key, step.kind, step.due_date,
                           step.offset_days, created]
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
            source, params = _pg_unnest([
                ([pk for pk, _at, _f in rows], "bigint"),
                ([at.isoformat() if at else None for _pk, at, _f in rows], "timestamptz"),
                (["t" if f else "f" for _pk, _at, f in rows], "boolean"),
            ])
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


EMAIL_COLUMNS = ["kind", "recipient", "cc", "language", "obligation_id", "step_id",
                 "digest_id", "created_at", "next_attempt_at"]
EMAIL_TYPES = ["text", "text", "text", "text", "bigint", "bigint", "bigint", "timestamptz",
               "timestamptz"]


def _insert_emails(rows):
    """Create email rows from tuples in EMAIL_COLUMNS order; return their ids.

    One statement on PostgreSQL.
    """
    if not rows:
        return []
    if not _postgres():
        emails = [EmailLog(**dict(zip(EMAIL_COLUMNS, row, strict=True))) for row in rows]
        return [e.pk for e in EmailLog.objects.bulk_create(emails, batch_size=BATCH)]
    source, params = _pg_unnest([
        ([v.isoformat() if isinstance(v, dt.datetime) else v for v in column], sql_type)
        for column, sql_type in zip(zip(*rows, strict=True), EMAIL_TYPES, strict=True)
    ])
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EmailLog._meta.db_table} ({', '.join(EMAIL_COLUMNS)}, status, "
            f"attempts, last_error, subject, body) SELECT *, 'queued', 0, '', '', '' "
            f"FROM {source} RETURNING id",
            params,
        )
        return [pk for (pk,) in cursor.fetchall()]


def _due_rows(now, obligations):
    """Yield the status inputs of the obligations whose check is due, in one query."""
    qs = obligations if obligations is not None else Obligation.objects.all()
    return (
        qs.filter(Q(deadline_check__isnull=True) | Q(deadline_check__next_check_at__lte=now))
        .with_status_inputs(now)
        .values_list(
            "pk", "centre_id", "centre__region_id", "request__kind", "request__due_date",
            "waived_at", "deadline_check__overdue_flagged_at", "first_received_at",
            "extended_due_date",
        )
        .order_by()
        .iterator(chunk_size=10_000)
    )


def _queue_emails(rows):
    """Create the email rows and enqueue their sending once the transaction commits."""
    ids = _insert_emails(rows)
    if ids:
        from . import tasks

        for chunk in _chunks(ids, EMAILS_PER_TASK):
            tasks.emails_send.delay_on_commit(chunk)
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
        for (pk, centre_id, region_id, kind, due_date, waived_at, flagged_at, received,
             extended) in _due_rows(now, obligations):
            facts = (kind, due_date, extended, flagged_at is not None,
                     received is not None and received <= now,
                     waived_at is not None and waived_at <= now)
            plan = plans.get(facts)
            if plan is None:
                plan = plans[facts] = obligation_plan(
                    now=now, due_date=due_date, extended_due_date=extended,
                    first_received_at=received if facts[4] else None,
                    waived_at=waived_at if facts[5] else None, flagged=facts[3],
                    policy=policies[kind], stale=stale, recheck=recheck,
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
                Contact.objects.filter(centre_id__in=centre_ids).order_by("pk")
                .values_list("centre_id", "email", "preferred_language")
            ):
                contacts[centre_id].append((email, language))
        bureau = dict(
            RegionBureauContact.objects.exclude(email__isnull=True).exclude(email="")
            .order_by().values_list("region_id", "email")
        )
        secretariat = secretariat_email()
        emails = []  # tuples in EMAIL_COLUMNS order
        for (pk, key), step_id in won.items():
            if key == LATE_FLAG_STEP:
                result.steps[ReminderStepKind.LATE_FLAG] += 1
                if secretariat:
                    emails.append((EmailKind.LATE_FLAG.value, secretariat, "",
                                   settings.LANGUAGE_CODE, pk, step_id, None, now, now))
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


# --- Sending ---

REMINDER_KINDS = {EmailKind.REMINDER, EmailKind.OVERDUE, EmailKind.ESCALATION}
NO_LONGER_DUE = SUBMITTED | {ObligationStatus.WAIVED}


class SendOutcome:
    SENT = "sent"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"
    RETRY = "retry"
    FAILED = "failed"


PERMANENT_CODES = range(500, 600)


def classify_error(exc):
    """Return (permanent, message) for an exception raised while sending."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in exc.recipients.values()]
        permanent = bool(codes) and all(c in PERMANENT_CODES for c in codes)
        return permanent, f"recipients refused: {exc.recipients}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code in PERMANENT_CODES, f"{exc.smtp_code} {exc.smtp_error!r}"
    if isinstance(exc, (smtplib.SMTPException, OSError)):  # timeouts, refused connections
        return False, f"{type(exc).__name__}: {exc}"
    return True, f"{type(exc).__name__}: {exc}"


def obligation_link(obligation):
    for name, args in (("portal:obligation", [obligation.pk]), ("portal:home", [])):
        try:
            return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def _obligation_context(obligation, now):
    extended = [e for e in obligation.extensions.all()
                if e.status == "granted" and e.decided_at and e.decided_at <= now]
    extended.sort(key=lambda e: (e.decided_at, e.pk))
    due = extended[-1].new_due_date if extended else obligation.request.due_date
    today = local_date(now)
    days = (due - today).days if due else None
    return {
        "obligation": obligation,
        "request": obligation.request,
        "addressee": obligation.addressee,
        "due_date": due,
        "original_due_date": obligation.request.due_date,
        "extended": bool(extended),
        "deadline": deadline_for(due) if due else None,
        "days_left": days if days is not None and days >= 0 else None,
        "days_late": -days if days is not None and days < 0 else None,
        "link": obligation_link(obligation),
        "time_zone": settings.REGISTRY_TIME_ZONE,
    }


SUBJECTS = {
    EmailKind.REMINDER: gettext_lazy("Reminder: %(label)s due on %(due)s"),
    EmailKind.OVERDUE: gettext_lazy("Overdue: %(label)s was due on %(due)s"),
    EmailKind.ESCALATION: gettext_lazy("Escalation: %(label)s is %(days)s days overdue"),
    EmailKind.LATE_FLAG: gettext_lazy("Late: %(addressee)s has not submitted %(label)s"),
    EmailKind.DIGEST: gettext_lazy("Weekly deadlines digest, week of %(week)s"),
}
TEMPLATES = {
    EmailKind.REMINDER: "emails/reminder",
    EmailKind.OVERDUE: "emails/reminder",
    EmailKind.ESCALATION: "emails/escalation",
    EmailKind.LATE_FLAG: "emails/overdue_flag",
    EmailKind.DIGEST: "emails/weekly_digest",
}


def email_render(email, *, now):
    """Return (subject, text, html) of `email` in its language."""
    from django.utils import formats

    from .selectors import digest_content

    with translation.override(email.language or settings.LANGUAGE_CODE):
        if email.kind == EmailKind.DIGEST:
            digest = email.digest
            context = {"digest": digest, "site_url": settings.SITE_URL,
                       **digest_content(since=digest.covers_from, as_at=digest.covers_to)}
            subject = SUBJECTS[email.kind] % {
                "week": formats.date_format(digest.week, "DATE_FORMAT")}
        else:
            context = _obligation_context(email.obligation, now)
            context["kind"] = email.kind
            due = context["due_date"]
            request = email.obligation.request
            subject = SUBJECTS[email.kind] % {
                "label": f"{request.label} ({request.title})" if request.title else request.label,
                "due": formats.date_format(due, "DATE_FORMAT") if due else "",
                "days": context["days_late"] or 0,
                "addressee": context["addressee"],
            }
        name = TEMPLATES[email.kind]
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    return str(subject), text, html


def _claim_email(email_id, now):
    claimable = Q(status=EmailLog.Status.QUEUED) | Q(
        status=EmailLog.Status.SENDING, claimed_until__lt=now
    )
    return EmailLog.objects.filter(claimable, pk=email_id).update(
        status=EmailLog.Status.SENDING, attempts=F("attempts") + 1,
        claimed_until=now + email_lease(),
    ) == 1


def email_send(*, email_id, now=None):
    """Send one logged email if this call wins its claim. Return a SendOutcome value.

    Transient failures put it back in the queue with a backoff (`next_attempt_at`); permanent
    ones (5xx) and exhausted attempts mark it failed.
    """
    now = now or timezone.now()
    if not _claim_email(email_id, now):
        return SendOutcome.SKIPPED
    email = EmailLog.objects.select_related(
        "obligation__request__decision", "obligation__centre", "obligation__party",
        "obligation__submission", "digest",
    ).prefetch_related("obligation__extensions", "obligation__submission__versions").get(
        pk=email_id
    )
    mine = EmailLog.objects.filter(pk=email_id, status=EmailLog.Status.SENDING)
    if email.kind in REMINDER_KINDS and email.obligation.status_at(now) in NO_LONGER_DUE:
        # Submitted or waived while this reminder waited (an outage, a retry): drop it.
        mine.update(status=EmailLog.Status.CANCELLED, claimed_until=None,
                    last_error="submitted or waived before it could be sent")
        return SendOutcome.CANCELLED
    if email.kind in PRERENDERED_KINDS:
        subject, text, html = email.subject, email.body, email.html
    else:
        try:
            subject, text, html = email_render(email, now=now)
        except Exception as exc:  # a broken template is permanent: show it to staff
            logger.exception("Could not render email %s", email_id)
            mine.update(status=EmailLog.Status.FAILED, last_error=f"render: {exc}"[:2000],
                        claimed_until=None)
            return SendOutcome.FAILED
        EmailLog.objects.filter(pk=email_id).update(subject=subject[:255], body=text)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient], cc=[a.strip() for a in email.cc.split(",") if a.strip()],
        headers={"Message-ID": email.message_id, "X-Registry-Email": str(email.pk),
                 "Content-Language": email.language},
    )
    message.attach_alternative(html, "text/html")
    try:
        mailers.default.send_messages([message])
    except Exception as exc:
        permanent, error = classify_error(exc)
        attempts = email.attempts
        if permanent or attempts >= max_attempts():
            logger.warning("Email %s failed for good: %s", email_id, error)
            mine.update(status=EmailLog.Status.FAILED, last_error=error[:2000],
                        claimed_until=None)
            return SendOutcome.FAILED
        logger.info("Email %s will be retried: %s", email_id, error)
        mine.update(status=EmailLog.Status.QUEUED, last_error=error[:2000],
                    next_attempt_at=now + retry_delay(attempts), claimed_until=None)
        return SendOutcome.RETRY
    mine.update(status=EmailLog.Status.SENT, sent_at=timezone.now(), claimed_until=None,
                last_error="")
    return SendOutcome.SENT


def email_queue(*, kind, recipient, language, subject, text, html, obligation=None,
                now=None):
    """Log an email rendered now (an event's receipt or notice) and send it after commit.

    Delivery then follows the same path as reminders: logged, retried, visible to staff.
    """
    now = now or timezone.now()
    email = EmailLog.objects.create(
        kind=kind, recipient=recipient, language=language, obligation=obligation,
        subject=str(subject)[:255], body=text, html=html, created_at=now, next_attempt_at=now,
    )
    from . import tasks

    tasks.emails_send.delay_on_commit([email.pk])
    return email


def email_resend(*, email, now=None):
    """Put a failed email back in the queue (staff's "send again")."""
    from django.core.exceptions import ValidationError

    now = now or timezone.now()
    changed = EmailLog.objects.filter(pk=email.pk, status=EmailLog.Status.FAILED).update(
        status=EmailLog.Status.QUEUED, next_attempt_at=now, attempts=0,
    )
    if changed != 1:
        raise ValidationError(NOT_FAILED)
    from . import tasks

    tasks.emails_send.delay_on_commit([email.pk])


def emails_resume(*, now=None):
    """Re-enqueue emails whose task was lost: queued past their attempt time by a margin, or
    claimed by a sender that died (lease over). Return how many."""
    now = now or timezone.now()
    grace = dt.timedelta(seconds=settings.REGISTRY_EMAIL_RESUME_AFTER_SECONDS)
    ids = list(
        EmailLog.objects.filter(
            Q(status=EmailLog.Status.QUEUED, next_attempt_at__lte=now - grace)
            | Q(status=EmailLog.Status.SENDING, claimed_until__lt=now)
        ).values_list("pk", flat=True)[:5000]
    )
    if ids:
        from . import tasks

        for chunk in _chunks(ids, EMAILS_PER_TASK):
            tasks.emails_send.delay_on_commit(chunk)
    return len(ids)


# --- The weekly digest ---

def digest_recipients():
    User = get_user_model()
    emails = set(
        User.objects.filter(is_staff=True, is_active=True).exclude(email="")
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
                week=week, covers_from=previous.covers_to if previous else None, covers_to=now,
            )
            _queue_emails([
                (EmailKind.DIGEST.value, address, "", settings.LANGUAGE_CODE, None, None,
                 digest.pk, now, now)
                for address in digest_recipients()
            ])
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
