"""The log of every email the registry sends, with its delivery state.

Generic on purpose: an email points at what it is about through contenttypes (an obligation, a
digest, an invitation) and carries an optional `once_key` that, with the recipient, can be used
only once, so a ledger above (a reminder step, a weekly digest) makes a duplicate impossible.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EmailKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder")
    OVERDUE = "overdue", _("Overdue reminder")
    ESCALATION = "escalation", _("Escalation")
    LATE_FLAG = "late_flag", _("Late flag")
    DIGEST = "digest", _("Weekly digest")
    RECEIPT = "receipt", _("Receipt")
    REVIEW = "review", _("Review result")
    EXTENSION = "extension", _("Extension")
    INVITATION = "invitation", _("Invitation")
    ACCOUNT = "account", _("Account (sign-in, password, address)")
    LETTER = "letter", _("Letter of a request")


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
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")
    once_key = models.CharField(
        _("sent once per"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("With the recipient, unique: the ledger entry this email was sent for."),
    )
    keep_content = models.BooleanField(
        _("text kept after sending"),
        default=True,
        help_text=_("Off for emails holding a one-time link: their text is erased once sent."),
    )
    resent_from = models.ForeignKey(
        "self",
        verbose_name=_("resent from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resends",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
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
        # The table predates the outbox (it was submissions' EmailLog); its rows stay where
        # they are.
        db_table = "submissions_emaillog"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        indexes = [
            # Read by the stalled-email sweep (outbox.services.emails_resume).
            models.Index(
                fields=["status", "next_attempt_at"],
                name="emaillog_pending",
                condition=Q(status__in=["queued", "sending"]),
            ),
            # Read by the admin's list of an object's emails (GenericRelation).
            models.Index(fields=["content_type", "object_id"], name="emaillog_target"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["once_key", "recipient"],
                condition=~Q(once_key=""),
                name="emaillog_once_per_key_recipient",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.get_status_display()})"

    @property
    def message_id(self):
        """A stable Message-ID, the same on every attempt, so a receiver can drop a repeat."""
        from django.core.mail.utils import DNS_NAME

        return f"<registry-email-{self.pk}@{DNS_NAME}>"

    @property
    def cc_list(self):
        return [a.strip() for a in self.cc.split(",") if a.strip()]
