"""Fixtures of the outbox tests: a mail server that answers as scripted, and one queued email."""

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from outbox import services
from outbox.models import EmailKind
from tests.outbox.moments import NOW


class ScriptedBackend(BaseEmailBackend):
    """Raise the next scripted error, or deliver to the outbox when the script is empty."""

    script = []

    def send_messages(self, messages):
        if ScriptedBackend.script:
            raise ScriptedBackend.script.pop(0)
        mail.outbox.extend(messages)
        return len(messages)


@pytest.fixture
def scripted(settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.ScriptedBackend"}}
    mail.outbox = []
    ScriptedBackend.script = []
    return ScriptedBackend.script


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
