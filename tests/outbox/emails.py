"""Builders of the outbox tests: the instant they run at, and emails queued then."""

import datetime as dt

from outbox import services
from outbox.models import EmailKind

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def queue_one_time_link(**overrides):
    """Queue a password-reset email whose content is erased once sent."""
    values = {
        "kind": EmailKind.ACCOUNT,
        "recipient": "ana@centre-a.org",
        "subject": "Password reset",
        "text": "https://x/reset/secret/",
        "keep_content": False,
        "now": NOW,
    }
    return services.email_queue(**(values | overrides))


def queue_digest(once_key):
    """Queue a staff digest under `once_key`."""
    return services.email_queue(
        kind=EmailKind.DIGEST,
        recipient="staff@brsmeas.org",
        subject="Digest",
        text="t",
        once_key=once_key,
        now=NOW,
    )
