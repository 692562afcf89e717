"""allauth's emails (password reset, address confirmation) go through the outbox: a mail
server that is down or refusing never turns the page into a 500, and the email goes out later.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from outbox import services
from outbox.models import EmailKind, EmailLog
from tests.mail_server import MailServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server(settings):
    """An SMTP server of this test's own, not started yet (so its port refuses connections)."""
    server = MailServer()
    settings.MAILERS = server.mailers()
    yield server
    server.stop()


def _reset(client, email, callbacks):
    with callbacks(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email})


def test_a_password_reset_is_logged_and_its_link_erased_once_sent(
    client, director_a, mail_server, django_capture_on_commit_callbacks
):
    mail_server.start()
    response = _reset(client, director_a.email, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    email = EmailLog.objects.get()
    assert email.kind == EmailKind.ACCOUNT and email.recipient == director_a.email
    assert email.status == EmailLog.Status.SENT and not email.keep_content
    (received,) = mail_server.handler.received
    assert b"/accounts/password/reset/key/" in received.original_content
    assert "/accounts/password/reset/key/" not in email.body + email.html


def test_with_the_mail_server_down_a_password_reset_answers_and_is_sent_later(
    client, director_a, mail_server, settings
):
    settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS = 60
    # The worker is not run here (no commit): the page only queues the email.
    response = client.post(reverse("account_reset_password"), {"email": director_a.email})
    assert response.status_code == 302
    email = EmailLog.objects.get(kind=EmailKind.ACCOUNT)
    # The worker's first attempt: nobody listens on the port.
    assert services.email_send(email_id=email.pk) == services.SendOutcome.RETRY
    email.refresh_from_db()
    assert email.status == EmailLog.Status.QUEUED and email.last_error
    mail_server.start()
    with time_machine.travel(email.next_attempt_at + dt.timedelta(seconds=1), tick=False):
        assert services.email_send(email_id=email.pk) == services.SendOutcome.SENT
    assert [e.rcpt_tos for e in mail_server.handler.received] == [[director_a.email]]


@pytest.mark.parametrize("reply", ["451 4.3.0 try again later", "554 5.7.1 rejected"])
def test_a_refusing_mail_server_never_fails_the_page(
    client, director_a, mail_server, reply, django_capture_on_commit_callbacks
):
    mail_server.handler.refuse = reply
    mail_server.start()
    # Tasks run eagerly in tests, so the sending (and its retries) happens inside this request.
    response = _reset(client, director_a.email, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    email = EmailLog.objects.get()
    assert email.status == EmailLog.Status.FAILED and reply[:3] in email.last_error


def test_adding_an_email_address_with_the_mail_server_down_answers(
    client, director_a, mail_server, django_capture_on_commit_callbacks
):
    client.force_login(director_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": "second@centre-a.org"}
        )
    assert response.status_code in (200, 302)
    queued = EmailLog.objects.filter(kind=EmailKind.ACCOUNT, recipient="second@centre-a.org")
    assert queued.exists()
    assert all(e.status in (EmailLog.Status.QUEUED, EmailLog.Status.FAILED) for e in queued)
