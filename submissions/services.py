"""Writes that touch several models: obligations kept in step, and one service per action.

Every door (the portal, the Secretariat's pages, the admin, the demo loader) calls the same
action service, so the same checks apply whichever way a record comes in: `version_upload`,
`version_record`, `version_review`, `extension_request`, `extension_decide`, `obligation_waive`.
Each locks the row it changes (`select_for_update`), checks its state, and saves it once, so
the history records the change once, with its author. Emails are queued for after the commit.
Errors are `ValidationError`s keyed by the field they concern (or not keyed, for the state of
the record), with the messages below, so a form shows them where they belong.
"""

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Party
from datastamp.stamp import stamp_bump

from . import uploads
from .models import (
    Extension,
    Obligation,
    ReceivedThrough,
    Request,
    ReviewStatus,
    Submission,
    SubmissionFile,
    SubmissionVersion,
    secretariat_tz,
)
from .review import (
    SUBJECT_EXTENSION_GRANTED,
    SUBJECT_EXTENSION_REFUSED,
    SUBJECT_EXTENSION_REQUESTED,
    SUBJECT_REVIEW_ACCEPTED,
    SUBJECT_REVIEW_RETURNED,
    centre_recipients,
    current_due_date,
    receipt_send,
    secretariat_recipients,
    send_templated,
)
from .status_store import obligations_status_refresh

# Bounds on free text, shared by the services (the rule) and the forms (the message).
NOTE_MAX_LENGTH = 2000
REASON_MAX_LENGTH = 2000
RESPONSE_MAX_LENGTH = 2000
COMMENTS_MAX_LENGTH = 5000
EVIDENCE_MAX_LENGTH = 5000

WAIVED = _("This obligation was waived by the Secretariat; nothing more can be submitted.")
IDENTICAL = _(
    "These files are identical to version %(number)s, received on %(received)s. "
    "Nothing new was recorded."
)
NOT_BY_HAND = _("Choose email or paper: portal versions are recorded by the portal.")
RECEIVED_IN_FUTURE = _("A version cannot be received in the future.")
RECEIVED_BEFORE_REQUEST = _(
    "A version cannot be received before its request was issued (%(issued)s)."
)
RECEIVED_AFTER_WAIVER = _(
    "This obligation was waived on %(waived)s; a version received after that cannot be recorded."
)
ALREADY_REVIEWED = _("This version was already reviewed.")
FLAGS_NOT_SEEN = _(
    "This version was flagged by the upload checks: read the flags and confirm it to accept it."
)
RETURN_NEEDS_COMMENTS = _("Say what must be revised: the comments are sent to the centre.")
NO_DUE_DATE = _("This request has no due date to extend.")
EXTENSION_NOT_LATER = _("Propose a date after the current due date (%(due)s).")
EXTENSION_TOO_FAR = _(
    "Propose a date at most %(days)s days after the current due date, i.e. by %(latest)s."
)
EXTENSION_OPEN = _("An extension request is already awaiting the Secretariat's decision.")
EXTENSION_SUBMITTED = _("This obligation is already met; no extension is needed.")
EXTENSION_NEEDS_REASON = _("Say why a later due date is needed.")
EXTENSION_DECIDED = _("This extension request was already decided.")
REFUSAL_NEEDS_MESSAGE = _("Say why the extension is refused: the message is sent to the centre.")
ALREADY_WAIVED = _("This obligation is already waived.")
INVITATION_NOT_WAIVED = _("An invitation is not waived: nobody owes a reply to it.")
WAIVER_NEEDS_REASON = _("Say why the obligation is waived.")
TEXT_TOO_LONG = _("Write at most %(limit)s characters (this text has %(length)s).")

CHUNK_SIZE = 64 * 1024

# What a review and an extension decision read besides their row: their emails name these.
VERSION_REVIEW_ROWS = (
    "submission__obligation__request__decision",
    "submission__obligation__centre",
    "recorded_by",
)
EXTENSION_DECISION_ROWS = ("obligation__request__decision", "obligation__centre", "requested_by")


