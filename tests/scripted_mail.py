"""An email backend that fails as a test scripts it, then delivers to Django's test outbox."""

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend


class ScriptedBackend(BaseEmailBackend):
    """Raise the next scripted error, or deliver to the outbox when the script is empty."""

    script = []

    def send_messages(self, messages):
        if ScriptedBackend.script:
            raise ScriptedBackend.script.pop(0)
        mail.outbox.extend(messages)
        return len(messages)
