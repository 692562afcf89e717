"""Load the demo network, illustrative submissions and the demo accounts (idempotent)."""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from registry.demo import network, received

# Loaders of the other apps, called after the network exists, when they are installed.
HOOKS = ["evaluations.demo", "submissions.demo_reminders"]


class Command(BaseCommand):
    help = "Load the demo data: the real network of centres, requests, submissions, accounts."

    def handle(self, *args, **options):
        with transaction.atomic():
            network.seed(stdout=self.stdout)
            received.seed(stdout=self.stdout)
        for path in HOOKS:
            try:
                module = importlib.import_module(path)
            except ModuleNotFoundError as exc:
                if exc.name != path:
                    raise
                continue
            with transaction.atomic():
                kwargs = {"stdout": self.stdout}
                if "now" in module.seed.__code__.co_varnames:
                    kwargs["now"] = timezone.now()
                module.seed(**kwargs)
        self.stdout.write(self.style.SUCCESS(
            "Demo data ready. Accounts (password 'registry-demo'): secretariat, bureau, "
            "director.br, director.es."
        ))
