"""Queue, send, resend and resume emails: every email the registry sends goes through here.

How each email is sent at most once per attempt, whatever runs twice at the same moment:
- A sender claims an email by `UPDATE ... SET status='sending' WHERE status='queued'` (or a
  'sending' claim whose lease ran out because its worker died); only the caller that changed the
  row talks to the SMTP server.
- Transient failures put the email back in the queue with an exponential backoff; permanent ones
  (5xx) and exhausted attempts mark it failed, for staff to see and send again.
- Tasks are enqueued after commit. When the broker is down the enqueue is logged and skipped:
  the row stays queued and `emails_resume` (run by the beat) enqueues it when the broker is back.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import hooks
from .models import EmailLog

logger = logging.getLogger(__name__)

NO_RECIPIENT = _("The email has no recipient.")
CONTENT_GONE = _(
    "This email held a one-time link, so its text was erased once sent; it cannot be sent "
    "again. Ask the person to request a new one."
)
ERASED = "[erased after sending: held a one-time link]"
EMAILS_PER_TASK = 50
RESUME_LIMIT = 5000
PERMANENT_CODES = range(500, 600)


class SendOutcome:
    SENT = "sent"
    CANCELLED = "cancelled"
    SKIPPED = "skipped"
    RETRY = "retry"
    FAILED = "failed"


# --- Settings (read when used, so tests can override them) ---


def email_lease():
    """How long a sending claim lasts; beyond it the sender is presumed dead."""
    return dt.timedelta(seconds=settings.REGISTRY_EMAIL_LEASE_SECONDS)


def retry_delay(attempts):
    """Backoff after `attempts` failed attempts: base * 2**(n-1), capped well below the broker's
    visibility timeout so that no retry waits long in the broker."""
    base = settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS
    cap = settings.REGISTRY_EMAIL_RETRY_MAX_SECONDS
    return dt.timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def resume_after():
    return dt.timedelta(seconds=settings.REGISTRY_EMAIL_RESUME_AFTER_SECONDS)


# --- Queueing ---


def _chunks(items, size):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def task_enqueue(task, *args, **options):
    """Send `task` to the broker now; on a broker outage log it and return False.

    Never raises for an outage: what could not be enqueued is still a queued row in the
    database, which `emails_resume` enqueues again once the broker answers.
    """
    from kombu.exceptions import OperationalError

    try:
        task.apply_async(args, **options)
    except (OperationalError, OSError) as exc:
        logger.warning("Could not enqueue %s%r, left for the resume task: %s", task.name, args, exc)
        return False
    return True


def emails_enqueue(email_ids):
    """Enqueue the sending of `email_ids` once the current transaction commits."""
    from . import tasks

    ids = list(email_ids)

    def enqueue():
        for chunk in _chunks(ids, EMAILS_PER_TASK):
            task_enqueue(tasks.emails_send, chunk)

    if ids:
        transaction.on_commit(enqueue)


def email_queue(
    *,
    kind,
    recipient,
    language=None,
    subject="",
    text="",
    html="",
    cc="",
    target=None,
    once_key="",
    keep_content=True,
    resent_from=None,
    now=None,
):
    """Log one email and send it after commit; return the EmailLog row.

    Give the subject, text and HTML rendered now (a receipt describes one event), or leave them
    empty for a kind whose renderer (`hooks.renderer_register`) renders it when sent.
    `target` is what the email is about (shown with it in the admin); `once_key`, with the
    recipient, is unique among emails. `keep_content=False` erases the text once sent (a
    password-reset link, say).
    """
    if not recipient:
        raise ValidationError(NO_RECIPIENT, code="no_recipient")
    return _email_log_queue(
        now=now,
        kind=kind,
        recipient=recipient,
        cc=cc,
        language=language or settings.LANGUAGE_CODE,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=target.pk if target is not None else None,
        once_key=once_key,
        keep_content=keep_content,
        resent_from=resent_from,
        subject=str(subject)[:255],
        body=text,
        html=html,
    )


def email_resend(*, email, now=None):
    """Queue a new email with the content of `email`, pointing to it; return the new row.

    Any email may be sent again, whatever its state; one whose text was erased (it held a
    one-time link) only when its kind renders afresh at send time.
    """
    renderer, _keep = hooks.renderer_for(email.kind)
    if (
        renderer is None
        and not email.keep_content
        and email.status in (EmailLog.Status.SENT, EmailLog.Status.FAILED)
    ):
        raise ValidationError(CONTENT_GONE, code="content_gone")
    return _email_log_queue(
        now=now,
        kind=email.kind,
        recipient=email.recipient,
        cc=email.cc,
        language=email.language,
        content_type_id=email.content_type_id,
        object_id=email.object_id,
        keep_content=email.keep_content,
        resent_from=email,
        subject=email.subject,
        body=email.body,
        html=email.html,
    )


def _email_log_queue(*, now, **fields):
    """Log one email with `fields`, due at once, and send it after commit; return the row."""
    now = now or timezone.now()
    email = EmailLog.objects.create(**fields, created_at=now, next_attempt_at=now)
    emails_enqueue([email.pk])
    return email


def emails_resume(*, now=None):
    """Re-enqueue emails whose task was lost (the broker was down, a worker died): queued past
    their attempt time by a margin, or claimed by a sender whose lease is over. Return how many.
    """
    now = now or timezone.now()
    ids = list(
        EmailLog.objects.filter(
            Q(status=EmailLog.Status.QUEUED, next_attempt_at__lte=now - resume_after())
            | Q(status=EmailLog.Status.SENDING, claimed_until__lt=now)
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:RESUME_LIMIT]
    )
    emails_enqueue(ids)
    return len(ids)


# --- Sending ---


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


def _claim(email_id, now):
    claimable = Q(status=EmailLog.Status.QUEUED) | Q(
        status=EmailLog.Status.SENDING, claimed_until__lt=now
    )
    return (
        EmailLog.objects.filter(claimable, pk=email_id).update(
            status=EmailLog.Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_until=now + email_lease(),
        )
        == 1
    )


def _finished(email, **fields):
    """The fields that end an email's life; its text is erased if it must not be kept."""
    if not email.keep_content:
        fields.update(body=ERASED, html="")
    return fields


