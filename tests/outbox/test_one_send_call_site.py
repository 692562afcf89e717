"""Every email goes through the outbox: no other code hands a message to a mail server."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SKIPPED = {".venv", "tests", "node_modules", ".git", "var"}
SENDING = re.compile(
    r"(?<!def )\bsend_mail\(|\bsend_mass_mail\(|\bmail_admins\(|\bmail_managers\("
    r"|\.send\(\s*\)|\.send\(fail_silently|\bsend_messages\(|\bmail\.get_connection\("
)


def _project_sources():
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if not parts & SKIPPED:
            yield path


def _calls():
    for path in _project_sources():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SENDING.search(line.split("#", 1)[0]):
                yield f"{path.relative_to(ROOT)}:{number}"


def test_the_outbox_is_the_only_place_that_sends_email():
    calls = list(_calls())
    assert len(calls) == 1 and calls[0].startswith("outbox/services.py:"), calls


def test_the_pattern_catches_the_usual_ways_of_sending():
    for line in [
        "send_mail('s', 'b', None, ['a@b.c'])",
        "message.send()",
        "msg.send(fail_silently=True)",
        "mailers.default.send_messages([m])",
        "send_mass_mail(data)",
        "mail_admins('s', 'b')",
    ]:
        assert SENDING.search(line), line
    assert not SENDING.search("    def send_mail(self, template_prefix, email, context):")
