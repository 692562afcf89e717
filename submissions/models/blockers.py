"""What blocks an overdue obligation, in the director's words ("what blocks you").

Logged with the obligation (with history), shown to staff, and able to start an extension
request or a gap-analysis action in one step (`submissions.blockers`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.fields import link, optional_link, user_link

from .actions import Action
from .obligations import Obligation
from .versions import Extension


class BlockerReason(models.TextChoices):
    NO_FUNDING = "no_funding", _("No funding")
    STAFF_CHANGE = "staff_change", _("Staff change")
    HOST_CHANGE = "host_change", _("Change of host institution")
    WAITING_FOR_DATA = "waiting_for_data", _("Waiting for data")
    OTHER = "other", _("Other")


class Blocker(models.Model):
    """What a centre says prevents it from submitting an overdue obligation, and a date it
    proposes."""

    obligation = link(
        Obligation, _("obligation"), related_name="blockers", on_delete=models.CASCADE
    )
    reason = models.CharField(
        _("what prevents the submission"), max_length=20, choices=BlockerReason
    )
    details = models.TextField(_("details"), blank=True)
    proposed_date = models.DateField(_("proposed date"), null=True, blank=True)
    reported_by = user_link(_("reported by"))
    reported_at = models.DateTimeField(_("reported at"))
    extension = optional_link(Extension, _("extension requested"))
    action = optional_link(Action, _("action started"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        verbose_name = _("what blocks a submission")
        verbose_name_plural = _("what blocks submissions")
        indexes = [models.Index(fields=["-reported_at"], name="blocker_reported")]

    def __str__(self):
        return f"{self.obligation}: {self.get_reason_display()}"
