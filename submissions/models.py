"""What is owed and what came in: decisions, requests, obligations, submissions, extensions.

The status of an obligation is a pure function of its records and an instant (`status_for`),
so that any past statement ("as at 31 December 2016 ...") can be reproduced exactly.
"""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Convention, Party

# Calendar years a reporting period must cover, by kind and convention. Stockholm workplans span
# the four-year endorsement term; Basel business plans (BC-11/12) follow the two-year biennium.
PERIOD_YEARS = {
    ("workplan", "SC"): 4,
    ("workplan", "BC"): 2,
    ("activity_report", "SC"): 2,
    ("activity_report", "BC"): 2,
}


def secretariat_tz():
    return ZoneInfo(settings.REGISTRY_TIME_ZONE)


def deadline_for(due_date):
    """Return the first instant after `due_date`, read in the Secretariat's time zone.

    A submission received strictly before this instant is on time.
    """
    next_day = due_date + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time.min, tzinfo=secretariat_tz())


def end_of_day(day):
    """Return the last representable instant of `day` in the Secretariat's time zone."""
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


class Decision(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. SC-7/17"))
    convention = models.CharField(_("convention"), max_length=2, choices=Convention)
    cop = models.PositiveSmallIntegerField(_("COP"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    document_symbol = models.CharField(_("document symbol"), max_length=100, blank=True)
    url = models.URLField(_("URL"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention", "cop", "code"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.code

    def clean(self):
        if self.adopted_on and self.year and self.adopted_on.year != self.year:
            raise ValidationError({"year": _("The year must be that of the adoption date.")})


class RequestKind(models.TextChoices):
    WORKPLAN = "workplan", _("Workplan")
    ACTIVITY_REPORT = "activity_report", _("Activity report")
    INFORMATION = "information", _("Information")
    VIEWS = "views", _("Views")


class Request(models.Model):
    """Something a decision (or a Secretariat letter) asks of centres and/or Parties."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="requests",
    )
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    issued_on = models.DateField(
        _("letter date"), null=True, blank=True,
        help_text=_("Date of the Secretariat's letter conveying the request, if any."),
    )
    letter_reference = models.CharField(_("letter reference"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Leave blank for an open request.")
    )
    for_cop = models.PositiveSmallIntegerField(_("for consideration by COP"), null=True,
                                               blank=True)
    convention_centres = models.CharField(
        _("centres of a convention"), max_length=2, choices=Convention, blank=True,
        help_text=_("Address every centre of this convention active on the due date."),
    )
    centres = models.ManyToManyField(
        Centre, verbose_name=_("chosen centres"), blank=True, related_name="+"
    )
    all_parties = models.BooleanField(_("all Parties"), default=False)
    parties = models.ManyToManyField(
        Party, verbose_name=_("chosen Parties"), blank=True, related_name="+"
    )

    history = HistoricalRecords(m2m_fields=[centres, parties])

    class Meta:
        ordering = ["due_date", "decision__code", "paragraph"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(issued_on__isnull=False),
                name="request_has_decision_or_letter",
                violation_error_message=_("A request comes from a decision or a letter."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gt=models.F("period_start")),
                name="request_period_ordered",
                violation_error_message=_("The period must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["decision", "paragraph"], condition=Q(decision__isnull=False),
                name="request_unique_paragraph",
            ),
        ]

    def __str__(self):
        source = f"{self.decision.code} {self.paragraph}".strip() if self.decision_id else (
            f"{_('Letter of')} {self.issued_on}"
        )
        return f"{source} – {self.title or self.get_kind_display()}"

    def clean(self):
        errors = {}
        years = PERIOD_YEARS.get((self.kind, self.convention))
        if years:
            if not (self.period_start and self.period_end):
                errors["period_start"] = _("A %(kind)s needs a reporting period.") % {
                    "kind": self.get_kind_display().lower()}
            else:
                s, e = self.period_start, self.period_end
                if not (s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31
                        and e.year - s.year + 1 == years):
                    # Spell the expected span out: "4 years later" would read as 2020 for 2016.
                    errors["period_end"] = _(
                        "A %(kind)s covers %(years)s calendar years, from 1 January of its "
                        "first year to 31 December of its last, e.g. 1 January %(start)s to "
                        "31 December %(end)s."
                    ) % {"kind": self.get_kind_display().lower(), "years": years,
                         "start": s.year, "end": s.year + years - 1}
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = _("The period must end after it starts.")
        if not self.decision_id and not self.issued_on:
            errors["issued_on"] = _("Give the decision, or the date of the letter.")
        if errors:
            raise ValidationError(errors)

    @property
    def convention(self):
        """The convention whose rules apply: the decision's, else the addressed centres'."""
        if self.decision_id:
            return self.decision.convention
        return self.convention_centres or Convention.STOCKHOLM

    @property
    def reference_date(self):
        """The day on which "centres active" is judged: the due date, else the letter's date."""
        if self.due_date:
            return self.due_date
        if self.issued_on:
            return self.issued_on
        return self.decision.adopted_on or dt.date(self.decision.year, 12, 31)

    @property
    def issued_date(self):
        """The day from which the request exists."""
        if self.issued_on:
            return self.issued_on
        if self.decision_id:
            return self.decision.adopted_on or dt.date(self.decision.year, 1, 1)
        return None

    @property
    def label(self):
        if self.decision_id:
            return f"{self.decision.code} {self.paragraph}".strip()
        return str(_("Letter of %(date)s") % {"date": self.issued_on})


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


class Submission(models.Model):
    """Everything an addressee sent for one obligation: an ordered set of versions."""

    obligation = models.OneToOneField(
        Obligation, verbose_name=_("obligation"), on_delete=models.PROTECT,
        related_name="submission",
    )
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

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    received_at = models.DateTimeField(_("received at"), db_index=True)
    received_through = models.CharField(
        _("received through"), max_length=10, choices=ReceivedThrough
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    review_status = models.CharField(
        _("review"), max_length=10, choices=ReviewStatus, default=ReviewStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comments = models.TextField(_("comments to the centre"), blank=True)

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
            # Read by the Secretariat's review queue (submissions.review.review_queue).
            models.Index(
                fields=["received_at"], condition=Q(review_status="pending"),
                name="version_review_queue",
            ),
        ]

    def __str__(self):
        return f"{self.submission} – v{self.number}"


def version_file_upload_to(instance, filename):
    """Store every file under an unguessable name; the original name is kept in the row."""
    return f"submissions/{uuid.uuid4().hex}"


class SubmissionFile(models.Model):
    """A file of a version. Immutable once stored."""

    version = models.ForeignKey(
        SubmissionVersion, verbose_name=_("version"), on_delete=models.PROTECT,
        related_name="files",
    )
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

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.CASCADE,
        related_name="extensions",
    )
    new_due_date = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.GRANTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
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
                fields=["obligation"], condition=Q(status="requested"),
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
                    {"new_due_date": _("The new due date must be after the due date (%(due)s).")
                     % {"due": due}}
                )


# --- The deadlines engine: reminder policies, the ledger of steps sent, the email log. ---

DEFAULT_DAYS_BEFORE = "60,30,7,1"


def parse_days(value):
    """Return the sorted, distinct, positive day counts written as "60,30,7,1"."""
    days = set()
    for part in (value or "").split(","):
        part = part.strip()
        if not part:
            continue
        if not part.isdigit() or int(part) == 0:
            raise ValueError(part)
        days.add(int(part))
    return sorted(days, reverse=True)


def validate_days_before(value):
    try:
        parse_days(value)
    except ValueError:
        raise ValidationError(
            _("Write whole numbers of days greater than zero, separated by commas, e.g. "
              "60,30,7,1.")
        ) from None


class ReminderPolicy(models.Model):
    """When reminders go out for the obligations of one kind of request.

    Kinds without a policy follow the REGISTRY_REMINDER_* settings.
    """

    request_kind = models.CharField(
        _("kind of request"), max_length=20, choices=RequestKind, unique=True
    )
    days_before = models.CharField(
        _("days before the due date"), max_length=100, blank=True,
        default=DEFAULT_DAYS_BEFORE, validators=[validate_days_before],
        help_text=_("Comma-separated, e.g. 60,30,7,1. Leave blank for no reminder before."),
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("while overdue, remind every (days)"), default=14,
        help_text=_("The first overdue reminder goes out on the day after the due date."),
    )
    overdue_reminders = models.PositiveSmallIntegerField(
        _("overdue reminders at most"), default=5,
        help_text=_("Including the one on the day after the due date; 0 for none."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days late)"), default=30,
        help_text=_("Overdue reminders this many days late or more copy the Secretariat's "
                    "focal point and the region's Bureau member."),
    )
    is_active = models.BooleanField(_("send reminders"), default=True)

    class Meta:
        ordering = ["request_kind"]
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_every_days__gte=1), name="reminder_policy_interval_positive",
                violation_error_message=_("Remind at least one day apart."),
            ),
        ]

    def __str__(self):
        return str(self.get_request_kind_display())

    @property
    def days_before_list(self):
        return parse_days(self.days_before)


class DeadlineCheck(models.Model):
    """The deadlines scan's state of one obligation: when to look again, when it was flagged.

    Kept beside the obligation rather than on it: the scan rewrites this row at every check,
    and a narrow table with two indexes is several times cheaper to write than the wide,
    history-tracked obligation table with its eight. An obligation without a row is checked
    at the next scan.
    """

    obligation = models.OneToOneField(
        Obligation, verbose_name=_("obligation"), on_delete=models.CASCADE, primary_key=True,
        related_name="deadline_check",
    )
    next_check_at = models.DateTimeField(
        _("next check"), null=True, blank=True,
        help_text=_("When the deadlines scan looks at it again; empty: never (submitted)."),
    )
    overdue_flagged_at = models.DateTimeField(
        _("late flag at"), null=True, blank=True,
        help_text=_("When the Secretariat was told that the obligation became overdue."),
    )

    class Meta:
        verbose_name = _("deadline check")
        verbose_name_plural = _("deadline checks")
        indexes = [
            # Read by the periodic deadlines scan (submissions.reminders.deadlines_scan).
            models.Index(
                fields=["next_check_at"], name="deadline_next_check",
                condition=Q(next_check_at__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.obligation_id}: {self.next_check_at}"


class RegionBureauContact(models.Model):
    """The Bureau member who is copied when an obligation of the region's centres escalates."""

    region = models.OneToOneField(
        "centres.Region", verbose_name=_("region"), on_delete=models.CASCADE,
        related_name="bureau_contact",
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"), null=True, blank=True)

    class Meta:
        ordering = ["region__name"]
        verbose_name = _("Bureau member of a region")
        verbose_name_plural = _("Bureau members of the regions")

    def __str__(self):
        return f"{self.region}: {self.name or self.email or '-'}"


class ReminderStepKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the due date")
    OVERDUE = "overdue", _("Overdue reminder")
    ESCALATION = "escalation", _("Escalation")
    LATE_FLAG = "late_flag", _("Late flag to the Secretariat")


class ReminderStep(models.Model):
    """The ledger: one row per (obligation, step) ever sent. Its unique key forbids a repeat."""

    obligation = models.ForeignKey(
        Obligation, verbose_name=_("obligation"), on_delete=models.CASCADE,
        related_name="reminder_steps",
    )
    step = models.CharField(
        _("step"), max_length=40,
        help_text=_("e.g. 2015-09-30/-7 (seven days before), 2015-09-30/+15, or late."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderStepKind)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    offset_days = models.SmallIntegerField(
        _("days from the due date"), null=True, blank=True,
        help_text=_("Negative before the due date, positive after it."),
    )
    created_at = models.DateTimeField(_("claimed at"))

    class Meta:
        ordering = ["obligation", "created_at"]
        verbose_name = _("reminder step")
        verbose_name_plural = _("reminder steps")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "step"], name="reminder_step_once"
            ),
        ]

    def __str__(self):
        return f"{self.obligation_id} {self.step}"


class Digest(models.Model):
    """One weekly digest to staff; the unique week makes a second one impossible."""

    week = models.DateField(_("week of"), unique=True, help_text=_("The Monday of the week."))
    covers_from = models.DateTimeField(_("covers from"), null=True, blank=True)
    covers_to = models.DateTimeField(_("covers to"))

    class Meta:
        ordering = ["-week"]
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")

    def __str__(self):
        return str(self.week)


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
