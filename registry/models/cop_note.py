"""The stored draft of the Secretariat's note to a COP: its dates, wording and toggles.

The figures are never stored: they are computed from the records as at each paragraph's date
and inserted into the wording through placeholders (`registry.cop_note.wording`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Convention
from centres.models.fields import user_link


class CopNote(models.Model):
    """Section II of the Secretariat's note to one meeting of the COP, as staff drafted it."""

    convention = models.CharField(
        _("convention"), max_length=2, choices=Convention, default=Convention.STOCKHOLM
    )
    cop = models.PositiveSmallIntegerField(_("COP"), help_text=_("Number of the meeting."))
    workplans_as_at = models.DateField(_("workplans as at"), null=True, blank=True)
    reports_as_at = models.DateField(_("activity reports as at"), null=True, blank=True)
    views_as_at = models.DateField(_("views on the methodology as at"), null=True, blank=True)
    mercury_as_at = models.DateField(_("mercury-related information as at"), null=True, blank=True)
    selection_as_at = models.DateField(_("selection of centres as at"), null=True, blank=True)
    mercury_forwarded_in = models.CharField(
        _("mercury information forwarded in"),
        max_length=200,
        blank=True,
        help_text=_(
            "Symbol of the document by which the Secretariat forwarded the centres' mercury "
            "information to the interim secretariat of the Minamata Convention."
        ),
    )
    name_missing = models.BooleanField(
        _("name the centres that had not submitted"),
        default=False,
        help_text=_("The Secretariat's notes do not name them; tick only when asked to."),
    )
    wording = models.JSONField(
        _("wording"),
        default=dict,
        blank=True,
        help_text=_("Edited wording per paragraph, with placeholders for the figures."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = user_link(_("updated by"), on_delete=models.PROTECT)

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention", "cop"]
        verbose_name = _("COP note draft")
        verbose_name_plural = _("COP note drafts")
        constraints = [
            models.UniqueConstraint(fields=["convention", "cop"], name="cop_note_one_per_cop"),
        ]

    def __str__(self):
        return str(
            _("Note to %(convention)s COP-%(cop)s")
            % {"convention": self.convention, "cop": self.cop}
        )
