"""Sending one logged email: the claim, retries with backoff, permanent failures, resending."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend

from submissions import reminders
from submissions.models import EmailLog
from tests.clock import geneva

from ._reminders import owing_centre

pytestmark = pytest.mark.django_db

NOW = geneva(2015, 9, 23, 9)


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
def queued(settings):
    """One queued reminder, its task not run."""
    settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS = 60
    owing_centre()
    reminders.deadlines_scan(now=NOW)
    return EmailLog.objects.get()


def test_a_transient_failure_puts_the_email_back_with_a_backoff(scripted, queued):
    scripted.append(ConnectionRefusedError(111, "Connection refused"))
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.RETRY
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.QUEUED and queued.attempts == 1
    assert "Connection refused" in queued.last_error
    assert queued.next_attempt_at == NOW + dt.timedelta(seconds=60)
    scripted.append(smtplib.SMTPDataError(451, b"try again later"))
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.RETRY
    queued.refresh_from_db()
    assert queued.next_attempt_at == NOW + dt.timedelta(seconds=120)
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.SENT
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.SENT and queued.attempts == 3
    assert queued.last_error == "" and len(mail.outbox) == 1


def test_a_5xx_reply_fails_the_email_for_good(scripted, queued):
    scripted.append(smtplib.SMTPRecipientsRefused({queued.recipient: (550, b"no such user")}))
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.FAILED
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.FAILED and "550" in queued.last_error
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.SKIPPED


def test_the_last_allowed_attempt_fails_the_email(scripted, queued, settings):
    settings.REGISTRY_EMAIL_MAX_ATTEMPTS = 2
    scripted.extend([TimeoutError("timed out"), TimeoutError("timed out")])
    reminders.email_send(email_id=queued.pk, now=NOW)
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.FAILED


def test_staff_can_send_a_failed_email_again(scripted, queued, django_capture_on_commit_callbacks):
    scripted.append(smtplib.SMTPDataError(554, b"rejected"))
    reminders.email_send(email_id=queued.pk, now=NOW)
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        reminders.email_resend(email=queued)
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.SENT and len(mail.outbox) == 1
    with pytest.raises(ValidationError) as error:
        reminders.email_resend(email=queued)
    assert error.value.messages == [str(reminders.NOT_FAILED)]


def test_an_email_claimed_by_a_live_sender_is_not_sent_twice(scripted, queued):
    assert reminders._claim_email(queued.pk, NOW)
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.SKIPPED
    assert not mail.outbox


def test_an_email_whose_sender_died_is_resumed_after_its_lease(
        scripted, queued, settings, django_capture_on_commit_callbacks):
    settings.REGISTRY_EMAIL_LEASE_SECONDS = 300
    assert reminders._claim_email(queued.pk, NOW)  # and then the worker died
    assert reminders.emails_resume(now=NOW + dt.timedelta(seconds=299)) == 0
    later = NOW + dt.timedelta(seconds=301)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminders.emails_resume(now=later) == 1
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.SENT and queued.attempts == 2
    assert len(mail.outbox) == 1


def test_a_queued_email_whose_task_was_lost_is_resumed(scripted, queued, settings):
    settings.REGISTRY_EMAIL_RESUME_AFTER_SECONDS = 300
    assert reminders.emails_resume(now=NOW + dt.timedelta(seconds=200)) == 0
    assert reminders.emails_resume(now=NOW + dt.timedelta(seconds=300)) == 1


def test_a_broken_template_fails_the_email_with_the_reason(scripted, queued, monkeypatch):
    def broken(email, *, now):
        raise ValueError("no template")

    monkeypatch.setattr(reminders, "email_render", broken)
    assert reminders.email_send(email_id=queued.pk, now=NOW) == reminders.SendOutcome.FAILED
    queued.refresh_from_db()
    assert queued.last_error == "render: no template"


def test_a_reminder_for_an_obligation_submitted_meanwhile_is_not_sent(scripted, queued):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from submissions.services import version_create

    version_create(obligation=queued.obligation, files=[SimpleUploadedFile("w.pdf", b"%PDF")],
                   received_at=NOW, received_through="portal")
    later = NOW + dt.timedelta(minutes=5)
    assert reminders.email_send(email_id=queued.pk, now=later) == \
        reminders.SendOutcome.CANCELLED
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.CANCELLED and not mail.outbox
