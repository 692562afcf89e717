"""Thin Celery tasks: load by id, call the service, own the retry policy."""

import logging

from celery import shared_task
from django.utils import timezone

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


@shared_task(name="submissions.emails_resume", ignore_result=True)
def emails_resume():
    reminders.emails_resume()


@shared_task(name="submissions.emails_send", ignore_result=True, acks_late=True)
def emails_send(email_ids):
    """Send each email this task wins; a transient failure schedules a retry of that one."""
    for email_id in email_ids:
        outcome = reminders.email_send(email_id=email_id)
        if outcome == reminders.SendOutcome.RETRY:
            email = reminders.EmailLog.objects.only("next_attempt_at").get(pk=email_id)
            countdown = max(1, (email.next_attempt_at - timezone.now()).total_seconds())
            emails_send.apply_async(([email_id],), countdown=countdown)
