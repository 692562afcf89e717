"""How centres performed: methodologies as data, cycles, evaluations, scores, activities.

A methodology is a grid of criteria; each criterion has one or more parts whose points add up
(criterion (b): capacity-building activities plus Parties benefited), and each part a scale of
levels. An evaluation chooses one level per part, so a score can never exceed a level's points,
and its stored total can never exceed the stored maximum (a database constraint).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Convention, Party
from submissions.models import Decision, SubmissionVersion

from . import access

METHODOLOGY_LOCKED = _(
    "This methodology is used by a closed or published cycle and can no longer change; "
    "make a new version of it instead."
)
LEVEL_ABOVE_CRITERION_MAX = _(
    "A level cannot give more points (%(points)s) than its criterion's maximum (%(max)s)."
)
PARTS_ABOVE_CRITERION_MAX = _(
    "The parts of this criterion can give %(points)s points, more than its maximum (%(max)s)."
)
CRITERIA_ABOVE_METHODOLOGY_MAX = _(
    "The criteria's maxima add up to %(points)s points, more than the methodology's maximum "
    "total (%(max)s)."
)
LEVEL_NOT_OF_PART = _("This level belongs to another criterion or part.")
PART_NOT_OF_METHODOLOGY = _("This criterion is not part of the cycle's methodology.")
EVIDENCE_NOT_OF_CENTRE = _("Evidence must be a submission version of the evaluated centre.")
ACTIVITY_ENDS_BEFORE_START = _("An activity cannot end before it starts.")
CYCLE_PERIOD_ORDER = _("The period must end after it starts.")
CYCLE_CANNOT_REOPEN = _("A closed or published cycle cannot be opened again.")
CYCLE_METHODOLOGY_FIXED = _("The methodology of a closed or published cycle cannot change.")


class MethodologyQuerySet(models.QuerySet):
    def locked(self):
        return self.filter(cycles__status__in=LOCKING_STATUSES).distinct()


class Methodology(models.Model):
    """A scored grid adopted by a decision (e.g. SC-6/16). Revised by making a new version."""

    name = models.CharField(_("name"), max_length=255)
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("adopting decision"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    max_total = models.PositiveSmallIntegerField(_("maximum total"))
    notes = models.TextField(_("notes"), blank=True)

    objects = MethodologyQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "version"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="methodology_unique_version"),
            models.CheckConstraint(
                condition=Q(max_total__gt=0),
                name="methodology_max_total_positive",
                violation_error_message=_("The maximum total must be above zero."),
            ),
        ]

    def __str__(self):
        code = f" ({self.decision.code})" if self.decision_id else ""
        return _("%(name)s%(code)s, version %(version)s") % {
            "name": self.name,
            "code": code,
            "version": self.version,
        }

    def save(self, *args, **kwargs):
        if self.pk and self.is_locked:
            raise ValidationError(METHODOLOGY_LOCKED)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_locked:
            raise ValidationError(METHODOLOGY_LOCKED)
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.pk and self.max_total:
            declared = sum(c.max_points or 0 for c in self.criteria.all())
            if declared > self.max_total:
                raise ValidationError(
                    {
                        "max_total": CRITERIA_ABOVE_METHODOLOGY_MAX
                        % {"points": declared, "max": self.max_total}
                    }
                )

    @property
    def is_locked(self):
        """True once a closed or published cycle uses this methodology."""
        if not self.pk:
            return False
        return self.cycles.filter(status__in=LOCKING_STATUSES).exists()

    def problems(self):
        """Return what is missing before the grid can score every point (empty when complete).

        Reads `criteria`, their `parts` and the parts' `levels` through `.all()`: prefetch them.
        """
        found = []
        criteria = list(self.criteria.all())
        if not criteria:
            found.append(_("No criteria yet."))
        declared = 0
        for criterion in criteria:
            found += criterion.problems()
            declared += criterion.max_points or 0
        if criteria and declared != self.max_total:
            found.append(
                _("The criteria's maxima add up to %(points)s of the %(max)s points.")
                % {"points": declared, "max": self.max_total}
            )
        return found

    @property
    def is_complete(self):
        return not self.problems()


class Criterion(models.Model):
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("methodology"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    code = models.CharField(_("code"), max_length=10, help_text=_("e.g. a, b, c"))
    name = models.CharField(_("name"), max_length=255)
    guidance = models.TextField(_("guidance"), blank=True)
    sources = models.CharField(
        _("sources of information"),
        max_length=255,
        blank=True,
        help_text=_("e.g. activity reports, workplans, feedback from Parties"),
    )
    max_points = models.PositiveSmallIntegerField(
        _("maximum points"),
        null=True,
        blank=True,
        help_text=_("Leave blank while the scale is not known yet."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["methodology", "position", "code"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["methodology", "code"], name="criterion_unique_code"),
        ]

    def __str__(self):
        return f"({self.code}) {self.name}"

    def save(self, *args, **kwargs):
        _guard(self.methodology_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _guard(self.methodology_id)
        return super().delete(*args, **kwargs)

    def clean(self):
        if self.max_points is None:
            return
        if self.pk:
            reachable = sum(p.max_points for p in self.parts.all())
            if reachable > self.max_points:
                raise ValidationError(
                    {
                        "max_points": PARTS_ABOVE_CRITERION_MAX
                        % {"points": reachable, "max": self.max_points}
                    }
                )
        if self.methodology_id:
            others = self.methodology.criteria.exclude(pk=self.pk)
            declared = sum(c.max_points or 0 for c in others) + self.max_points
            if declared > self.methodology.max_total:
                raise ValidationError(
                    {
                        "max_points": CRITERIA_ABOVE_METHODOLOGY_MAX
                        % {"points": declared, "max": self.methodology.max_total}
                    }
                )

    def problems(self):
        found = []
        parts = list(self.parts.all())
        if self.max_points is None:
            found.append(_("Criterion (%(code)s) has no maximum yet.") % {"code": self.code})
        if not parts:
            found.append(_("Criterion (%(code)s) has no scale yet.") % {"code": self.code})
        for part in parts:
            if not list(part.levels.all()):
                found.append(
                    _("Criterion (%(code)s), %(part)s: no levels yet.")
                    % {"code": self.code, "part": part.name or _("scale")}
                )
        if self.max_points is not None and parts:
            reachable = sum(p.max_points for p in parts)
            if reachable != self.max_points:
                found.append(
                    _("Criterion (%(code)s): its levels reach %(points)s of its %(max)s points.")
                    % {"code": self.code, "points": reachable, "max": self.max_points}
                )
        return found


class SuggestFrom(models.TextChoices):
    NOTHING = "", _("Nothing")
    ACTIVITIES = "activities", _("Number of activities in the period")
    PARTIES_BENEFITED = "parties", _("Number of Parties benefited in the period")


class CriterionPart(models.Model):
    """One scale of a criterion; a criterion's parts add up. A simple criterion has one part."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="parts"
    )
    name = models.CharField(
        _("name"),
        max_length=255,
        blank=True,
        help_text=_("Leave blank when the criterion has a single scale."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    suggest_from = models.CharField(
        _("suggest a level from"),
        max_length=20,
        choices=SuggestFrom,
        blank=True,
        help_text=_(
            "Counts taken from the centre's activities within the cycle's period; "
            "give the levels their count ranges."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion", "position", "pk"]
        verbose_name = _("criterion part")
        verbose_name_plural = _("criterion parts")

    def __str__(self):
        if self.name:
            return f"{self.criterion}: {self.name}"
        return str(self.criterion)

    def save(self, *args, **kwargs):
        _guard(Criterion.objects.filter(pk=self.criterion_id).values("methodology_id"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _guard(Criterion.objects.filter(pk=self.criterion_id).values("methodology_id"))
        return super().delete(*args, **kwargs)

    @property
    def max_points(self):
        """The most points this part can give (reads `levels` through `.all()`)."""
        return max((level.points for level in self.levels.all()), default=0)

    def level_for_count(self, count):
        """Return the level whose count range holds `count`, or None."""
        for level in self.levels.all():
            if level.count_from is None:
                continue
            if level.count_from <= count and (level.count_to is None or count <= level.count_to):
                return level
        return None


class Level(models.Model):
    """One step of a scale: its points and what earns them."""

    part = models.ForeignKey(
        CriterionPart,
        verbose_name=_("criterion part"),
        on_delete=models.CASCADE,
        related_name="levels",
    )
    points = models.PositiveSmallIntegerField(_("points"))
    descriptor = models.CharField(_("descriptor"), max_length=500)
    count_from = models.PositiveIntegerField(
        _("suggested from count"),
        null=True,
        blank=True,
        help_text=_("For a part suggested from activities: the smallest count for this level."),
    )
    count_to = models.PositiveIntegerField(
        _("suggested up to count"),
        null=True,
        blank=True,
        help_text=_("The largest count for this level; blank for no upper bound."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["part", "points"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [
            models.UniqueConstraint(fields=["part", "points"], name="level_unique_points"),
            models.CheckConstraint(
                condition=Q(count_to__isnull=True)
                | Q(count_from__isnull=True)
                | Q(count_to__gte=F("count_from")),
                name="level_count_range_ordered",
                violation_error_message=_("The count range must not end before it starts."),
            ),
        ]

    def __str__(self):
        return _("%(points)s – %(descriptor)s") % {
            "points": self.points,
            "descriptor": self.descriptor,
        }

    def save(self, *args, **kwargs):
        _guard(CriterionPart.objects.filter(pk=self.part_id).values("criterion__methodology_id"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _guard(CriterionPart.objects.filter(pk=self.part_id).values("criterion__methodology_id"))
        return super().delete(*args, **kwargs)

    def clean(self):
        if not self.part_id or self.points is None:
            return
        criterion = self.part.criterion
        if criterion.max_points is None:
            return
        if self.points > criterion.max_points:
            raise ValidationError(
                {
                    "points": LEVEL_ABOVE_CRITERION_MAX
                    % {"points": self.points, "max": criterion.max_points}
                }
            )
        others = [p.max_points for p in criterion.parts.exclude(pk=self.part_id)]
        own = max([self.points] + [lv.points for lv in self.part.levels.exclude(pk=self.pk)])
        if sum(others) + own > criterion.max_points:
            raise ValidationError(
                {
                    "points": PARTS_ABOVE_CRITERION_MAX
                    % {"points": sum(others) + own, "max": criterion.max_points}
                }
            )


def _guard(methodology):
    """Refuse a change to a locked methodology (`methodology`: an id or a one-value queryset)."""
    if methodology is None:
        return
    cycles = EvaluationCycle.objects.filter(status__in=LOCKING_STATUSES)
    if isinstance(methodology, models.QuerySet):
        locked = cycles.filter(methodology__in=methodology).exists()
    else:
        locked = cycles.filter(methodology_id=methodology).exists()
    if locked:
        raise ValidationError(METHODOLOGY_LOCKED)


class CycleStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    PUBLISHED = access.PUBLISHED, _("Published")


LOCKING_STATUSES = (CycleStatus.CLOSED, CycleStatus.PUBLISHED)


class EvaluationCycle(models.Model):
    """One round of evaluations (e.g. 2019) reporting to a COP."""

    year = models.PositiveSmallIntegerField(_("year"))
    convention = models.CharField(
        _("convention"), max_length=2, choices=Convention, default=Convention.STOCKHOLM
    )
    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("methodology"),
        on_delete=models.PROTECT,
        related_name="cycles",
    )
    cop = models.PositiveSmallIntegerField(_("reports to COP"))
    period_start = models.DateField(_("activities from"))
    period_end = models.DateField(_("activities to"))
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus, default=CycleStatus.OPEN
    )

    objects = access.EvaluationCycleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "convention"]
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        constraints = [
            models.UniqueConstraint(fields=["convention", "year"], name="cycle_unique_year"),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="cycle_period_ordered",
                violation_error_message=CYCLE_PERIOD_ORDER,
            ),
        ]

    def __str__(self):
        return _("%(convention)s evaluation %(year)s") % {
            "convention": self.convention,
            "year": self.year,
        }

    def get_absolute_url(self):
        return reverse("evaluations:cycle_detail", args=[self.pk])

    def clean(self):
        if not self.pk:
            return
        before = (
            EvaluationCycle.objects.filter(pk=self.pk).values("status", "methodology_id").first()
        )
        if before and before["status"] in LOCKING_STATUSES:
            if self.status == CycleStatus.OPEN:
                raise ValidationError({"status": CYCLE_CANNOT_REOPEN})
            if self.methodology_id != before["methodology_id"]:
                raise ValidationError({"methodology": CYCLE_METHODOLOGY_FIXED})

    @property
    def is_open(self):
        return self.status == CycleStatus.OPEN


class Outcome(models.TextChoices):
    REENDORSE = "reendorse", _("Re-endorse for four years")
    DO_NOT_REENDORSE = "do_not_reendorse", _("Do not re-endorse")
    DEFER = "defer", _("Defer")


class Evaluation(models.Model):
    """One centre's evaluation in a cycle. `total` is kept by `services.evaluation_score`."""

    cycle = models.ForeignKey(
        EvaluationCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="evaluations"
    )
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

    evaluation = models.ForeignKey(
        Evaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE, related_name="scores"
    )
    part = models.ForeignKey(
        CriterionPart,
        verbose_name=_("criterion part"),
        on_delete=models.PROTECT,
        related_name="scores",
    )
    level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="scores"
    )

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

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.ForeignKey(
        SubmissionVersion,
        verbose_name=_("submission version"),
        on_delete=models.PROTECT,
        related_name="+",
    )

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

    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("evaluation"),
        on_delete=models.CASCADE,
        related_name="centre_comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["evaluation", "created_at", "pk"]
        verbose_name = _("comment from the centre")
        verbose_name_plural = _("comments from the centre")

    def __str__(self):
        return f"{self.author} – {self.created_at:%Y-%m-%d}"


FEEDBACK_TOPICS = ("services_received", "challenges", "gaps", "priorities", "recommendations")


class PartyFeedback(models.Model):
    """What a Party said about a centre, entered by staff and shown beside the scoring."""

    cycle = models.ForeignKey(
        EvaluationCycle,
        verbose_name=_("cycle"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="feedback"
    )
    party = models.ForeignKey(
        Party, verbose_name=_("Party"), on_delete=models.PROTECT, related_name="+"
    )
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

    centre = models.ForeignKey(
        Centre, verbose_name=_("centre"), on_delete=models.PROTECT, related_name="activities"
    )
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
    report = models.ForeignKey(
        SubmissionVersion,
        verbose_name=_("reported in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The activity report (submission version) that reports it, if any."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
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
