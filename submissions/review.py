"""Portal writes: uploads with receipts, extension requests, and the Secretariat's review.

Every write here takes keyword-only arguments, checks the state it changes inside a transaction
(with the obligation row locked, or a compare-and-set update), and sends its emails only once
the transaction has committed, each in the recipient's preferred language.
"""

import functools
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import services, uploads
from .models import (
    EmailKind,
    Extension,
    Obligation,
    ReceivedThrough,
    ReviewStatus,
    Submission,
    SubmissionVersion,
    deadline_for,
    secretariat_tz,
)

WAIVED = _("This obligation was waived by the Secretariat; nothing more can be submitted.")
IDENTICAL = _(
    "These files are identical to version %(number)s, received on %(received)s. "
    "Nothing new was recorded."
)
NOT_BY_HAND = _("Choose email or paper: portal versions are recorded by the portal.")
RECEIVED_IN_FUTURE = _("A version cannot be received in the future.")
ALREADY_REVIEWED = _("This version was already reviewed.")
RETURN_NEEDS_COMMENTS = _("Say what must be revised: the comments are sent to the centre.")
NO_DUE_DATE = _("This request has no due date to extend.")
EXTENSION_NOT_LATER = _("Propose a date after the current due date (%(due)s).")
EXTENSION_OPEN = _("An extension request is already awaiting the Secretariat's decision.")
EXTENSION_SUBMITTED = _("This obligation is already met; no extension is needed.")
EXTENSION_DECIDED = _("This extension request was already decided.")
REFUSAL_NEEDS_MESSAGE = _("Say why the extension is refused: the message is sent to the centre.")
ALREADY_WAIVED = _("This obligation is already waived.")
WAIVER_NEEDS_REASON = _("Say why the obligation is waived.")

SUBJECT_RECEIPT = _("Receipt: %(request)s, version %(number)s")
SUBJECT_REVIEW_ACCEPTED = _("Accepted: %(request)s, version %(number)s")
SUBJECT_REVIEW_RETURNED = _("Returned for revision: %(request)s, version %(number)s")
SUBJECT_EXTENSION_REQUESTED = _("Extension requested: %(request)s, %(centre)s")
SUBJECT_EXTENSION_GRANTED = _("Extension granted: %(request)s")
SUBJECT_EXTENSION_REFUSED = _("Extension refused: %(request)s")


class IdenticalUpload(ValidationError):
    """The files are exactly those of the latest version."""

    def __init__(self, version):
        self.version = version
        received = timezone.localtime(version.received_at, secretariat_tz())
        super().__init__(
            IDENTICAL % {"number": version.number, "received": f"{received:%Y-%m-%d %H:%M %Z}"},
            code="identical",
        )


# --- time zones --------------------------------------------------------------------------------

@functools.cache
def _known_time_zones():
    return frozenset(available_timezones())


def valid_time_zone(name):
    """Return `name` if it is a known IANA time zone, else None.

    Checked against the list of zones, not by opening it: `ZoneInfo("America")` opens a folder
    (IsADirectoryError) and other names reach files that are not zones.
    """
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    return name if name in _known_time_zones() else None


def instant_in_zones(instant, user_tz=None):
    """Return [(label, local time as text)] for Geneva, the user's zone (if different) and UTC."""
    zones = [(settings.REGISTRY_TIME_ZONE, _("Geneva"))]
    user_tz = valid_time_zone(user_tz)
    if user_tz and user_tz not in (settings.REGISTRY_TIME_ZONE, "UTC"):
        zones.append((user_tz, user_tz))
    zones.append(("UTC", "UTC"))
    shown = []
    for name, label in zones:
        local = timezone.localtime(instant, ZoneInfo(name))
        shown.append((label, f"{local:%Y-%m-%d %H:%M:%S} {local:%Z} (UTC{local:%z})"))
    return shown


# --- emails -------------------------------------------------------------------------------------

TEMPLATE_KINDS = {
    "receipt": EmailKind.RECEIPT,
    "review": EmailKind.REVIEW,
    "extension": EmailKind.EXTENSION,
}

def centre_recipients(centre, *extra_users):
    """Return [(email, language)]: the centre's director, then `extra_users`, without repeats."""
    contacts = list(centre.contacts.all())
    by_email = {c.email.lower(): c for c in contacts}
    by_user = {c.user_id: c for c in contacts if c.user_id}
    found = [(c.email, c.preferred_language) for c in contacts if c.role == "director"]
    for user in extra_users:
        if user is None or not user.email:
            continue
        contact = by_user.get(user.pk) or by_email.get(user.email.lower())
        found.append((contact.email if contact else user.email,
                      contact.preferred_language if contact else settings.LANGUAGE_CODE))
    seen, recipients = set(), []
    for email, language in found:
        if email.lower() not in seen:
            seen.add(email.lower())
            recipients.append((email, language))
    return recipients


