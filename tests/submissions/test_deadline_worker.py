"""The deadlines engine against a real Redis broker, real Celery workers and a real SMTP server
on loopback (aiosmtpd): concurrent scans, an SMTP outage, a worker killed mid-send."""

import asyncio
import datetime as dt
import email
import email.policy
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.db import connection
from django.utils import timezone

from outbox import services as outbox
from outbox.models import EmailLog
from registry.celery import app
from submissions import reminders
from submissions.models import (
    ActionDeadlineCheck,
    ActionReminderStep,
    DeadlineCheck,
    ReminderStep,
)
from tests.celery_broker import publishing_to, wait_for, worker_database
from tests.celery_broker import worker as celery_worker
from tests.ports import free_port

from ._reminders import FULL_CYCLE, acting_centre, owing_centre

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]


class Inbox:
    """An aiosmtpd handler that records each delivered message's registry email id.

    `hold_rcpt` makes the first RCPT wait until released, to kill a sender mid-conversation.
    """

    def __init__(self):
        self.delivered = []
        self.hold_rcpt = False
        self.held = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.hold_rcpt and not self.held.is_set():
            self.held.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        # Decoded: a translated subject (accents) travels RFC 2047-encoded.
        self.delivered.append((int(message["X-Registry-Email"]), str(message["Subject"])))
        return "250 Message accepted for delivery"

    def counts(self):
        return Counter(pk for pk, _subject in self.delivered)


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    inbox.port = port
    inbox.controller = controller
    yield inbox
    try:
        inbox.release.set()
        inbox.controller.stop()
    except (AssertionError, RuntimeError):
        pass


@pytest.fixture
def broker(settings):
    """Publish to the real Redis broker (not eagerly) from this process, on an empty queue."""
    url = worker_database(os.environ["REDIS_URL"])
    redis.Redis.from_url(url).flushdb()
    settings.REGISTRY_SECRETARIAT_EMAIL = "focal.point@secretariat.example.org"
    with publishing_to(url):
        yield url
    redis.Redis.from_url(url).flushdb()


@pytest.fixture
def worker(broker):
    with celery_worker(concurrency=2):
        yield


def all_sent(expected):
    return lambda: EmailLog.objects.filter(status=EmailLog.Status.SENT).count() == expected


def due_in_six_days(count, languages=("en", "fr")):
    today = reminders.local_date(timezone.now())
    return [
        owing_centre(due_date=today + dt.timedelta(days=6), languages=languages)
        for _i in range(count)
    ]


def scan_twice_together(monkeypatch, track):
    """Start two scans at once; both plan `track`'s steps before either writes them."""
    barrier = threading.Barrier(2, timeout=20)
    store = reminders._store_checks

    def store_together(rows, now, tracked):
        if tracked is track:
            barrier.wait()
        return store(rows, now, tracked)

    monkeypatch.setattr(reminders, "_store_checks", store_together)
    app.send_task("submissions.deadlines_scan")
    app.send_task("submissions.deadlines_scan")


def assert_sent_once_each(smtp, count):
    """Wait for `count` emails, then check that none came twice."""
    assert wait_for(all_sent(count)), list(EmailLog.objects.values_list("status", "last_error"))
    time.sleep(0.5)  # let any duplicate arrive before counting
    assert EmailLog.objects.count() == count
    assert len(smtp.delivered) == count and set(smtp.counts().values()) == {1}


def test_two_concurrent_scans_send_each_reminder_once(smtp, worker, monkeypatch):
    due_in_six_days(10)
    yesterday = reminders.local_date(timezone.now()) - dt.timedelta(days=1)
    late = [owing_centre(due_date=yesterday, languages=("en", "es")) for _i in range(5)]

    scan_twice_together(monkeypatch, reminders.OBLIGATIONS)

    # 10 reminders to 2 contacts; 5 overdue reminders to 2 contacts and 5 late flags.
    assert_sent_once_each(smtp, 35)
    assert ReminderStep.objects.count() == 20
    flagged = DeadlineCheck.objects.filter(obligation__in=late, overdue_flagged_at__isnull=False)
    assert flagged.count() == 5


def test_two_concurrent_scans_send_each_action_reminder_once(smtp, worker, monkeypatch):
    today = reminders.local_date(timezone.now())
    for _i in range(6):
        acting_centre(due_date=today + dt.timedelta(days=6), languages=("en", "fr"))
    late = [acting_centre(due_date=today - dt.timedelta(days=1)) for _i in range(3)]

    scan_twice_together(monkeypatch, reminders.ACTIONS)

    # 6 reminders to 2 contacts; 3 overdue reminders to 1 contact and 3 late flags.
    assert_sent_once_each(smtp, 18)
    assert ActionReminderStep.objects.count() == 12
    flagged = ActionDeadlineCheck.objects.filter(action__in=late, overdue_flagged_at__isnull=False)
    assert flagged.count() == 3


