"""The console email backend of `make run`, printing what a person would read.

Django's console backend prints the raw MIME message: bodies in quoted-printable or base64,
so an invitation link is cut by soft line breaks (`=\\n`) and cannot be clicked or copied.
This one prints the decoded headers and every text part as text.
"""

from email import policy
from email.parser import BytesParser

from django.core.mail.backends.console import EmailBackend as ConsoleEmailBackend

SHOWN_HEADERS = ("From", "To", "Cc", "Reply-To", "Date", "Subject")


class ReadableConsoleBackend(ConsoleEmailBackend):
    def write_message(self, message):
        parsed = BytesParser(policy=policy.default).parsebytes(message.message().as_bytes())
        for name in SHOWN_HEADERS:
            if parsed[name]:
                self.stream.write(f"{name}: {parsed[name]}\n")
        for part in parsed.walk():
            if part.is_multipart():
                continue
            if part.get_content_maintype() == "text":
                self.stream.write(f"\n[{part.get_content_type()}]\n{part.get_content()}\n")
            else:
                self.stream.write(
                    f"\n[attachment: {part.get_filename() or part.get_content_type()}]\n"
                )
        self.stream.write("-" * 79 + "\n")
