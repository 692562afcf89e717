"""The deadlines engine's records: reminder policies, checks, steps and digests."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centres.models.fields import link, one_to_one

from .obligations import Obligation
from .requests import RequestKind


# A new policy starts from the settings that kinds without a policy follow (callables, so that
# the defaults are declared once, in the settings, and read when a form is shown).
def default_days_before():
    return settings.REGISTRY_REMINDER_DAYS_BEFORE


def default_overdue_every_days():
    return settings.REGISTRY_REMINDER_OVERDUE_EVERY_DAYS


def default_overdue_reminders():
    return settings.REGISTRY_REMINDER_OVERDUE_MAX


def default_escalate_after_days():
    return settings.REGISTRY_REMINDER_ESCALATE_AFTER_DAYS


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
            _("Write whole numbers of days greater than zero, separated by commas, e.g. 60,30,7,1.")
        ) from None


class ReminderPolicy(models.Model):
    """When reminders go out for the obligations of one kind of request.

    Kinds without a policy follow the REGISTRY_REMINDER_* settings.
    """

    request_kind = models.CharField(
        _("kind of request"), max_length=20, choices=RequestKind, unique=True
    )
    days_before = models.CharField(
        _("days before the due date"),
        max_length=100,
        blank=True,
        default=default_days_before,
        validators=[validate_days_before],
        help_text=_("Comma-separated, e.g. 60,30,7,1. Leave blank for no reminder before."),
    )
    overdue_every_days = models.PositiveSmallIntegerField(
        _("while overdue, remind every (days)"),
        default=default_overdue_every_days,
        help_text=_("The first overdue reminder goes out on the day after the due date."),
    )
    overdue_reminders = models.PositiveSmallIntegerField(
        _("overdue reminders at most"),
        default=default_overdue_reminders,
        help_text=_("Including the one on the day after the due date; 0 for none."),
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        _("escalate after (days late)"),
        default=default_escalate_after_days,
        help_text=_(
            "Overdue reminders this many days late or more copy the Secretariat's "
            "focal point and the region's Bureau member."
        ),
    )
    is_active = models.BooleanField(_("send reminders"), default=True)

    class Meta:
        ordering = ["request_kind"]
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(overdue_every_days__gte=1),
                name="reminder_policy_interval_positive",
                violation_error_message=_("Remind at least one day apart."),
            ),
        ]

    def __str__(self):
        return str(self.get_request_kind_display())

    @property
    def days_before_list(self):
        return parse_days(self.days_before)


class DeadlineCheckFields(models.Model):
    """What the deadlines scan stores of a deliverable: when to look again, when it was flagged.

    A concrete check is keyed by its deliverable (`deadline_check_of`) and indexes the checks
    still to run (`next_check_index`).
    """

    next_check_at = models.DateTimeField(
        _("next check"),
        null=True,
        blank=True,
        help_text=_("When the deadlines scan looks at it again; empty: never (submitted)."),
    )
    overdue_flagged_at = models.DateTimeField(
        _("late flag at"),
        null=True,
        blank=True,
        help_text=_("When the Secretariat was told that the obligation became overdue."),
    )

    class Meta:
        abstract = True

    def __str__(self):
        # The primary key is the deliverable's.
        return f"{self.pk}: {self.next_check_at}"


def deadline_check_of(deliverable, verbose_name):
    """Return a check's key to its deliverable, which is also the check's primary key."""
    return one_to_one(
        deliverable,
        verbose_name,
        related_name="deadline_check",
        on_delete=models.CASCADE,
        primary_key=True,
    )


def next_check_index(name):
    """Return the index of the checks still to run."""
    # Read by the periodic deadlines scan (submissions.reminders.deadlines_scan).
    return models.Index(
        fields=["next_check_at"], name=name, condition=Q(next_check_at__isnull=False)
    )


class DeadlineCheck(DeadlineCheckFields):
    """The deadlines scan's state of one obligation: when to look again, when it was flagged.

    Kept beside the obligation rather than on it: the scan rewrites this row at every check,
    and a narrow table with two indexes is several times cheaper to write than the wide,
    history-tracked obligation table with its eight. An obligation without a row is checked
    at the next scan.
    """

    obligation = deadline_check_of(Obligation, _("obligation"))

    class Meta:
        verbose_name = _("deadline check")
        verbose_name_plural = _("deadline checks")
        indexes = [next_check_index("deadline_next_check")]


class RegionBureauContact(models.Model):
    """The Bureau member who is copied when an obligation of the region's centres escalates."""

    region = one_to_one(
        "centres.Region", _("region"), related_name="bureau_contact", on_delete=models.CASCADE
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


class ReminderStepFields(models.Model):
    """One step of a deliverable's reminders, as claimed in a ledger.

    A concrete ledger links each row to its deliverable with `reminder_step_of`.
    """

    step = models.CharField(
        _("step"),
        max_length=40,
        help_text=_("e.g. 2015-09-30/-7 (seven days before), 2015-09-30/+15, or late."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderStepKind)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    offset_days = models.SmallIntegerField(
        _("days from the due date"),
        null=True,
        blank=True,
        help_text=_("Negative before the due date, positive after it."),
    )
    created_at = models.DateTimeField(_("claimed at"))

    class Meta:
        abstract = True


def reminder_step_of(deliverable, verbose_name):
    """Return a ledger row's key to the deliverable it reminded of."""
    return link(deliverable, verbose_name, related_name="reminder_steps", on_delete=models.CASCADE)


class ReminderStep(ReminderStepFields):
    """The ledger: one row per (obligation, step) ever sent. Its unique key forbids a repeat."""

    obligation = reminder_step_of(Obligation, _("obligation"))

    class Meta:
        ordering = ["obligation", "created_at"]
        verbose_name = _("reminder step")
        verbose_name_plural = _("reminder steps")
        constraints = [
            models.UniqueConstraint(fields=["obligation", "step"], name="reminder_step_once"),
        ]

    def __str__(self):
        return f"{self.obligation_id} {self.step}"


class Digest(models.Model):
    """One weekly digest to staff; the unique week makes a second one impossible."""

    week = models.DateField(_("week of"), unique=True, help_text=_("The Monday of the week."))
    covers_from = models.DateTimeField(_("covers from"), null=True, blank=True)
    covers_to = models.DateTimeField(_("covers to"))
    emails = GenericRelation("outbox.EmailLog")

    class Meta:
        ordering = ["-week"]
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")

    def __str__(self):
        return str(self.week)