def email_send(*, email_id, now=None):
    """Send one logged email if this call wins its claim. Return a SendOutcome value."""
    now = now or timezone.now()
    if not _claim(email_id, now):
        return SendOutcome.SKIPPED
    email = EmailLog.objects.select_related("content_type").get(pk=email_id)
    mine = EmailLog.objects.filter(pk=email_id, status=EmailLog.Status.SENDING)
    check = hooks.check_for(email.kind)
    try:
        reason = check(email, now) if check is not None else None
    except Exception as exc:  # e.g. what it is about was deleted: show it to staff
        logger.exception("Could not check email %s", email_id)
        mine.update(
            status=EmailLog.Status.FAILED, last_error=f"check: {exc}"[:2000], claimed_until=None
        )
        return SendOutcome.FAILED
    if reason:
        mine.update(
            status=EmailLog.Status.CANCELLED, claimed_until=None, last_error=str(reason)[:2000]
        )
        return SendOutcome.CANCELLED
    renderer, keep = hooks.renderer_for(email.kind)
    if renderer is None:
        subject, text, html = email.subject, email.body, email.html
    else:
        try:
            subject, text, html = renderer(email, now)
        except Exception as exc:  # a broken template is permanent: show it to staff
            logger.exception("Could not render email %s", email_id)
            mine.update(
                status=EmailLog.Status.FAILED,
                last_error=f"render: {exc}"[:2000],
                claimed_until=None,
            )
            return SendOutcome.FAILED
        stored = {"subject": subject[:255]}
        if keep:
            stored.update(body=text, html=html)
        EmailLog.objects.filter(pk=email_id).update(**stored)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.recipient],
        cc=email.cc_list,
        headers={
            "Message-ID": email.message_id,
            "X-Registry-Email": str(email.pk),
            "Content-Language": email.language,
        },
    )
    if html:
        message.attach_alternative(html, "text/html")
    try:
        # The one place in the project that hands a message to the mail server.
        mailers.default.send_messages([message])
    except Exception as exc:
        permanent, error = classify_error(exc)
        if permanent or email.attempts >= settings.REGISTRY_EMAIL_MAX_ATTEMPTS:
            logger.warning("Email %s failed for good: %s", email_id, error)
            mine.update(
                **_finished(
                    email,
                    status=EmailLog.Status.FAILED,
                    last_error=error[:2000],
                    claimed_until=None,
                )
            )
            return SendOutcome.FAILED
        logger.info("Email %s will be retried: %s", email_id, error)
        mine.update(
            status=EmailLog.Status.QUEUED,
            last_error=error[:2000],
            next_attempt_at=now + retry_delay(email.attempts),
            claimed_until=None,
        )
        return SendOutcome.RETRY
    mine.update(
        **_finished(
            email,
            status=EmailLog.Status.SENT,
            sent_at=timezone.now(),
            claimed_until=None,
            last_error="",
        )
    )
    return SendOutcome.SENT