class IdenticalUpload(ValidationError):
    """The files are exactly those of the latest version."""

    def __init__(self, version):
        self.version = version
        received = timezone.localtime(version.received_at, secretariat_tz())
        super().__init__(
            IDENTICAL
            % {
                "number": version.number,
                "received": formats.date_format(received, "DATETIME_FORMAT"),
            },
            code="identical",
        )


def request_addressees(request):
    """Return the ids of the centres and of the Parties that `request` is addressed to."""
    centre_ids = set(request.centres.values_list("pk", flat=True))
    if request.convention_centres:
        centre_ids |= set(
            Centre.objects.active_on(
                request.reference_date, request.convention_centres
            ).values_list("pk", flat=True)
        )
    if request.all_parties:
        party_ids = set(Party.objects.values_list("pk", flat=True))
    else:
        party_ids = set(request.parties.values_list("pk", flat=True))
    return centre_ids, party_ids


def _has_records(queryset):
    """Obligations that must never be removed: something was received, extended or waived."""
    return queryset.filter(
        Q(submission__isnull=False) | Q(extensions__isnull=False) | Q(waived_at__isnull=False)
    )


@transaction.atomic
def obligations_sync(*, request):
    """Create the obligations `request` implies and remove those it no longer implies.

    An obligation with any record (a submission, an extension, a waiver) is kept, so nothing
    received is ever lost; a centre that ceased keeps its past obligations because it was
    active on the due date. Safe to run concurrently: uniqueness is the database's.
    Return (created, removed).
    """
    centre_ids, party_ids = request_addressees(request)
    existing = Obligation.objects.filter(request=request)
    have_centres = set(existing.filter(centre__isnull=False).values_list("centre_id", flat=True))
    have_parties = set(existing.filter(party__isnull=False).values_list("party_id", flat=True))
    # Sorted, so that concurrent syncs insert (and lock) rows in the same order: no deadlock.
    new = [Obligation(request=request, centre_id=c) for c in sorted(centre_ids - have_centres)]
    new += [Obligation(request=request, party_id=p) for p in sorted(party_ids - have_parties)]
    Obligation.objects.bulk_create(new, ignore_conflicts=True)
    if new:
        stamp_bump()  # bulk inserts send no signals
        obligations_status_refresh(obligations=existing.filter(status_valid_until__isnull=True))

    stale = existing.filter(
        Q(centre_id__in=have_centres - centre_ids) | Q(party_id__in=have_parties - party_ids)
    )
    keep = set(_has_records(stale).values_list("pk", flat=True))
    removed, _counts = stale.exclude(pk__in=keep).delete()
    return len(new), removed


def obligations_sync_for_centre(*, centre):
    """Re-sync every request that could concern `centre` (after its endorsements changed)."""
    requests = Request.objects.filter(
        Q(convention_centres__in=centre.conventions)
        | Q(centres=centre)
        | Q(obligations__centre=centre)
    ).distinct()
    # In pk order, like every sync loop, so that concurrent loops lock rows in the same order.
    for request in requests.select_related("decision").order_by("pk"):
        obligations_sync(request=request)


def obligations_sync_all():
    for request in Request.objects.select_related("decision").order_by("pk"):
        obligations_sync(request=request)


def _hashed(files):
    """[(file, SHA-256, size)] of `files`, each read once."""
    return [(uploaded, *_stream_sha256(uploaded)) for uploaded in files]


