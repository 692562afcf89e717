"""Copy the uploads between a folder and the configured storage, verifying every SHA-256."""

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from registry.storage import folder_storage, same_place, uploads_copy


class Command(BaseCommand):
    help = (
        "Copy every uploaded file from a folder into the configured storage (--from-folder: "
        "moving to a bucket, restoring a backup), or from the storage into a folder "
        "(--to-folder: a backup). Every copy is read back and its SHA-256 checked against the "
        "source and the row; files already copied are verified and skipped, so a run that "
        "stopped can be started again. Exits 1 when a file is missing, differs or failed."
    )

    def add_arguments(self, parser):
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--from-folder", help="copy from this folder into the storage")
        where.add_argument("--to-folder", help="copy from the storage into this folder")
        parser.add_argument(
            "--delete-source",
            action="store_true",
            help="remove each file from the source once its copy is verified (a move)",
        )

    def handle(self, *args, from_folder=None, to_folder=None, delete_source=False, **options):
        if from_folder:
            source, target = folder_storage(from_folder), default_storage
        else:
            source, target = default_storage, folder_storage(to_folder)
        if same_place(source, target):
            raise CommandError(
                "The folder is the storage itself (REGISTRY_MEDIA_ROOT): nothing to copy. "
                "Set REGISTRY_S3_BUCKET to copy into a bucket."
            )
        report = uploads_copy(source=source, target=target, delete_source=delete_source)
        for line in report.lines():
            self.stdout.write(line)
        if not report.ok:
            raise CommandError("Some files were not copied (listed above); run again once fixed.")
        self.stdout.write(self.style.SUCCESS("Every file is in place with its SHA-256."))
