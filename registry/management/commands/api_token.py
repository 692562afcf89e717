"""Create a personal API token for a user and print it (for scripts, CI and the API fuzz run)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registry.api import services


class Command(BaseCommand):
    help = "Create a personal API token for USER and print its secret (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--days", type=int, default=30)

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user {options['username']!r}.")
        try:
            _token, secret = services.api_token_create(
                user=user, name=options["name"], days=options["days"], now=timezone.now()
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(secret)
