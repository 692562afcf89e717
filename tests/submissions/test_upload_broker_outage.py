"""Redis down: an upload still answers, with its version stored and its receipt queued; once
Redis is back the resume task enqueues the receipt and a worker sends it.

Uses a redis-server of this test's own on a free port, stopped and started again.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from outbox import services
from outbox.models import EmailKind, EmailLog
from registry.celery import app
from submissions.models import SubmissionVersion
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(own_redis):
    """Publish to the test's own Redis (not eagerly), as production does."""
    saved = {
        k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=own_redis.url,
        broker_transport_options={"visibility_timeout": 3600},
    )
    app._pool = None
    app.amqp._producer_pool = None
    # Worker threads must not keep connections open past their task (the test DB is dropped).
    max_age = connections.settings["default"].get("CONN_MAX_AGE")
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    yield own_redis
    connections.settings["default"]["CONN_MAX_AGE"] = max_age
    app.conf.update(saved)
    app._pool = None
    app.amqp._producer_pool = None


def _wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


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
    with start_worker(
        app,
        pool="threads",
        concurrency=1,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=15,
    ):
        assert _wait_for(lambda: EmailLog.objects.get(pk=receipt.pk).status == EmailLog.Status.SENT)
    assert [m.to for m in mail.outbox] == [[receipt.recipient]]
