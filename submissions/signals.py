"""Keep obligations in step with requests, centres, endorsements and Parties."""

from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from centres.models import Centre, Endorsement, Party

from . import services
from .models import Extension, Obligation, Request, SubmissionVersion
from .status_store import obligations_status_refresh


@receiver(post_save, sender=Request)
def request_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.obligations_sync(request=instance)
        # Its due date or mode may have changed: every addressee's status with it.
        obligations_status_refresh(obligations=Obligation.objects.filter(request=instance))


@receiver(m2m_changed, sender=Request.centres.through)
@receiver(m2m_changed, sender=Request.parties.through)
def request_addressees_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        services.obligations_sync(request=instance)


@receiver(post_save, sender=Endorsement)
@receiver(post_delete, sender=Endorsement)
def endorsement_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        try:
            centre = Centre.objects.get(pk=instance.centre_id)
        except Centre.DoesNotExist:  # the centre itself is being deleted
            return
        services.obligations_sync_for_centre(centre=centre)


@receiver(post_save, sender=Centre)
def centre_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and not created:
        services.obligations_sync_for_centre(centre=instance)


@receiver(post_save, sender=Party)
def party_saved(sender, instance, created, raw=False, **kwargs):
    if not raw and created:
        requests = Request.objects.filter(all_parties=True).select_related("decision")
        for request in requests.order_by("pk"):
            services.obligations_sync(request=request)


@receiver(post_save, sender=SubmissionVersion)
@receiver(post_delete, sender=SubmissionVersion)
def version_changed(sender, instance, update_fields=None, created=False, **kwargs):
    """Keep the obligation's stored first receipt equal to its earliest version's."""
    if update_fields is not None and not {"received_at", "submission"} & set(update_fields):
        return  # e.g. a review: the receipt did not move
    obligations = Obligation.objects.filter(submission=instance.submission_id)
    if created:
        # A new version received after the first receipt moves neither it nor any input of
        # the status rule: the obligation's stamp still holds (the common upload, a revision).
        moved = obligations.filter(
            Q(first_receipt_at__isnull=True) | Q(first_receipt_at__gt=instance.received_at)
        )
        if not moved.first_receipt_refresh():
            return
    else:
        obligations.first_receipt_refresh()
    obligations_status_refresh(obligations=obligations)


@receiver(post_save, sender=Extension)
@receiver(post_delete, sender=Extension)
def extension_changed(sender, instance, raw=False, **kwargs):
    """Re-stamp the obligation's status: the extension in force may have changed."""
    if not raw:
        obligations_status_refresh(obligations=Obligation.objects.filter(pk=instance.obligation_id))


@receiver(post_save, sender=Obligation)
def obligation_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    """Stamp a new obligation, and re-stamp a waived (or un-waived) one."""
    if raw or (update_fields is not None and not {"waived_at", "request"} & set(update_fields)):
        return
    obligations_status_refresh(obligations=Obligation.objects.filter(pk=instance.pk))
