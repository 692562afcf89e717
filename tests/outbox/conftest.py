"""Fixtures of the outbox tests: one queued email."""

import pytest

from outbox import services
from outbox.models import EmailKind
from tests.outbox.emails import NOW


@pytest.fixture
def queued(db, settings):
    """One receipt, rendered when queued, its task not run (no commit in a test transaction)."""
    settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS = 60
    return services.email_queue(
        kind=EmailKind.RECEIPT,
        recipient="ana@centre-a.org",
        language="es",
        subject="Receipt: workplan, version 1",
        text="We received your files.",
        html="<p>We received your files.</p>",
        now=NOW,
    )