def _stream_sha256(uploaded):
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded.chunks(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return digest.hexdigest(), size


# --- bounds ---------------------------------------------------------------------------------


def _authored(instance, user):
    """Name `user` as the author of the history row that saving `instance` writes
    (django-simple-history's `_history_user`), whichever door or task saves it."""
    instance._history_user = user


def _update_authored(instance, user, /, **fields):
    """Set `fields` on `instance` and save only those, in one write: one history row, by `user`."""
    for name, value in fields.items():
        setattr(instance, name, value)
    _authored(instance, user)
    instance.save(update_fields=list(fields))


def bounded_text(value, *, field, limit, required_message=None):
    """Return `value` stripped; raise when it is longer than `limit` (or empty when required)."""
    value = (value or "").strip()
    if required_message and not value:
        raise ValidationError({field: ValidationError(required_message, code="required")})
    if len(value) > limit:
        raise ValidationError(
            {
                field: ValidationError(
                    TEXT_TOO_LONG % {"limit": limit, "length": len(value)}, code="max_length"
                )
            }
        )
    return value


def check_received_at(*, obligation, received_at, now):
    """Refuse a receipt time in the future, or before the request existed (Geneva days)."""
    if received_at > now:
        raise ValidationError({"received_at": ValidationError(RECEIVED_IN_FUTURE, code="future")})
    issued = obligation.request.issued_date
    if issued is not None:
        received_day = timezone.localtime(received_at, secretariat_tz()).date()
        if received_day < issued:
            raise ValidationError(
                {
                    "received_at": ValidationError(
                        RECEIVED_BEFORE_REQUEST % {"issued": issued}, code="before_request"
                    )
                }
            )


def extension_latest_date(due):
    """Return the latest due date an extension of `due` may set (the horizon)."""
    days = settings.REGISTRY_EXTENSION_MAX_DAYS
    try:
        return due + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max


def check_new_due_date(*, due, new_due_date):
    """Refuse a new due date that is not after `due`, or beyond the horizon."""
    if new_due_date <= due:
        raise ValidationError(
            {
                "new_due_date": ValidationError(
                    EXTENSION_NOT_LATER % {"due": formats.date_format(due)}, code="not_later"
                )
            }
        )
    latest = extension_latest_date(due)
    if new_due_date > latest:
        raise ValidationError(
            {
                "new_due_date": ValidationError(
                    EXTENSION_TOO_FAR
                    % {"days": settings.REGISTRY_EXTENSION_MAX_DAYS, "latest": latest},
                    code="too_far",
                )
            }
        )


# --- versions -------------------------------------------------------------------------------


def _locked(model, pk, *related):
    """Read row `pk` of `model` again, locking that row only, with `related` fetched."""
    return model.objects.select_for_update(of=("self",)).select_related(*related).get(pk=pk)


def _lock_obligation(obligation):
    return _locked(Obligation, obligation.pk, "request__decision", "centre")


def _lock_open_obligation(obligation):
    """Lock `obligation`, refusing it once waived: it takes no more versions or requests."""
    obligation = _lock_obligation(obligation)
    if obligation.waived_at is not None:
        raise ValidationError(WAIVED, code="waived")
    return obligation


def _latest_version(obligation):
    return (
        SubmissionVersion.objects.filter(submission__obligation=obligation)
        .prefetch_related("files")
        .order_by("-number")
        .first()
    )


def _store_version(
    *, obligation, files, received_at, received_through, recorded_by, note, digests=None
):
    """Store a version of the locked `obligation` with its files (already checked);
    `digests` are `_hashed(files)` when the caller has them already."""
    digests = digests or _hashed(files)
    submission, _created = Submission.objects.get_or_create(obligation=obligation)
    # The locked row, with its request and centre, is what the receipt reads: without it,
    # `version.submission.obligation` read the obligation, its request, decision and centre
    # again, one query each.
    submission.obligation = obligation
    # The obligation row is locked: two concurrent versions get distinct numbers.
    last = submission.versions.aggregate(n=Max("number"))["n"] or 0
    version = SubmissionVersion(
        submission=submission,
        number=last + 1,
        received_at=received_at,
        received_through=received_through,
        recorded_by=recorded_by,
        note=note,
        # Files checked by `uploads.validate_uploads` carry what staff must see before accepting.
        upload_flags="\n".join(getattr(files, "flags", ())),
    )
    _authored(version, recorded_by)
    version.save(force_insert=True)
    stored = []
    try:
        for uploaded, sha256, size in digests:
            f = SubmissionFile(
                version=version,
                original_name=uploaded.name[:255],
                size=size,
                sha256=sha256,
                content_type=getattr(uploaded, "content_type", "") or "",
            )
            f.file.save(uploaded.name, File(uploaded), save=False)
            stored.append(f.file)
            f.save()
    except (IntegrityError, OSError):
        for stored_file in stored:
            stored_file.delete(save=False)
        raise
    return version


def _files_checked(files):
    # Files the admin's form already judged come as `CheckedFiles`, which only
    # `validate_uploads` makes: judging (and scanning) them again would double the work.
    if isinstance(files, uploads.CheckedFiles):
        return files
    try:
        return uploads.validate_uploads(files)
    except ValidationError as exc:
        raise ValidationError({"files": exc.error_list}) from None


@transaction.atomic
def version_upload(*, obligation, files, uploaded_by, user_tz=None, now=None):
    """Record files a centre's contact uploaded as a new version and send the receipt.

    Refuse a waived obligation and files identical to the latest version (`IdenticalUpload`).
    Nothing is stored unless everything is accepted.
    """
    files = _files_checked(files)
    obligation = _lock_open_obligation(obligation)
    hashed = _hashed(files)  # read once: for the comparison and for the stored rows
    latest = _latest_version(obligation)
    if latest is not None and sorted(f.sha256 for f in latest.files.all()) == sorted(
        sha256 for _f, sha256, _size in hashed
    ):
        raise IdenticalUpload(latest)
    version = _store_version(
        obligation=obligation,
        files=files,
        received_at=now or timezone.now(),
        received_through=ReceivedThrough.PORTAL,
        recorded_by=uploaded_by,
        note="",
        digests=hashed,
    )
    receipt_send(version=version, uploaded_by=uploaded_by, user_tz=user_tz)
    return version


@transaction.atomic
def version_record(
    *, obligation, files, received_at, received_through, recorded_by=None, note="", now=None
):
    """Record a version the Secretariat received by email or on paper, at its real time.

    The files pass the portal's checks; the time must lie between the request's issue and
    now, and after no waiver. `recorded_by` is None only for records loaded by the system.
    """
    now = now or timezone.now()
    if received_through == ReceivedThrough.PORTAL:
        raise ValidationError({"received_through": ValidationError(NOT_BY_HAND, code="through")})
    note = bounded_text(note, field="note", limit=NOTE_MAX_LENGTH)
    files = _files_checked(files)
    obligation = _lock_obligation(obligation)
    check_received_at(obligation=obligation, received_at=received_at, now=now)
    if obligation.waived_at is not None and received_at >= obligation.waived_at:
        waived = timezone.localtime(obligation.waived_at, secretariat_tz())
        raise ValidationError(
            RECEIVED_AFTER_WAIVER % {"waived": formats.date_format(waived, "DATETIME_FORMAT")},
            code="waived",
        )
    return _store_version(
        obligation=obligation,
        files=files,
        received_at=received_at,
        received_through=received_through,
        recorded_by=recorded_by,
        note=note,
    )


@transaction.atomic
def version_review(*, version, reviewer, accept, comments="", flags_seen=False, now=None):
    """Accept a pending version, or return it for revision with comments; tell the centre.

    A version flagged by the upload checks is accepted only with `flags_seen`.
    """
    comments = bounded_text(
        comments,
        field="comments",
        limit=COMMENTS_MAX_LENGTH,
        required_message=None if accept else RETURN_NEEDS_COMMENTS,
    )
    version = _locked(SubmissionVersion, version.pk, *VERSION_REVIEW_ROWS)
    if version.review_status != ReviewStatus.PENDING:
        raise ValidationError(ALREADY_REVIEWED, code="reviewed")
    if accept and version.upload_flags.strip() and not flags_seen:
        raise ValidationError({"flags_seen": ValidationError(FLAGS_NOT_SEEN, code="flags")})
    _update_authored(
        version,
        reviewer,
        review_status=ReviewStatus.ACCEPTED if accept else ReviewStatus.RETURNED,
        reviewed_by=reviewer,
        reviewed_at=now or timezone.now(),
        review_comments=comments,
    )
    obligation = version.submission.obligation
    if obligation.centre_id:
        send_templated(
            template="review",
            subject=SUBJECT_REVIEW_ACCEPTED if accept else SUBJECT_REVIEW_RETURNED,
            subject_params={"request": obligation.request.label, "number": version.number},
            recipients=centre_recipients(obligation.centre, version.recorded_by),
            context={"version": version, "obligation": obligation},
        )
    return version


# --- extensions -----------------------------------------------------------------------------


@transaction.atomic
def extension_request(*, obligation, new_due_date, reason, requested_by, now=None):
    """Ask the Secretariat for a later due date, within the horizon; tell the Secretariat."""
    now = now or timezone.now()
    reason = bounded_text(
        reason, field="reason", limit=REASON_MAX_LENGTH, required_message=EXTENSION_NEEDS_REASON
    )
    obligation = _lock_open_obligation(obligation)
    if Submission.objects.filter(obligation=obligation, versions__isnull=False).exists():
        raise ValidationError(EXTENSION_SUBMITTED, code="submitted")
    due = current_due_date(obligation)
    if due is None:
        raise ValidationError(NO_DUE_DATE, code="no_due_date")
    check_new_due_date(due=due, new_due_date=new_due_date)
    try:
        with transaction.atomic():
            extension = Extension(
                obligation=obligation,
                new_due_date=new_due_date,
                reason=reason,
                status=Extension.Status.REQUESTED,
                requested_by=requested_by,
                requested_at=now,
            )
            _authored(extension, requested_by)
            extension.save(force_insert=True)
    except IntegrityError:
        raise ValidationError(EXTENSION_OPEN, code="open") from None
    recipients = secretariat_recipients()
    if obligation.centre_id:
        recipients += centre_recipients(obligation.centre, requested_by)
    send_templated(
        template="extension",
        subject=SUBJECT_EXTENSION_REQUESTED,
        subject_params={"request": obligation.request.label, "centre": obligation.addressee},
        recipients=recipients,
        context={"extension": extension, "obligation": obligation, "due": due},
    )
    return extension


@transaction.atomic
def extension_decide(*, extension, decided_by, grant, response="", now=None):
    """Grant or refuse a requested extension; tell the centre and the Secretariat."""
    response = bounded_text(
        response,
        field="response",
        limit=RESPONSE_MAX_LENGTH,
        required_message=None if grant else REFUSAL_NEEDS_MESSAGE,
    )
    extension = _locked(Extension, extension.pk, *EXTENSION_DECISION_ROWS)
    if extension.status != Extension.Status.REQUESTED:
        raise ValidationError(EXTENSION_DECIDED, code="decided")
    _update_authored(
        extension,
        decided_by,
        status=Extension.Status.GRANTED if grant else Extension.Status.REFUSED,
        decided_by=decided_by,
        decided_at=now or timezone.now(),
        response=response,
    )
    obligation = extension.obligation
    recipients = secretariat_recipients()
    if obligation.centre_id:
        recipients = centre_recipients(obligation.centre, extension.requested_by) + recipients
    send_templated(
        template="extension",
        subject=SUBJECT_EXTENSION_GRANTED if grant else SUBJECT_EXTENSION_REFUSED,
        subject_params={"request": obligation.request.label, "centre": obligation.addressee},
        recipients=recipients,
        context={"extension": extension, "obligation": obligation},
    )
    return extension


@transaction.atomic
def obligation_waive(*, obligation, waived_by, reason, now=None):
    """Waive an obligation with a reason (no more uploads are accepted)."""
    reason = bounded_text(
        reason, field="reason", limit=REASON_MAX_LENGTH, required_message=WAIVER_NEEDS_REASON
    )
    obligation = _lock_obligation(obligation)
    if obligation.request.is_invitation:
        raise ValidationError(INVITATION_NOT_WAIVED, code="invitation")
    if obligation.waived_at is not None:
        raise ValidationError(ALREADY_WAIVED, code="waived")
    _update_authored(
        obligation,
        waived_by,
        waived_at=now or timezone.now(),
        waived_by=waived_by,
        waived_reason=reason,
    )
    return obligation
