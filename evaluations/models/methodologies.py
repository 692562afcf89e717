"""The scored grid: methodologies, their criteria, the criteria's parts and each part's levels.

A methodology is a grid of criteria; each criterion has one or more parts whose points add up
(criterion (b): capacity-building activities plus Parties benefited), and each part a scale of
levels. Once a closed or published cycle uses a methodology, none of it can change.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.fields import link, optional_link
from submissions.models import Decision

from .cycles import LOCKING_STATUSES, EvaluationCycle

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


class MethodologyQuerySet(models.QuerySet):
    def locked(self):
        return self.filter(cycles__status__in=LOCKING_STATUSES).distinct()


class Methodology(models.Model):
    """A scored grid adopted by a decision (e.g. SC-6/16). Revised by making a new version."""

    name = models.CharField(_("name"), max_length=255)
    decision = optional_link(Decision, _("adopting decision"), on_delete=models.PROTECT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous_version = optional_link(
        "self",
        _("previous version"),
        on_delete=models.PROTECT,
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

    def scorable_points(self):
        """Return the points the grid's scales can give today (reads what `problems` reads)."""
        return sum(part.max_points for c in self.criteria.all() for part in c.parts.all())

    def incompleteness_statement(self):
        """Return the sentence every page and export showing scores carries while the grid is
        incomplete ("... scores are out of the 14 scorable points of 33"), or "" when complete.
        """
        problems = self.problems()
        if not problems:
            return ""
        return _(
            "The methodology is incomplete: %(problems)s Scores are out of the %(scorable)s "
            "scorable points of %(max)s."
        ) % {
            "problems": " ".join(str(p) for p in problems),
            "scorable": self.scorable_points(),
            "max": self.max_total,
        }


class Criterion(models.Model):
    methodology = link(
        Methodology, _("methodology"), related_name="criteria", on_delete=models.CASCADE
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

    criterion = link(Criterion, _("criterion"), related_name="parts", on_delete=models.CASCADE)
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

    part = link(CriterionPart, _("criterion part"), related_name="levels", on_delete=models.CASCADE)
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
