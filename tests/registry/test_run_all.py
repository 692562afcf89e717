"""`make run`'s last step: it says where it serves, emails link to that port, and one Ctrl-C
stops the server, the worker and clamd."""

import os
import signal
import subprocess
import time
import urllib.request
from email.message import EmailMessage as MimeMessage
from io import StringIO
from pathlib import Path

from django.core.mail import EmailMessage

from registry.mail import ReadableConsoleBackend
from tests.ports import free_port
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]
LONG_LINK = "http://127.0.0.1:8123/accounts/invitation/" + "Zq8-" * 30 + "/"


def test_the_links_emailed_follow_the_port_served_when_the_site_url_is_unset():
    result = run_python(
        "-c",
        "from registry.settings import local; print(local.SITE_URL)",
        env={"PORT": "8123"},
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "http://127.0.0.1:8123"


def test_a_site_url_that_is_set_wins_over_the_port():
    result = run_python(
        "-c",
        "from registry.settings import local; print(local.SITE_URL)",
        env={"PORT": "8123", "REGISTRY_SITE_URL": "https://registry.example.org"},
    )

    assert result.stdout.strip() == "https://registry.example.org"


def test_make_run_prints_emails_decoded_so_that_a_link_stays_whole():
    stream = StringIO()
    message = EmailMessage(
        subject="Invitation à ouvrir votre compte",
        body=f"Bonjour Amélie,\n\nOuvrez votre compte : {LONG_LINK}\n",
        from_email="registry@localhost",
        to=["amelie@example.org"],
    )
    message.attach("note.pdf", b"%PDF-1.4\n", "application/pdf")

    ReadableConsoleBackend(stream=stream).send_messages([message])

    printed = stream.getvalue()
    assert "Subject: Invitation à ouvrir votre compte" in printed
    assert LONG_LINK in printed
    assert "Bonjour Amélie" in printed
    assert "=\n" not in printed
    assert "[attachment: note.pdf]" in printed


def test_the_local_settings_print_emails_with_the_readable_backend():
    result = run_python(
        "-c",
        "from registry.settings import local; print(local.MAILERS['default']['BACKEND'])",
        env={},
    )

    assert result.stdout.strip() == "registry.mail.ReadableConsoleBackend"


def test_a_plain_mime_message_is_printed_too():
    stream = StringIO()
    mime = MimeMessage()
    mime["Subject"] = "Plain"
    mime.set_content("Just text.")

    class Wrapped:
        def message(self):
            return mime

    ReadableConsoleBackend(stream=stream).write_message(Wrapped())

    assert "Just text." in stream.getvalue()


def still_running(group, wait=15):
    """Return the live processes of `group` once it is empty, or after `wait` seconds."""
    deadline = time.monotonic() + wait
    while True:
        ps = subprocess.run(["ps", "-o", "stat=,cmd=", "-g", str(group)], capture_output=True)
        live = [line for line in ps.stdout.decode().splitlines() if not line.startswith("Z")]
        if not live or time.monotonic() > deadline:
            return live
        time.sleep(0.2)


def test_one_ctrl_c_stops_the_server_and_the_worker(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PORT": str(port),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}",
        "REDIS_URL": "",
        "DJANGO_SETTINGS_MODULE": "registry.settings.local",
        # No clamd here: the script's own clamd is covered by the antivirus tests.
        "REGISTRY_CLAMD_ADDRESS": "127.0.0.1:1",
    }
    python = str(Path(os.sys.executable))
    # A terminal's Ctrl-C reaches every process of the foreground group: start one, with SIGINT
    # not ignored (a background job of a shell would start deaf to it).
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run-all"), python],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # an HTTP answer: the server is up
                    break
                time.sleep(0.5)
        # The script announces its URL two seconds after starting the server, which may answer
        # sooner: wait for the announcement before pressing Ctrl-C.
        time.sleep(2.5)
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=40)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    left = still_running(process.pid)

    assert process.returncode == 0, output
    assert f"served on http://127.0.0.1:{port}/" in output
    assert "The registry has stopped." in output
    assert left == []
