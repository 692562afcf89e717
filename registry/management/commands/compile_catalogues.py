"""Compile the translation catalogues (.po -> .mo) with polib: see registry/catalogues.py."""

from django.conf import settings
from django.core.management.base import BaseCommand

from registry.catalogues import main


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files with polib (no GNU gettext needed)."
    # Files only: no database, no system check.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even up-to-date files.")

    def handle(self, *args, force=False, **options):
        main(roots=settings.LOCALE_PATHS, force=force, out=self.stdout)
