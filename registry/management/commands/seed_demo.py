"""Load the demo network, illustrative submissions and the demo accounts (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from evaluations import demo as evaluations_demo
from registry.demo import (
    cop_note,
    gaps,
    host_changes,
    invitations,
    network,
    published,
    received,
    secretariat,
)
from submissions import demo_reminders
from submissions.status import local_date


class Command(BaseCommand):
    help = "Load the demo data: the real network of centres, requests, submissions, accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            network.seed(stdout=self.stdout)
            host_changes.seed(stdout=self.stdout)
            received.seed(stdout=self.stdout)
            secretariat.seed(stdout=self.stdout)
            published.seed(stdout=self.stdout)
            invitations.seed(stdout=self.stdout)
        with transaction.atomic():
            evaluations_demo.seed(stdout=self.stdout)
        with transaction.atomic():
            demo_reminders.seed(stdout=self.stdout, now=timezone.now())
        with transaction.atomic():
            cop_note.seed(stdout=self.stdout)
        with transaction.atomic():
            gaps.seed(stdout=self.stdout, today=local_date(timezone.now()))
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready. Accounts (password 'registry-demo'): secretariat, bureau, "
                "director.br, director.es."
            )
        )
