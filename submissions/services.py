"""Writes that touch several models: keeping obligations in step, recording versions."""

import hashlib

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Party
from centres.stamp import stamp_bump

from .models import (
    Obligation,
    Request,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)

NO_FILES = _("Attach at least one file.")
EMPTY_FILE = _("The file “%(name)s” is empty.")

CHUNK_SIZE = 64 * 1024


def request_addressees(request):
    """Return the ids of the centres and of the Parties that `request` is addressed to."""
    centre_ids = set(request.centres.values_list("pk", flat=True))
    if request.convention_centres:
        centre_ids |= set(
            Centre.objects.active_on(request.reference_date, request.convention_centres)
            .values_list("pk", flat=True)
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


def _stream_sha256(uploaded):
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded.chunks(CHUNK_SIZE):
        digest.update(chunk)
        size += len(chunk)
    uploaded.seek(0)
    return digest.hexdigest(), size


@transaction.atomic
def version_create(*, obligation, files, received_at=None, received_through, recorded_by=None,
                   note=""):
    """Record a new version of the obligation's submission with its files.

    Computes each file's SHA-256 by streaming its chunks; never touches earlier versions.
    """
    from django.core.exceptions import ValidationError

    if not files:
        raise ValidationError(NO_FILES)
    digests = []
    for uploaded in files:
        sha256, size = _stream_sha256(uploaded)
        if size == 0:
            raise ValidationError(EMPTY_FILE % {"name": uploaded.name})
        digests.append((uploaded, sha256, size))

    submission, _created = Submission.objects.get_or_create(obligation=obligation)
    # Lock the submission row so that two concurrent versions get distinct numbers.
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    last = submission.versions.aggregate(n=Max("number"))["n"] or 0
    version = SubmissionVersion.objects.create(
        submission=submission,
        number=last + 1,
        received_at=received_at or timezone.now(),
        received_through=received_through,
        recorded_by=recorded_by,
        note=note,
    )
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