def test_a_beat_firing_twice_and_repeated_scans_send_nothing_more(smtp, worker):
    due_in_six_days(3)
    for _i in range(4):
        app.send_task("submissions.deadlines_scan")
    assert wait_for(all_sent(6))
    time.sleep(1)
    assert len(smtp.delivered) == 6 and set(smtp.counts().values()) == {1}


def test_an_smtp_outage_during_a_scan_delays_but_does_not_lose_a_reminder(smtp, worker, settings):
    settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS = 1
    settings.REGISTRY_EMAIL_RETRY_MAX_SECONDS = 2
    smtp.controller.stop()  # connections are refused from now on
    due_in_six_days(2)
    app.send_task("submissions.deadlines_scan")
    assert wait_for(lambda: EmailLog.objects.filter(attempts__gte=2).count() == 4, timeout=20)
    assert not smtp.delivered
    assert all(
        "Connection refused" in e or "ConnectionRefused" in e
        for e in EmailLog.objects.values_list("last_error", flat=True)
    )
    smtp.controller = Controller(smtp, hostname="127.0.0.1", port=smtp.port)
    smtp.controller.start()
    assert wait_for(all_sent(4), timeout=20)
    assert len(smtp.delivered) == 4 and set(smtp.counts().values()) == {1}
    assert not EmailLog.objects.exclude(last_error="").exists()


def test_a_server_that_never_answers_times_out_and_is_retried(broker, settings):
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(5)  # accepts connections in the kernel, never greets
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": silent.getsockname()[1], "timeout": 1},
        }
    }
    try:
        due_in_six_days(1, languages=("en",))
        reminders.deadlines_scan()  # the send task is published, no worker runs it
        (queued,) = EmailLog.objects.all()
        started = time.monotonic()
        outcome = outbox.email_send(email_id=queued.pk)
        assert time.monotonic() - started < 5
    finally:
        silent.close()
    assert outcome == outbox.SendOutcome.RETRY
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.QUEUED and "timed out" in queued.last_error


def test_a_worker_killed_mid_send_loses_nothing_and_duplicates_nothing(smtp, broker, settings):
    settings.REGISTRY_EMAIL_LEASE_SECONDS = 2
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.submissions.deadline_worker_settings",
        "REDIS_URL": broker,
        "REGISTRY_TEST_DB_NAME": connection.settings_dict["NAME"],
        "REGISTRY_TEST_SMTP_PORT": str(smtp.port),
    }
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "registry",
            "worker",
            "-P",
            "solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        smtp.hold_rcpt = True
        due_in_six_days(1)  # two contacts: two emails in one send task
        reminders.deadlines_scan()
        assert smtp.held.wait(30), "the worker never reached the SMTP server"
        os.killpg(child.pid, signal.SIGKILL)  # dies waiting for the RCPT reply
        child.wait(10)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait(10)
    smtp.release.set()
    claimed = EmailLog.objects.get(status=EmailLog.Status.SENDING)
    assert EmailLog.objects.filter(status=EmailLog.Status.QUEUED).count() == 1
    assert not smtp.delivered
    with celery_worker(concurrency=2):
        time.sleep(2.1)  # the dead worker's lease runs out
        assert outbox.emails_resume() >= 1  # what the beat does every five minutes
        settings.REGISTRY_EMAIL_RESUME_AFTER_SECONDS = 0
        outbox.emails_resume()  # and again, racing the first: claims keep it single
        assert wait_for(all_sent(2))
        time.sleep(0.5)
    assert len(smtp.delivered) == 2 and set(smtp.counts().values()) == {1}
    claimed.refresh_from_db()
    assert claimed.attempts == 2


def test_a_full_cycle_through_the_worker_sends_exactly_the_expected_emails(smtp, worker):
    """90 days before the due date to 60 days after, one scan a day at 09:00 in Geneva."""
    import time_machine

    from tests.clock import geneva

    obligation = owing_centre(due_date=dt.date(2015, 9, 30), languages=("fr",))
    day = geneva(2015, 7, 2, 9)
    expected = 0
    with time_machine.travel(day, tick=False) as traveller:
        while day <= geneva(2015, 11, 29, 9):
            traveller.move_to(day)
            expected += len(reminders.deadlines_scan().emails)
            assert wait_for(all_sent(expected), timeout=15), day
            day += dt.timedelta(days=1)
    sent = sorted(
        (e.sent_at.astimezone(day.tzinfo).date().isoformat(), e.kind)
        for e in obligation.emails.all()
    )
    assert sent == FULL_CYCLE
    assert len(smtp.delivered) == 10 and set(smtp.counts().values()) == {1}
    subjects = [subject for _pk, subject in smtp.delivered]
    assert any("30 septembre 2015" in s for s in subjects)
