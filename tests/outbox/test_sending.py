"""Sending one logged email: the claim, retries with backoff, permanent failures, the lease."""

import datetime as dt
import smtplib

import pytest
import time_machine
from django.core import mail

from outbox import hooks, services
from outbox.models import EmailKind, EmailLog

from .emails import NOW, queue_one_time_link

pytestmark = pytest.mark.django_db


def test_a_queued_email_is_sent_with_its_stored_content_and_a_stable_message_id(scripted, queued):
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.SENT
    (message,) = mail.outbox
    assert message.to == ["ana@centre-a.org"] and message.subject == queued.subject
    assert message.body == "We received your files."
    assert message.alternatives[0][0] == "<p>We received your files.</p>"
    assert message.extra_headers["Message-ID"] == queued.message_id
    assert message.extra_headers["Content-Language"] == "es"
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.SENT and queued.attempts == 1


def test_a_transient_failure_puts_the_email_back_with_a_backoff(scripted, queued):
    scripted.append(ConnectionRefusedError(111, "Connection refused"))
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.RETRY
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.QUEUED and queued.attempts == 1
    assert "Connection refused" in queued.last_error
    assert queued.next_attempt_at == NOW + dt.timedelta(seconds=60)
    scripted.append(smtplib.SMTPDataError(451, b"try again later"))
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.RETRY
    queued.refresh_from_db()
    assert queued.next_attempt_at == NOW + dt.timedelta(seconds=120)
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.SENT
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.SENT and queued.attempts == 3
    assert queued.last_error == "" and len(mail.outbox) == 1


def test_a_5xx_reply_fails_the_email_for_good(scripted, queued):
    scripted.append(smtplib.SMTPRecipientsRefused({queued.recipient: (550, b"no such user")}))
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.FAILED
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.FAILED and "550" in queued.last_error
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.SKIPPED


def test_the_last_allowed_attempt_fails_the_email(scripted, queued, settings):
    settings.REGISTRY_EMAIL_MAX_ATTEMPTS = 2
    scripted.extend([TimeoutError("timed out"), TimeoutError("timed out")])
    services.email_send(email_id=queued.pk, now=NOW)
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.FAILED


def test_an_email_claimed_by_a_live_sender_is_not_sent_twice(scripted, queued):
    assert services._claim(queued.pk, NOW)
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.SKIPPED
    assert not mail.outbox


def test_an_email_whose_sender_died_is_resumed_after_its_lease(
    scripted, queued, settings, django_capture_on_commit_callbacks
):
    settings.REGISTRY_EMAIL_LEASE_SECONDS = 300
    assert services._claim(queued.pk, NOW)  # and then the worker died
    assert services.emails_resume(now=NOW + dt.timedelta(seconds=299)) == 0
    later = NOW + dt.timedelta(seconds=301)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert services.emails_resume(now=later) == 1
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.SENT and queued.attempts == 2
    assert len(mail.outbox) == 1


def test_a_queued_email_whose_task_was_lost_is_resumed(scripted, queued, settings):
    settings.REGISTRY_EMAIL_RESUME_AFTER_SECONDS = 300
    assert services.emails_resume(now=NOW + dt.timedelta(seconds=200)) == 0
    assert services.emails_resume(now=NOW + dt.timedelta(seconds=300)) == 1


def test_an_email_without_a_recipient_is_refused_when_queued(db):
    with pytest.raises(services.ValidationError) as error:
        services.email_queue(kind=EmailKind.RECEIPT, recipient="", subject="s", text="t")
    assert error.value.messages == [str(services.NO_RECIPIENT)]


@pytest.fixture
def rendered_kind(monkeypatch):
    """Render receipts at send time with a replaceable renderer, as reminders are."""
    calls = []

    def render(email, now):
        calls.append(now)
        return "Rendered subject", "Rendered text", "<p>Rendered</p>"

    monkeypatch.setitem(hooks._renderers, EmailKind.RECEIPT.value, (render, True))
    return calls


def test_a_kind_with_a_renderer_is_rendered_when_sent_and_stored(scripted, queued, rendered_kind):
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.SENT
    assert rendered_kind == [NOW]
    assert mail.outbox[0].subject == "Rendered subject"
    queued.refresh_from_db()
    assert (queued.subject, queued.body, queued.html) == (
        "Rendered subject",
        "Rendered text",
        "<p>Rendered</p>",
    )


def test_a_broken_renderer_fails_the_email_with_the_reason(scripted, queued, monkeypatch):
    def broken(email, now):
        raise ValueError("no template")

    monkeypatch.setitem(hooks._renderers, EmailKind.RECEIPT.value, (broken, True))
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.FAILED
    queued.refresh_from_db()
    assert queued.last_error == "render: no template" and not mail.outbox


def test_a_pre_send_check_cancels_the_email_with_its_reason(scripted, queued, monkeypatch):
    monkeypatch.setitem(
        hooks._checks, EmailKind.RECEIPT.value, lambda email, now: "no longer wanted"
    )
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.CANCELLED
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.CANCELLED and queued.last_error == "no longer wanted"
    assert not mail.outbox


def test_the_text_of_an_email_with_a_one_time_link_is_erased_once_sent(scripted, db):
    email = queue_one_time_link(html="<a href='https://x/reset/secret/'>reset</a>")
    assert services.email_send(email_id=email.pk, now=NOW) == services.SendOutcome.SENT
    assert "secret" in mail.outbox[0].body
    email.refresh_from_db()
    assert "secret" not in email.body + email.html and email.subject == "Password reset"


def test_a_failing_pre_send_check_fails_the_email_instead_of_looping(scripted, queued, monkeypatch):
    def gone(email, now):
        raise LookupError("obligation 7 does not exist")

    monkeypatch.setitem(hooks._checks, EmailKind.RECEIPT.value, gone)
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.FAILED
    queued.refresh_from_db()
    assert queued.last_error == "check: obligation 7 does not exist" and not mail.outbox
