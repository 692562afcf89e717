"""Stamp every obligation's stored status afresh (after changing REGISTRY_DUE_SOON_DAYS)."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from submissions.models import Obligation
from submissions.status_store import obligations_status_refresh


class Command(BaseCommand):
    help = _(
        "Stamp every obligation's stored status as at now, by the status rule. The writes and "
        "the deadlines scan keep it; run this after changing REGISTRY_DUE_SOON_DAYS."
    )

    def handle(self, *args, **options):
        stamped = obligations_status_refresh(obligations=Obligation.objects.all())
        self.stdout.write(_("Stamped %(count)d obligations.") % {"count": stamped})
