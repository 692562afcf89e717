"""A real SMTP server of the test's own (aiosmtpd) on a free port, refusing or accepting mail."""

from aiosmtpd.controller import Controller

from tests.ports import free_port


class Handler:
    def __init__(self):
        self.refuse = None  # an SMTP reply such as "451 4.3.0 try again later"
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return self.refuse
        self.received.append(envelope)
        return "250 OK"


class MailServer:
    """Start with `start()`, stop with `stop()`; `mailers()` is the setting that reaches it."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.handler = Handler()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def mailers(self):
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 5},
            }
        }
