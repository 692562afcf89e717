"""Thin Celery tasks: load by id, call the service, own the retry policy."""

import logging

from celery import shared_task

from . import reminders

logger = logging.getLogger(__name__)


@shared_task(name="submissions.deadlines_scan", ignore_result=True)
def deadlines_scan():
    """The periodic scan: late flags and reminders due now."""
    result = reminders.deadlines_scan()
    logger.info(result.summary())


@shared_task(name="submissions.weekly_digest", ignore_result=True)
def weekly_digest():
    reminders.digest_send()
