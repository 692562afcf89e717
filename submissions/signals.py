"""Keep obligations in step with requests, centres, endorsements and Parties."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from centres.models import Centre, Endorsement, Party

from . import services
from .models import Obligation, Request, SubmissionVersion


@receiver(post_save, sender=Request)
def request_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.obligations_sync(request=instance)


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
def version_changed(sender, instance, update_fields=None, **kwargs):
    """Keep the obligation's stored first receipt equal to its earliest version's."""
    if update_fields is not None and not {"received_at", "submission"} & set(update_fields):
        return  # e.g. a review: the receipt did not move
    Obligation.objects.filter(submission=instance.submission_id).first_receipt_refresh()
