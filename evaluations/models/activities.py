"""What centres did and what Parties said of them: activities and feedback from Parties."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Party
from centres.models.fields import link, optional_link, user_link
from submissions.models import SubmissionVersion

from .cycles import EvaluationCycle
from .evaluations import EVIDENCE_NOT_OF_CENTRE

ACTIVITY_ENDS_BEFORE_START = _("An activity cannot end before it starts.")


FEEDBACK_TOPICS = ("services_received", "challenges", "gaps", "priorities", "recommendations")


class PartyFeedback(models.Model):
    """What a Party said about a centre, entered by staff and shown beside the scoring."""

    cycle = link(EvaluationCycle, _("cycle"), related_name="feedback", on_delete=models.CASCADE)
    centre = link(Centre, _("centre"), related_name="feedback")
    party = link(Party, _("Party"), related_name="+")
    received_on = models.DateField(_("received on"), null=True, blank=True)
    services_received = models.TextField(_("services received"), blank=True)
    challenges = models.TextField(_("challenges experienced"), blank=True)
    gaps = models.TextField(_("gaps identified"), blank=True)
    priorities = models.TextField(_("priorities identified"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "centre__name", "party__name"]
        verbose_name = _("feedback from a Party")
        verbose_name_plural = _("feedback from Parties")

    def __str__(self):
        return _("%(party)s on %(centre)s") % {"party": self.party, "centre": self.centre}

    def topics(self):
        """Return [(label, text)] of the topics answered."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name))
            for name in FEEDBACK_TOPICS
            if getattr(self, name)
        ]


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training")
    WORKSHOP = "workshop", _("Workshop")
    PROJECT = "project", _("Project")
    AWARENESS = "awareness", _("Awareness raising")
    OTHER = "other", _("Other")


class ActivityQuerySet(models.QuerySet):
    def within(self, start, end):
        """Activities that took place, at least in part, from `start` to `end` inclusive."""
        return self.filter(start_date__lte=end).filter(
            Q(end_date__gte=start) | Q(end_date__isnull=True, start_date__gte=start)
        )


class Activity(models.Model):
    """An activity a centre reports, entered by its director or by staff."""

    centre = link(Centre, _("centre"), related_name="activities")
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(
        _("to"), null=True, blank=True, help_text=_("Leave blank for a one-day activity.")
    )
    countries_benefited = models.ManyToManyField(
        Party, verbose_name=_("countries that benefited"), blank=True, related_name="+"
    )
    partners = models.CharField(_("partners"), max_length=500, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=255, blank=True)
    mercury_related = models.BooleanField(_("mercury-related"), default=False)
    report = optional_link(
        SubmissionVersion,
        _("reported in"),
        help_text=_("The activity report (submission version) that reports it, if any."),
    )
    entered_by = user_link(_("entered by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = ActivityQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[countries_benefited])

    class Meta:
        ordering = ["centre__name", "start_date", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_ends_after_start",
                violation_error_message=ACTIVITY_ENDS_BEFORE_START,
            ),
        ]
        indexes = [models.Index(fields=["centre", "start_date"], name="activity_centre_start")]

    def __str__(self):
        return self.title

    def clean(self):
        if self.report_id and self.centre_id:
            if self.report.submission.obligation.centre_id != self.centre_id:
                raise ValidationError({"report": EVIDENCE_NOT_OF_CENTRE})
