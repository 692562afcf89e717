"""What came in: submissions, their versions and files, and extensions of due dates."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.fields import link, one_to_one, user_link

from .obligations import Obligation


class Submission(models.Model):
    """Everything an addressee sent for one obligation: an ordered set of versions."""

    obligation = one_to_one(Obligation, _("obligation"), related_name="submission")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self):
        return str(self.obligation)


class ReceivedThrough(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL = "email", _("Email")
    PAPER = "paper", _("Paper")


class ReviewStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for revision")


class SubmissionVersion(models.Model):
    """One delivery of a submission. A new version never replaces an old one."""

    submission = link(Submission, _("submission"), related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    received_through = models.CharField(
        _("received through"), max_length=10, choices=ReceivedThrough
    )
    recorded_by = user_link(_("recorded by"), on_delete=models.PROTECT)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus, default=ReviewStatus.PENDING
    )
    reviewed_by = user_link(_("reviewed by"), on_delete=models.PROTECT)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comments = models.TextField(_("comments to the centre"), blank=True)
    # What the upload checks found but did not refuse (links to outside content, a file that
    # could not be scanned): one finding a line. Staff must confirm reading it to accept.
    upload_flags = models.TextField(_("flags from the upload checks"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["submission", "number"]
        verbose_name = _("submission version")
        verbose_name_plural = _("submission versions")
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="version_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="version_number_positive"),
            models.CheckConstraint(
                condition=Q(review_status="pending") | Q(reviewed_at__isnull=False),
                name="version_review_has_time",
                violation_error_message=_("A reviewed version needs a review time."),
            ),
        ]
        indexes = [
            # Read by the Secretariat's review queue, newest first (scanned backwards):
            # submissions.portal.staff_selectors.review_versions.
            models.Index(
                fields=["received_at"],
                condition=Q(review_status="pending"),
                name="version_review_queue",
            ),
        ]

    def __str__(self):
        return f"{self.submission} – v{self.number}"

    def upload_flag_list(self):
        return [line for line in self.upload_flags.splitlines() if line.strip()]


def version_file_upload_to(instance, filename):
    """Store every file under an unguessable name; the original name is kept in the row."""
    return f"submissions/{uuid.uuid4().hex}"


class SubmissionFile(models.Model):
    """A file of a version. Immutable once stored."""

    version = link(SubmissionVersion, _("version"), related_name="files")
    file = models.FileField(_("file"), upload_to=version_file_upload_to, max_length=255)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["version", "pk"]
        verbose_name = _("submission file")
        verbose_name_plural = _("submission files")

    def __str__(self):
        return self.original_name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("A stored file cannot be changed; record a new version."))
        super().save(*args, **kwargs)


class Extension(models.Model):
    """A new due date for one obligation, requested and then granted or refused."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    obligation = link(
        Obligation, _("obligation"), related_name="extensions", on_delete=models.CASCADE
    )
    new_due_date = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.GRANTED)
    requested_by = user_link(_("requested by"), on_delete=models.PROTECT)
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    decided_by = user_link(_("decided by"), on_delete=models.PROTECT)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    response = models.TextField(_("message to the centre"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["obligation", "-decided_at"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="requested") | Q(decided_at__isnull=False),
                name="extension_decision_has_time",
                violation_error_message=_("A granted or refused extension needs a decision time."),
            ),
            models.UniqueConstraint(
                fields=["obligation"],
                condition=Q(status="requested"),
                name="extension_one_open_request",
                violation_error_message=_("An extension request is already awaiting a decision."),
            ),
        ]

    def __str__(self):
        return f"{self.obligation} → {self.new_due_date} ({self.get_status_display()})"

    def clean(self):
        if self.obligation_id and self.new_due_date:
            due = self.obligation.request.due_date
            if due is None:
                raise ValidationError(_("An open request has no due date to extend."))
            if self.new_due_date <= due:
                raise ValidationError(
                    {
                        "new_due_date": _("The new due date must be after the due date (%(due)s).")
                        % {"due": formats.date_format(due)}
                    }
                )


# --- The deadlines engine: reminder policies, the ledger of steps sent, the email log. ---
