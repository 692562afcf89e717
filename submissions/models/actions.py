"""Gap analyses and action plans (the synergies review's recommendation): what a centre lacks,
and the actions, owned by the centre or the Secretariat, that close the gap by a due date.

An action's due date goes through the deadlines engine like an obligation's
(`submissions.reminders`): its scan state is `ActionDeadlineCheck`, its ledger
`ActionReminderStep`. The status rule is `action_status`; `ActionQuerySet.with_status` is its only
SQL twin.
"""

from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre
from centres.models.fields import link, user_link

from ..status import deadline_for
from .deadlines import (
    DeadlineCheckFields,
    ReminderStepFields,
    deadline_check_of,
    next_check_index,
    reminder_step_of,
)


class GapSource(models.TextChoices):
    PARTY_FEEDBACK = "party_feedback", _("Feedback from a Party (gaps identified)")
    EVALUATION = "evaluation", _("Evaluation criterion score")
    CENTRE = "centre", _("The centre's own statement")
    OTHER = "other", _("Other")


class Gap(models.Model):
    """One gap of a centre, with the resources or skills missing to close it."""

    centre = link(Centre, _("centre"), related_name="gaps")
    title = models.CharField(_("gap"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(_("source"), max_length=20, choices=GapSource)
    source_detail = models.CharField(
        _("source detail"),
        max_length=255,
        blank=True,
        help_text=_("e.g. which Party's feedback, which cycle and criterion."),
    )
    # The record it was drawn from (a Party's feedback, a criterion's score), when there is one.
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("source record type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    source_id = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    source_record = GenericForeignKey("source_type", "source_id")
    resources_missing = models.TextField(_("resources missing"), blank=True)
    skills_missing = models.TextField(_("skills missing"), blank=True)
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Demo data, not a record of the Secretariat."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["centre__name", "pk"]
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        constraints = [
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="gap_source_record_whole",
                violation_error_message=_("Give both the source record's type and its number."),
            ),
        ]

    def __str__(self):
        return f"{self.centre}: {self.title}"


class ActionOwner(models.TextChoices):
    CENTRE = "centre", _("The centre")
    SECRETARIAT = "secretariat", _("The Secretariat")


class ActionState(models.TextChoices):
    """What the owner says of the action (stored)."""

    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class ActionStatus(models.TextChoices):
    """Where the action stands as at a moment (derived by `action_status`)."""

    OPEN = "open", _("Open")
    LATE = "late", _("Late")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


def action_status(*, state, due_date, now):
    """Return the ActionStatus of an action in `state`, due on `due_date`, as at `now`.

    Done and cancelled are final whatever the date; an open action is late from the start of
    the day after its due date in Geneva (the obligations' deadline); without a due date it is
    never late.
    """
    if state == ActionState.DONE:
        return ActionStatus.DONE
    if state == ActionState.CANCELLED:
        return ActionStatus.CANCELLED
    if due_date is not None and now >= deadline_for(due_date):
        return ActionStatus.LATE
    return ActionStatus.OPEN


class ActionQuerySet(models.QuerySet):
    def with_status(self, as_at):
        """Annotate `status` as at `as_at`, in SQL: the twin of `action_status`."""
        from ..status import local_date

        # deadline_for(d) <= as_at  <=>  d < the day it is in Geneva at `as_at`.
        today = local_date(as_at)
        return self.annotate(
            status=Case(
                When(state=ActionState.DONE, then=Value(ActionStatus.DONE.value)),
                When(state=ActionState.CANCELLED, then=Value(ActionStatus.CANCELLED.value)),
                When(due_date__lt=today, then=Value(ActionStatus.LATE.value)),
                default=Value(ActionStatus.OPEN.value),
                output_field=models.CharField(),
            )
        )

    def visible_to(self, user):
        """Actions `user` may read in the portal: all for staff, else their centres'."""
        from centres.access import centres_for_user

        if user.is_authenticated and user.is_staff:
            return self
        return self.filter(gap__centre__in=centres_for_user(user))


class Action(models.Model):
    """One step of a centre's action plan, owned by the centre or the Secretariat."""

    gap = link(Gap, _("gap"), related_name="actions", on_delete=models.CASCADE)
    title = models.CharField(_("action"), max_length=255)
    owner = models.CharField(_("owner"), max_length=20, choices=ActionOwner)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ActionState, default=ActionState.PLANNED
    )
    evidence = models.TextField(
        _("evidence"), blank=True, help_text=_("What shows progress or completion.")
    )
    evidence_link = models.URLField(_("evidence link"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = user_link(_("updated by"))
    # Its reminders in the outbox.
    emails = GenericRelation("outbox.EmailLog")

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("due_date").asc(nulls_last=True), "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | Q(state=ActionState.DONE),
                name="action_done_on_only_when_done",
                violation_error_message=_("Only a done action has a date done."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def centre(self):
        return self.gap.centre

    def status_at(self, now):
        return action_status(state=self.state, due_date=self.due_date, now=now)


class ActionDeadlineCheck(DeadlineCheckFields):
    """The deadlines scan's state of one action (see `DeadlineCheck`)."""

    action = deadline_check_of(Action, _("action"))

    class Meta:
        verbose_name = _("action deadline check")
        verbose_name_plural = _("action deadline checks")
        indexes = [next_check_index("action_deadline_next_check")]


class ActionReminderStep(ReminderStepFields):
    """The actions' ledger: one row per (action, step) ever sent; a repeat is impossible."""

    action = reminder_step_of(Action, _("action"))

    class Meta:
        ordering = ["action", "created_at"]
        verbose_name = _("action reminder step")
        verbose_name_plural = _("action reminder steps")
        constraints = [
            models.UniqueConstraint(fields=["action", "step"], name="action_reminder_step_once"),
        ]

    def __str__(self):
        return f"{self.action_id} {self.step}"
