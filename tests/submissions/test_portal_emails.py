"""Portal emails (receipts, reviews, extensions) go through the logged, retried email queue."""

import smtplib

import pytest
from django.core import mail
from django.urls import reverse

from outbox.models import EmailKind, EmailLog
from submissions.models import SubmissionVersion
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db


class RefusingBackend:
    """A mail server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def _upload(client, obligation):
    url = reverse("portal:obligation", args=[obligation.pk])
    return client.post(url, {"files": [files.pdf()], "tz": "Europe/Madrid"})


def test_a_receipt_is_logged_for_each_recipient_and_sent(
    client, director_a, obligation_a, frozen, django_capture_on_commit_callbacks
):
    client.force_login(director_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, obligation_a)
    assert response.status_code in (200, 302)
    logged = obligation_a.emails.filter(kind=EmailKind.RECEIPT)
    assert logged.count() == 1  # the uploader is the director: one recipient
    email = logged.get()
    assert email.status == EmailLog.Status.SENT
    assert email.subject.startswith("Receipt:")
    assert [m.to for m in mail.outbox] == [[email.recipient]]
    stored = SubmissionVersion.objects.get(submission__obligation=obligation_a).files.get()
    assert stored.sha256 in mail.outbox[0].body


def test_a_mail_outage_neither_fails_the_upload_nor_loses_the_receipt(
    client, director_a, obligation_a, frozen, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingBackend"}}
    client.force_login(director_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, obligation_a)
    assert response.status_code in (200, 302)
    assert SubmissionVersion.objects.filter(submission__obligation=obligation_a).count() == 1
    email = obligation_a.emails.get(kind=EmailKind.RECEIPT)
    # Retried (eagerly, in tests) until the attempts ran out, then shown to staff as failed.
    assert email.status == EmailLog.Status.FAILED
    assert "Connection unexpectedly closed" in email.last_error
    assert email.body and email.html  # kept, so staff can send it again
