"""One centre's evaluation in a cycle: the level chosen per criterion part, evidence, comments.

An evaluation chooses one level per part, so a score can never exceed a level's points, and its
stored total can never exceed the stored maximum (a database constraint).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre
from centres.models.fields import link
from submissions.models import SubmissionVersion

from .. import access
from .cycles import EvaluationCycle
from .methodologies import Criterion, CriterionPart, Level

LEVEL_NOT_OF_PART = _("This level belongs to another criterion or part.")
PART_NOT_OF_METHODOLOGY = _("This criterion is not part of the cycle's methodology.")
EVIDENCE_NOT_OF_CENTRE = _("Evidence must be a submission version of the evaluated centre.")


class Outcome(models.TextChoices):
    REENDORSE = "reendorse", _("Re-endorse for four years")
    DO_NOT_REENDORSE = "do_not_reendorse", _("Do not re-endorse")
    DEFER = "defer", _("Defer")


class Evaluation(models.Model):
    """One centre's evaluation in a cycle. `total` is kept by `services.evaluation_score`."""

    cycle = link(EvaluationCycle, _("cycle"), related_name="evaluations", on_delete=models.CASCADE)
    centre = link(Centre, _("centre"), related_name="evaluations")
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    max_total = models.PositiveSmallIntegerField(
        _("maximum total"), help_text=_("Copied from the methodology when the evaluation starts.")
    )
    outcome = models.CharField(_("recommended outcome"), max_length=20, choices=Outcome, blank=True)
    evaluator_comments = models.TextField(_("evaluator comments"), blank=True)
    open_for_comments = models.BooleanField(
        _("open to the centre for comments"),
        default=False,
        help_text=_("The centre's director can then read this draft and comment on it."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = access.EvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["cycle", "centre__name"]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "centre"], name="evaluation_unique_centre"),
            models.CheckConstraint(
                condition=Q(total__lte=F("max_total")),
                name="evaluation_total_within_max",
                violation_error_message=_("The total cannot be above the maximum."),
            ),
        ]

    def __str__(self):
        return f"{self.centre} – {self.cycle}"

    def get_absolute_url(self):
        return reverse("evaluations:score", args=[self.pk])

    @property
    def percentage(self):
        if not self.max_total:
            return None
        return round(100 * self.total / self.max_total, 1)


class Score(models.Model):
    """The level chosen for one criterion part in one evaluation."""

    evaluation = link(Evaluation, _("evaluation"), related_name="scores", on_delete=models.CASCADE)
    part = link(CriterionPart, _("criterion part"), related_name="scores")
    level = link(Level, _("level"), related_name="scores")

    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluation", "part"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "part"], name="score_unique_part"),
        ]

    def __str__(self):
        return f"{self.part}: {self.level.points}"

    def clean(self):
        if self.level_id and self.part_id and self.level.part_id != self.part_id:
            raise ValidationError({"level": LEVEL_NOT_OF_PART})
        if (
            self.part_id
            and self.evaluation_id
            and (self.part.criterion.methodology_id != self.evaluation.cycle.methodology_id)
        ):
            raise ValidationError({"part": PART_NOT_OF_METHODOLOGY})


class Evidence(models.Model):
    """A submission version of the centre that supports the score of one criterion."""

    evaluation = link(
        Evaluation, _("evaluation"), related_name="evidence", on_delete=models.CASCADE
    )
    criterion = link(Criterion, _("criterion"), related_name="+")
    version = link(SubmissionVersion, _("submission version"), related_name="+")

    class Meta:
        ordering = ["evaluation", "criterion", "version"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion", "version"], name="evidence_unique"
            ),
        ]

    def __str__(self):
        return f"{self.criterion.code}: {self.version}"

    def clean(self):
        if self.version_id and self.evaluation_id:
            owner = self.version.submission.obligation.centre_id
            if owner != self.evaluation.centre_id:
                raise ValidationError({"version": EVIDENCE_NOT_OF_CENTRE})


class CentreComment(models.Model):
    """A comment by the centre on its draft evaluation."""

    evaluation = link(
        Evaluation, _("evaluation"), related_name="centre_comments", on_delete=models.CASCADE
    )
    author = link(settings.AUTH_USER_MODEL, _("author"), related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "created_at", "pk"]
        verbose_name = _("comment from the centre")
        verbose_name_plural = _("comments from the centre")

    def __str__(self):
        return f"{self.author} – {self.created_at:%Y-%m-%d}"