def send_templated(*, template, subject, subject_params, recipients, context):
    """Queue one message per recipient, rendered now in the recipient's language.

    Sent by the worker after the transaction commits, logged and retried like every email, so
    a mail outage never fails the page that caused it.
    """
    from .reminders import email_queue

    kind = TEMPLATE_KINDS[template]
    obligation = context.get("obligation")
    for email, language in recipients:
        with translation.override(language):
            ctx = {**context, "site_url": settings.SITE_URL}
            email_queue(
                kind=kind, recipient=email, language=language, obligation=obligation,
                subject=str(subject) % subject_params,
                text=render_to_string(f"emails/{template}.txt", ctx),
                html=render_to_string(f"emails/{template}.html", ctx),
            )


def receipt_send(*, version, uploaded_by=None, user_tz=None):
    obligation = version.submission.obligation
    send_templated(
        template="receipt", subject=SUBJECT_RECEIPT,
        subject_params={"request": obligation.request.label, "number": version.number},
        recipients=centre_recipients(obligation.centre, uploaded_by),
        context=receipt_context(version, user_tz),
    )


def receipt_context(version, user_tz=None):
    obligation = version.submission.obligation
    return {
        "version": version,
        "obligation": obligation,
        "files": list(version.files.all()),
        "received": instant_in_zones(version.received_at, user_tz),
    }


# --- uploads ------------------------------------------------------------------------------------

def _lock_obligation(obligation):
    return Obligation.objects.select_for_update(of=("self",)).select_related(
        "request__decision", "centre").get(pk=obligation.pk)


def _latest_version(obligation):
    return (
        SubmissionVersion.objects.filter(submission__obligation=obligation)
        .prefetch_related("files").order_by("-number").first()
    )


@transaction.atomic
def version_upload(*, obligation, files, uploaded_by, user_tz=None, now=None):
    """Record files a centre's contact uploaded as a new version and send the receipt.

    Refuse a waived obligation and files identical to the latest version (`IdenticalUpload`).
    Nothing is stored unless everything is accepted.
    """
    files = uploads.validate_uploads(files)
    obligation = _lock_obligation(obligation)
    if obligation.waived_at is not None:
        raise ValidationError(WAIVED, code="waived")
    digests = sorted(services._stream_sha256(f)[0] for f in files)
    latest = _latest_version(obligation)
    if latest is not None and sorted(f.sha256 for f in latest.files.all()) == digests:
        raise IdenticalUpload(latest)
    version = services.version_create(
        obligation=obligation, files=files, received_at=now or timezone.now(),
        received_through=ReceivedThrough.PORTAL, recorded_by=uploaded_by,
    )
    receipt_send(version=version, uploaded_by=uploaded_by, user_tz=user_tz)
    return version


@transaction.atomic
def version_record(*, obligation, files, received_at, received_through, recorded_by, note=""):
    """Record a version the Secretariat received by email or on paper, at its real time."""
    if received_through == ReceivedThrough.PORTAL:
        raise ValidationError(NOT_BY_HAND, code="through")
    if received_at > timezone.now():
        raise ValidationError(RECEIVED_IN_FUTURE, code="future")
    files = uploads.validate_uploads(files)
    obligation = _lock_obligation(obligation)
    return services.version_create(
        obligation=obligation, files=files, received_at=received_at,
        received_through=received_through, recorded_by=recorded_by, note=note,
    )


# --- review -------------------------------------------------------------------------------------

@transaction.atomic
def version_review(*, version, reviewer, accept, comments="", now=None):
    """Accept a pending version, or return it for revision with comments; tell the centre."""
    comments = (comments or "").strip()
    if not accept and not comments:
        raise ValidationError(RETURN_NEEDS_COMMENTS, code="comments")
    now = now or timezone.now()
    status = ReviewStatus.ACCEPTED if accept else ReviewStatus.RETURNED
    changed = SubmissionVersion.objects.filter(
        pk=version.pk, review_status=ReviewStatus.PENDING
    ).update(review_status=status, reviewed_by=reviewer, reviewed_at=now,
             review_comments=comments)
    if changed != 1:
        raise ValidationError(ALREADY_REVIEWED, code="reviewed")
    version.refresh_from_db()
    version.save()  # records the review in the history, with its author
    obligation = version.submission.obligation
    send_templated(
        template="review",
        subject=SUBJECT_REVIEW_ACCEPTED if accept else SUBJECT_REVIEW_RETURNED,
        subject_params={"request": obligation.request.label, "number": version.number},
        recipients=centre_recipients(obligation.centre, version.recorded_by),
        context={"version": version, "obligation": obligation},
    )
    return version


