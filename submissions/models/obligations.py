"""Obligations: what one addressee owes for one request, and the rule of its status."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Party

from .requests import Request


def secretariat_tz():
    return ZoneInfo(settings.REGISTRY_TIME_ZONE)


# Dates the forms and services refuse but an old row could hold: `deadline_for` answers NEVER
# for them rather than overflow, with room left for the date arithmetic that readers do on it.
LAST_COMPUTABLE_DAY = dt.date(9990, 1, 1)
NEVER = dt.datetime(9990, 1, 1, tzinfo=dt.UTC)


def deadline_for(due_date):
    """Return the first instant after `due_date`, read in the Secretariat's time zone.

    A submission received strictly before this instant is on time.
    """
    if due_date >= LAST_COMPUTABLE_DAY:
        # Time-zone arithmetic overflows near year 9999: a date that far is never reached.
        return NEVER
    next_day = due_date + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=secretariat_tz())


def end_of_day(day):
    """Return the last representable instant of `day` in the Secretariat's time zone.

    Raise OverflowError for a day too far to compute (unlike `deadline_for`, which answers
    NEVER): an instant asked for must be exact.
    """
    if day >= LAST_COMPUTABLE_DAY:
        raise OverflowError(day)
    return deadline_for(day) - dt.timedelta(microseconds=1)


class ObligationStatus(models.TextChoices):
    NOT_YET_DUE = "not_yet_due", _("Not yet due")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    SUBMITTED_ON_TIME = "on_time", _("Submitted on time")
    SUBMITTED_LATE = "late", _("Submitted late")
    EXTENDED = "extended", _("Extended")
    WAIVED = "waived", _("Waived")


SUBMITTED = {ObligationStatus.SUBMITTED_ON_TIME, ObligationStatus.SUBMITTED_LATE}


def status_for(*, now, due_date, first_received_at, extended_due_date, waived_at,
               due_soon_days=None):
    """Return the `ObligationStatus` as at `now` of an obligation with these facts.

    Every argument must already describe the records as they stood at `now`:
    `first_received_at` is the earliest version received at or before `now`,
    `extended_due_date` the due date of the latest extension granted at or before `now`,
    and `waived_at` the waiver if it happened at or before `now`.
    """
    if due_soon_days is None:
        due_soon_days = settings.REGISTRY_DUE_SOON_DAYS
    effective_due = extended_due_date or due_date
    if first_received_at is not None:
        if effective_due is None or first_received_at < deadline_for(effective_due):
            return ObligationStatus.SUBMITTED_ON_TIME
        return ObligationStatus.SUBMITTED_LATE
    if waived_at is not None:
        return ObligationStatus.WAIVED
    if effective_due is None:
        return ObligationStatus.NOT_YET_DUE
    deadline = deadline_for(effective_due)
    if now >= deadline:
        return ObligationStatus.OVERDUE
    if extended_due_date is not None:
        return ObligationStatus.EXTENDED
    if now >= deadline - dt.timedelta(days=due_soon_days):
        return ObligationStatus.DUE_SOON
    return ObligationStatus.NOT_YET_DUE


class ObligationQuerySet(models.QuerySet):
    def for_centres(self, centres):
        return self.filter(centre__in=centres)

    def visible_to(self, user):
        """Centre obligations `user` may open in the portal: all for staff, else their centres'."""
        from centres.access import centres_for_user

        if user.is_authenticated and user.is_staff:
            return self.filter(centre__isnull=False)
        return self.for_centres(centres_for_user(user))

    def with_status_inputs(self, as_at):
        """Annotate what `status_for` needs, as the records stood at `as_at`."""
        from .versions import Extension

        granted = Extension.objects.filter(
            obligation=OuterRef("pk"), status=Extension.Status.GRANTED, decided_at__lte=as_at
        ).order_by("-decided_at", "-pk")
        # The first version received by `as_at` is the first ever when that came by then
        # (versions are only ever added), so the stored first receipt answers for every instant.
        return self.annotate(
            first_received_at=Case(
                When(first_receipt_at__lte=as_at, then=F("first_receipt_at")),
                default=None,
                output_field=models.DateTimeField(),
            ),
            extended_due_date=Subquery(granted.values("new_due_date")[:1]),
        )

    def first_receipt_refresh(self):
        """Store on each obligation the receipt of its first version (None without one).

        Every version written or deleted through the ORM does this for its obligation
        (`submissions.signals`); call it after bulk inserts, which send no signals.
        """
        from .versions import SubmissionVersion

        first = (
            SubmissionVersion.objects.filter(submission__obligation=OuterRef("pk"))
            .order_by("received_at").values("received_at")[:1]
        )
        return self.update(first_receipt_at=Subquery(first))


class Obligation(models.Model):
    """What one addressee (a centre or a Party) owes for one request.

    Created and kept in step by `submissions.services.obligations_sync`.
    """

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.CASCADE, related_name="obligations"
    )
    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="obligations",
    )
    party = models.ForeignKey(
        Party, verbose_name=_("Party"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="obligations",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    waived_at = models.DateTimeField(_("waived at"), null=True, blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("waived by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    # When the first version of its submission was received, whenever recorded: kept by the
    # versions themselves (`ObligationQuerySet.first_receipt_refresh`), read as at an instant by
    # `with_status_inputs` and the dashboards, which would otherwise search every version.
    first_receipt_at = models.DateTimeField(
        _("first received at"), null=True, blank=True, editable=False
    )

    objects = ObligationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["first_receipt_at"])

    class Meta:
        ordering = ["request", "centre__name", "party__name"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.CheckConstraint(
                condition=Q(centre__isnull=False, party__isnull=True)
                | Q(centre__isnull=True, party__isnull=False),
                name="obligation_one_addressee",
                violation_error_message=_("An obligation is owed by a centre or by a Party."),
            ),
            models.UniqueConstraint(
                fields=["request", "centre"], condition=Q(centre__isnull=False),
                name="obligation_unique_centre",
            ),
            models.UniqueConstraint(
                fields=["request", "party"], condition=Q(party__isnull=False),
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
        # The first receipt belongs to the versions: a copy read before a version came in must
        # not overwrite it, so a full save of an existing row leaves that column alone.
        full = kwargs.get("update_fields") is None and not kwargs.get("force_insert")
        if full and not self._state.adding:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "first_receipt_at"
                and f.attname not in deferred
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
        from .versions import Extension

        submission = getattr(self, "submission", None)
        received = [
            v.received_at for v in (submission.versions.all() if submission else [])
            if v.received_at <= now
        ]
        granted = [
            e for e in self.extensions.all()
            if e.status == Extension.Status.GRANTED and e.decided_at and e.decided_at <= now
        ]
        granted.sort(key=lambda e: (e.decided_at, e.pk))
        return status_for(
            now=now,
            due_date=self.request.due_date,
            first_received_at=min(received) if received else None,
            extended_due_date=granted[-1].new_due_date if granted else None,
            waived_at=self.waived_at if self.waived_at and self.waived_at <= now else None,
        )
