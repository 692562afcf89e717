"""Staff send any email again: a new logged email that points to the original."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from outbox import services
from outbox.models import EmailLog

from .emails import NOW, queue_digest, queue_one_time_link

pytestmark = pytest.mark.django_db


def test_a_sent_email_is_sent_again_as_a_new_email_pointing_to_it(
    scripted, queued, django_capture_on_commit_callbacks
):
    services.email_send(email_id=queued.pk, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.email_resend(email=queued)
    again.refresh_from_db()
    queued.refresh_from_db()
    assert again.pk != queued.pk and again.resent_from == queued
    assert again.status == EmailLog.Status.SENT and queued.status == EmailLog.Status.SENT
    assert [m.subject for m in mail.outbox] == [queued.subject, queued.subject]
    assert mail.outbox[1].body == mail.outbox[0].body
    assert list(queued.resends.all()) == [again]


def test_a_failed_email_is_sent_again_and_the_failure_stays_on_record(
    scripted, queued, django_capture_on_commit_callbacks
):
    import smtplib

    scripted.append(smtplib.SMTPDataError(554, b"rejected"))
    services.email_send(email_id=queued.pk, now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.email_resend(email=queued)
    queued.refresh_from_db()
    again.refresh_from_db()
    assert queued.status == EmailLog.Status.FAILED and "554" in queued.last_error
    assert again.status == EmailLog.Status.SENT and len(mail.outbox) == 1


def test_a_resend_carries_no_once_key_so_the_ledger_allows_it(scripted, db):
    email = queue_digest("digest:1")
    again = services.email_resend(email=email)
    assert again.once_key == "" and again.resent_from == email
    with pytest.raises(Exception):  # noqa: B017 - the database refuses the duplicate
        from django.db import transaction

        with transaction.atomic():
            queue_digest("digest:1")


def test_an_erased_one_time_link_cannot_be_sent_again(scripted, db):
    email = queue_one_time_link()
    services.email_send(email_id=email.pk, now=NOW)
    email.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.email_resend(email=email)
    assert error.value.messages == [str(services.CONTENT_GONE)]
    assert EmailLog.objects.count() == 1
