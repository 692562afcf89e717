"""The reminders' hooks in the outbox: rendered when sent, dropped once no longer due."""

import datetime as dt

import pytest
from django.core import mail

from outbox import services
from outbox.models import EmailLog
from submissions import reminders
from tests import factories
from tests.clock import geneva

from ._reminders import owing_centre

pytestmark = pytest.mark.django_db

NOW = geneva(2015, 9, 23, 9)


@pytest.fixture
def queued(scripted):
    """One queued reminder, its task not run."""
    obligation = owing_centre()
    reminders.deadlines_scan(now=NOW)
    email = EmailLog.objects.get()
    assert email.target == obligation and email.once_key.startswith(reminders.STEP_PREFIX)
    return email


def test_a_reminder_is_rendered_when_sent_with_the_obligation_as_it_is_then(queued):
    assert queued.subject == "" and queued.body == ""
    assert services.email_send(email_id=queued.pk, now=NOW) == services.SendOutcome.SENT
    queued.refresh_from_db()
    assert queued.subject.startswith("Reminder:") and "30 September 2015" in queued.subject
    assert mail.outbox[0].body == queued.body and queued.html


def test_a_reminder_for_an_obligation_submitted_meanwhile_is_not_sent(queued):
    factories.version_received(queued.target, received_at=NOW, received_through="portal")
    later = NOW + dt.timedelta(minutes=5)
    assert services.email_send(email_id=queued.pk, now=later) == services.SendOutcome.CANCELLED
    queued.refresh_from_db()
    assert queued.status == EmailLog.Status.CANCELLED and not mail.outbox
    assert queued.last_error == "submitted or waived before it could be sent"


def test_the_ledger_refuses_a_second_email_for_the_same_step_and_recipient(queued):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        EmailLog.objects.create(
            kind=queued.kind, recipient=queued.recipient, once_key=queued.once_key, created_at=NOW
        )
