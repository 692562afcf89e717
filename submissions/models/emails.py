"""The log of every email the registry sends."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .deadlines import Digest, ReminderStep
from .obligations import Obligation


class EmailKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    OVERDUE = "overdue", _("Overdue reminder")
    ESCALATION = "escalation", _("Escalation")
    LATE_FLAG = "late_flag", _("Late flag")
    DIGEST = "digest", _("Weekly digest")
    RECEIPT = "receipt", _("Receipt")
    REVIEW = "review", _("Review result")
    EXTENSION = "extension", _("Extension")


# Kinds whose subject and body are rendered when queued (they describe one event), not when sent.
PRERENDERED_KINDS = {EmailKind.RECEIPT, EmailKind.REVIEW, EmailKind.EXTENSION}


class EmailLog(models.Model):
    """Every email the registry sends, with its delivery state."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Not sent: no longer due")

    kind = models.CharField(_("kind"), max_length=20, choices=EmailKind)
    recipient = models.EmailField(_("recipient"))
    cc = models.TextField(_("copied to"), blank=True, help_text=_("Comma-separated."))
    language = models.CharField(_("language"), max_length=8, default="en")
    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.CASCADE, null=True,
        blank=True, related_name="emails",
    )
    step = models.ForeignKey(
        ReminderStep, verbose_name=_("step"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="emails",
    )
    digest = models.ForeignKey(
        Digest, verbose_name=_("digest"), on_delete=models.CASCADE, null=True, blank=True,
        related_name="emails",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True, db_default="")
    created_at = models.DateTimeField(_("created at"))
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("claimed until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            # Read by the stalled-email sweep (submissions.reminders.emails_resume).
            models.Index(
                fields=["status", "next_attempt_at"], name="emaillog_pending",
                condition=Q(status__in=["queued", "sending"]),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "recipient"], condition=Q(step__isnull=False),
                name="emaillog_once_per_step_recipient",
            ),
            models.UniqueConstraint(
                fields=["digest", "recipient"], condition=Q(digest__isnull=False),
                name="emaillog_once_per_digest_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_status_display()})"

    @property
    def message_id(self):
        """A stable Message-ID, the same on every attempt, so a receiver can drop a repeat."""
        from django.core.mail.utils import DNS_NAME

        return f"<registry-email-{self.pk}@{DNS_NAME}>"
