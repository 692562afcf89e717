"""Thin Celery tasks of the centres app."""

import smtplib

from celery import shared_task

from . import invitations


@shared_task(
    name="centres.invitation_email_send", ignore_result=True, acks_late=True,
    autoretry_for=(smtplib.SMTPException, OSError), retry_backoff=60, retry_backoff_max=900,
    max_retries=8,
)
def invitation_email_send(invitation_id, url):
    invitations.invitation_email_send(invitation_id=invitation_id, url=url)
