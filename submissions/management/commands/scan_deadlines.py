"""Run the deadlines scan synchronously, as the hourly beat does, as at any instant."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from submissions import reminders
from submissions.selectors import parse_as_at


class Command(BaseCommand):
    help = (
        "Flag obligations that just became overdue and queue the reminders due, as at "
        "--as-of (default: now). With --digest, also queue this week's digest."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default="",
            help="An ISO timestamp with a time zone (2016-12-31T09:00:00+01:00), or a date "
            "(its end in Geneva time).",
        )
        parser.add_argument(
            "--digest",
            action="store_true",
            help="Also queue the weekly digest of that week (once a week).",
        )

    def handle(self, *args, as_of, digest, **options):
        if as_of:
            try:
                now = parse_as_at(as_of)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        else:
            now = timezone.now()
        result = reminders.deadlines_scan(now=now)
        self.stdout.write(result.summary())
        if digest:
            made = reminders.digest_send(now=now)
            if made is None:
                self.stdout.write("This week's digest was already queued.")
            else:
                self.stdout.write(
                    f"Queued the digest of the week of {made.week} "
                    f"to {made.emails.count()} recipients."
                )
