"""Redis down: an upload still answers, with its version stored and its receipt queued; once
Redis is back the resume task enqueues the receipt and a worker sends it.

Uses a redis-server of this test's own on a free port, stopped and started again.
"""

import time

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox import services
from outbox.models import EmailKind, EmailLog
from submissions.models import SubmissionVersion
from tests.celery_broker import publishing_to, wait_for, worker
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(own_redis):
    """Publish to the test's own Redis (not eagerly), as production does."""
    with publishing_to(own_redis.url):
        yield own_redis


def test_an_upload_with_redis_down_answers_and_its_receipt_goes_out_when_redis_returns(
    client, director_a, obligation_a, broker, settings
):  # noqa: F811
    settings.REGISTRY_EMAIL_RESUME_AFTER_SECONDS = 0
    broker.stop()  # Redis goes down
    mail.outbox = []
    client.force_login(director_a)
    started = time.monotonic()
    response = client.post(
        reverse("portal:obligation", args=[obligation_a.pk]),
        {"files": [files.pdf()], "tz": "Europe/Madrid"},
    )
    assert response.status_code in (200, 302)
    assert time.monotonic() - started < 15  # the failed enqueue does not hang the page
    assert SubmissionVersion.objects.filter(submission__obligation=obligation_a).count() == 1
    receipt = obligation_a.emails.get(kind=EmailKind.RECEIPT)
    assert receipt.status == EmailLog.Status.QUEUED and receipt.attempts == 0

    broker.start()  # Redis is back: the beat's resume task enqueues what was left
    assert services.emails_resume(now=timezone.now()) == 1
    with worker():
        assert wait_for(lambda: EmailLog.objects.get(pk=receipt.pk).status == EmailLog.Status.SENT)
    assert [m.to for m in mail.outbox] == [[receipt.recipient]]