def review_queue():
    """Versions awaiting review, oldest first, with what the queue page shows."""
    return (
        SubmissionVersion.objects.filter(review_status=ReviewStatus.PENDING)
        .select_related("submission__obligation__request__decision",
                        "submission__obligation__centre", "recorded_by")
        .prefetch_related("files")
        .order_by("received_at", "pk")
    )


def extension_requests_open():
    return (
        Extension.objects.filter(status=Extension.Status.REQUESTED)
        .select_related("obligation__request__decision", "obligation__centre", "requested_by")
        .order_by("requested_at", "pk")
    )


# --- extensions ---------------------------------------------------------------------------------

def current_due_date(obligation):
    """The due date in force: the latest granted extension's, else the request's."""
    granted = [e for e in obligation.extensions.all() if e.status == Extension.Status.GRANTED]
    granted.sort(key=lambda e: (e.decided_at, e.pk))
    return granted[-1].new_due_date if granted else obligation.request.due_date


def secretariat_recipients():
    return [(settings.REGISTRY_SECRETARIAT_EMAIL, settings.LANGUAGE_CODE)]


@transaction.atomic
def extension_request(*, obligation, new_due_date, reason, requested_by, now=None):
    """Ask the Secretariat for a later due date; tell the Secretariat."""
    now = now or timezone.now()
    obligation = _lock_obligation(obligation)
    if obligation.waived_at is not None:
        raise ValidationError(WAIVED, code="waived")
    if Submission.objects.filter(obligation=obligation, versions__isnull=False).exists():
        raise ValidationError(EXTENSION_SUBMITTED, code="submitted")
    due = current_due_date(obligation)
    if due is None:
        raise ValidationError(NO_DUE_DATE, code="no_due_date")
    if new_due_date <= due:
        raise ValidationError(EXTENSION_NOT_LATER % {"due": due}, code="not_later")
    try:
        with transaction.atomic():
            extension = Extension.objects.create(
                obligation=obligation, new_due_date=new_due_date, reason=reason.strip(),
                status=Extension.Status.REQUESTED, requested_by=requested_by, requested_at=now,
            )
    except IntegrityError:
        raise ValidationError(EXTENSION_OPEN, code="open") from None
    send_templated(
        template="extension", subject=SUBJECT_EXTENSION_REQUESTED,
        subject_params={"request": obligation.request.label, "centre": obligation.centre},
        recipients=secretariat_recipients() + centre_recipients(obligation.centre, requested_by),
        context={"extension": extension, "obligation": obligation, "due": due},
    )
    return extension


@transaction.atomic
def extension_decide(*, extension, decided_by, grant, response="", now=None):
    """Grant or refuse a requested extension; tell the centre and the Secretariat."""
    response = (response or "").strip()
    if not grant and not response:
        raise ValidationError(REFUSAL_NEEDS_MESSAGE, code="response")
    now = now or timezone.now()
    status = Extension.Status.GRANTED if grant else Extension.Status.REFUSED
    changed = Extension.objects.filter(
        pk=extension.pk, status=Extension.Status.REQUESTED
    ).update(status=status, decided_by=decided_by, decided_at=now, response=response)
    if changed != 1:
        raise ValidationError(EXTENSION_DECIDED, code="decided")
    extension.refresh_from_db()
    extension.save()  # records the decision in the history, with its author
    obligation = extension.obligation
    send_templated(
        template="extension",
        subject=SUBJECT_EXTENSION_GRANTED if grant else SUBJECT_EXTENSION_REFUSED,
        subject_params={"request": obligation.request.label, "centre": obligation.centre},
        recipients=centre_recipients(obligation.centre, extension.requested_by)
        + secretariat_recipients(),
        context={"extension": extension, "obligation": obligation},
    )
    return extension


@transaction.atomic
def obligation_waive(*, obligation, waived_by, reason, now=None):
    """Waive an obligation with a reason (no more uploads are accepted)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(WAIVER_NEEDS_REASON, code="reason")
    changed = Obligation.objects.filter(pk=obligation.pk, waived_at__isnull=True).update(
        waived_at=now or timezone.now(), waived_by=waived_by, waived_reason=reason
    )
    if changed != 1:
        raise ValidationError(ALREADY_WAIVED, code="waived")
    obligation.refresh_from_db()
    obligation.save()  # records the waiver in the history, with its author
    return obligation


def days_to_deadline(due_date, now):
    """Whole days from today (in Geneva) to `due_date`: negative when late."""
    if due_date is None:
        return None
    today = timezone.localtime(now, secretariat_tz()).date()
    if now >= deadline_for(due_date):
        return min((due_date - today).days, -1)
    return (due_date - today).days

