"""Obligations: what one addressee owes for one request (the status rule: `submissions.status`)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Party
from centres.models.fields import link, optional_link, user_link

from .. import status as status_rule
from ..status import (  # noqa: F401 (re-exported: the models' public names)
    RECEIVED,
    SUBMITTED,
    ObligationStatus,
    deadline_for,
    end_of_day,
    secretariat_tz,
    status_for,
)
from .requests import Request

# Kept by `submissions.status_store`, never by a save of a copy read earlier.
STAMP_FIELDS = ("stored_status", "status_valid_from", "status_valid_until")
DERIVED_FIELDS = ("first_receipt_at", *STAMP_FIELDS)


class ObligationQuerySet(models.QuerySet):
    def for_centres(self, centres):
        return self.filter(centre__in=centres)

    def visible_to(self, user):
        """Obligations `user` may open in the portal: every one for staff, else those of
        the centres and Parties `user` is a contact of (`centres.access.obligations_scope`)."""
        from centres.access import obligations_scope

        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.filter(obligations_scope(user))

    def with_status(self, as_at):
        """Annotate `status` as at `as_at`, in SQL, and its inputs (`submissions.status`)."""
        return status_rule.with_status(self, as_at)

    def first_receipt_refresh(self):
        """Store on each obligation the receipt of its first version (None without one).

        Every version written or deleted through the ORM does this for its obligation
        (`submissions.signals`); call it after bulk inserts, which send no signals.
        """
        from .versions import SubmissionVersion

        first = (
            SubmissionVersion.objects.filter(submission__obligation=OuterRef("pk"))
            .order_by("received_at")
            .values("received_at")[:1]
        )
        return self.update(first_receipt_at=Subquery(first))


class Obligation(models.Model):
    """What one addressee (a centre or a Party) owes for one request.

    Created and kept in step by `submissions.services.obligations_sync`.
    """

    request = link(Request, _("request"), related_name="obligations", on_delete=models.CASCADE)
    centre = optional_link(
        Centre,
        _("centre"),
        on_delete=models.PROTECT,
        related_name="obligations",
    )
    party = optional_link(Party, _("Party"), on_delete=models.PROTECT, related_name="obligations")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)
    waived_by = user_link(_("waived by"), on_delete=models.PROTECT)
    # When the first version of its submission was received, whenever recorded: kept by the
    # versions themselves (`ObligationQuerySet.first_receipt_refresh`), read as at an instant by
    # `with_status`, which would otherwise search every version.
    first_receipt_at = models.DateTimeField(
        _("first received at"), null=True, blank=True, editable=False
    )
    # Its status as at `status_valid_from`, which holds until `status_valid_until` while the
    # records stay as they are: stamped by every write that changes an input of the rule and
    # by the deadlines scan when it runs out (`submissions.status_store`), counted by the
    # overview "as at now". Rows not stamped, or whose stamp does not cover the instant asked
    # for, are computed (`with_status`).
    stored_status = models.CharField(
        _("stored status"), max_length=20, choices=ObligationStatus, blank=True, editable=False
    )
    status_valid_from = models.DateTimeField(null=True, blank=True, editable=False)
    status_valid_until = models.DateTimeField(null=True, blank=True, editable=False)

    # Its emails in the outbox; deleting an obligation deletes them, as the old FK did.
    emails = GenericRelation("outbox.EmailLog")

    objects = ObligationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["first_receipt_at", *STAMP_FIELDS])

    class Meta:
        ordering = ["request", "centre__name", "party__name"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        indexes = [
            # Counted by the overview as at now (`submissions.selectors.status_counts`), read
            # from the index alone.
            models.Index(
                fields=["request", "stored_status", "status_valid_from", "status_valid_until"],
                name="obligation_stored_status",
            ),
            # Read by the deadlines scan (`submissions.status_store.obligations_status_restamp`).
            models.Index(fields=["status_valid_until"], name="obligation_status_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False, party__isnull=True)
                | Q(centre__isnull=True, party__isnull=False),
                name="obligation_one_addressee",
                violation_error_message=_("An obligation is owed by a centre or by a Party."),
            ),
            models.UniqueConstraint(
                fields=["request", "centre"],
                condition=Q(centre__isnull=False),
                name="obligation_unique_centre",
            ),
            models.UniqueConstraint(
                fields=["request", "party"],
                condition=Q(party__isnull=False),
                name="obligation_unique_party",
            ),
            models.CheckConstraint(
                condition=Q(waived_at__isnull=True) | ~Q(waived_reason=""),
                name="obligation_waiver_has_reason",
                violation_error_message=_("Say why the obligation is waived."),
            ),
        ]

    def __str__(self):
        return f"{self.request.label} – {self.addressee}"

    def save(self, *args, **kwargs):
        # The first receipt belongs to the versions, the stamp to `status_store`: a copy read
        # before they changed must not overwrite them, so a full save leaves those alone.
        full = kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if full and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in DERIVED_FIELDS and f.attname not in deferred
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The portal page of a centre's obligation (versions, review, extensions)."""
        if self.centre_id is None:
            return None
        from django.urls import reverse

        return reverse("portal:obligation", args=[self.pk])

    @property
    def addressee(self):
        return self.centre if self.centre_id else self.party

    @property
    def overdue_flagged_at(self):
        """When the Secretariat was told this became overdue (kept by the deadlines scan)."""
        try:
            return self.deadline_check.overdue_flagged_at
        except type(self).deadline_check.RelatedObjectDoesNotExist:
            return None

    def status_at(self, now):
        """Return the status as at `now`, from this obligation's own records.

        Reads versions and extensions through `.all()`, so prefetching them avoids queries.
        """
        submission = getattr(self, "submission", None)
        received = [
            v.received_at
            for v in (submission.versions.all() if submission else [])
            if v.received_at <= now
        ]
        extension = status_rule.extension_in_force(self.extensions.all(), now)
        return status_for(
            now=now,
            due_date=self.request.due_date,
            first_received_at=min(received) if received else None,
            extended_due_date=extension.new_due_date if extension else None,
            waived_at=self.waived_at if self.waived_at and self.waived_at <= now else None,
            invitation=self.request.is_invitation,
        )
