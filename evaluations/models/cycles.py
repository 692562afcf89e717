"""Evaluation cycles: one round of evaluations reporting to a COP, open, closed or published."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Convention
from centres.models.fields import link, user_link

from .. import access

CYCLE_PERIOD_ORDER = _("The period must end after it starts.")
CYCLE_CANNOT_REOPEN = _("A closed or published cycle cannot be opened again.")
CYCLE_METHODOLOGY_FIXED = _("The methodology of a closed or published cycle cannot change.")


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
    methodology = link("evaluations.Methodology", _("methodology"), related_name="cycles")
    cop = models.PositiveSmallIntegerField(_("reports to COP"))
    period_start = models.DateField(_("activities from"))
    period_end = models.DateField(_("activities to"))
    status = models.CharField(
        _("status"), max_length=10, choices=CycleStatus, default=CycleStatus.OPEN
    )
    incomplete_acknowledged_by = user_link(
        _("incomplete methodology acknowledged by"),
        on_delete=models.PROTECT,
        help_text=_(
            "Who published the cycle knowing its methodology was incomplete; the pages and "
            "exports showing its scores say so."
        ),
    )
    incomplete_acknowledged_at = models.DateTimeField(
        _("incomplete methodology acknowledged at"), null=True, blank=True
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
