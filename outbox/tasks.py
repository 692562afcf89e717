"""Thin Celery tasks of the outbox: load by id, call the service, own the retry policy."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import EmailLog


@shared_task(name="outbox.emails_resume", ignore_result=True)
def emails_resume():
    services.emails_resume()


@shared_task(name="outbox.emails_send", ignore_result=True, acks_late=True)
def emails_send(email_ids):
    """Send each email this task wins; a transient failure schedules a retry of that one."""
    for email_id in email_ids:
        outcome = services.email_send(email_id=email_id)
        if outcome == services.SendOutcome.RETRY:
            email = EmailLog.objects.only("next_attempt_at").get(pk=email_id)
            retry_at = email.next_attempt_at or timezone.now()
            countdown = max(1, (retry_at - timezone.now()).total_seconds())
            services.task_enqueue(emails_send, [email_id], countdown=countdown)
