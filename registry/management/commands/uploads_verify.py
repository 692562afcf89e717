"""Check that every uploaded file is in the storage with the SHA-256 its row records."""

from django.core.management.base import BaseCommand, CommandError

from registry.storage import uploads_verify


class Command(BaseCommand):
    help = (
        "Read every file the database points at from the configured storage (the folder or the "
        "bucket) and compare its SHA-256 with its row. Exits 1 when one is missing or differs."
    )

    def handle(self, *args, **options):
        report = uploads_verify()
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Some files are missing or differ (listed above).")
        self.stdout.write(self.style.SUCCESS("Every file matches its row's SHA-256."))
