"""The Celery application and its beat schedule (kept in code, not in the database)."""

import os
from datetime import timedelta

from celery import Celery, signals
from celery.schedules import crontab

# Production unless told otherwise, as for the WSGI application: a worker started without
# DJANGO_SETTINGS_MODULE fails closed instead of running with debug and a known secret key.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings.production")

app = Celery("registry")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Tasks log under the request id of the request that enqueued them (signal handlers).
from . import requestid  # noqa: E402,F401

app.conf.beat_schedule = {}


def beat_schedule():
    """Return the periodic tasks, timed by the REGISTRY_* settings.

    Deadlines live in the database; the beat only wakes the scan, never a task per deadline.
    """
    from django.conf import settings

    return {
        "deadlines-scan": {
            "task": "submissions.deadlines_scan",
            "schedule": timedelta(minutes=settings.REGISTRY_DEADLINE_SCAN_MINUTES),
        },
        "emails-resume": {
            "task": "outbox.emails_resume",
            "schedule": timedelta(minutes=5),
        },
        "weekly-digest": {
            "task": "submissions.weekly_digest",
            "schedule": crontab(
                minute=0,
                hour=settings.REGISTRY_DIGEST_HOUR_UTC,
                day_of_week=settings.REGISTRY_DIGEST_WEEKDAY,
            ),
        },
    }


@app.on_after_configure.connect
def _install_beat_schedule(sender, **kwargs):
    sender.conf.beat_schedule = beat_schedule()


@signals.beat_init.connect
def _scan_on_start(sender, **kwargs):
    """Scan once when the beat starts, so that a restart never waits a whole interval."""
    sender.app.send_task("submissions.deadlines_scan")
