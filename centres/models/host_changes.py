"""Host changes as cases: a proposed host institution for a centre, followed until it is
established (a new hosting) or withdrawn.

A proposal is not a hosting: the centre's status, its host in office and its obligations follow
its `Hosting` records only. A case becomes "established" only through
`centres.host_changes.host_change_establish`, which creates the hosting in the same transaction.
"""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import link, one_to_one
from .network import Centre, Correspondence, Hosting, Institution

HOST_CHANGE_ESTABLISHED_NEEDS_HOSTING = _(
    "An established host change names the hosting it created; any other state names none."
)

# Who the registry's own letters come from: everything else in a case's file was received.
SECRETARIAT_SENDER = "secretariat"


class HostChangeState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    UNDER_REVIEW = "under_review", _("Under review")
    ESTABLISHED = "established", _("Established")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_HOST_CHANGE_STATES = (HostChangeState.PROPOSED, HostChangeState.UNDER_REVIEW)


def is_received(correspondence):
    """Return whether `correspondence` came to the Secretariat (rather than from it)."""
    return SECRETARIAT_SENDER not in correspondence.sender.casefold()


class HostChange(models.Model):
    """A proposed new host institution for a centre, and what became of the proposal."""

    centre = link(Centre, _("centre"), related_name="host_changes")
    institution = link(Institution, _("proposed host"), related_name="host_changes")
    proposed_by = models.CharField(
        _("proposed by"),
        max_length=255,
        help_text=_("Who proposed the change, e.g. a ministry through its permanent mission."),
    )
    proposed_on = models.DateField(_("proposed on"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=HostChangeState,
        default=HostChangeState.PROPOSED,
        help_text=_(
            "A case is established only by recording the new hosting (the admin's "
            "'establish' fields), never by changing this field alone."
        ),
    )
    hosting = one_to_one(
        Hosting, _("hosting created"), related_name="host_change", null=True, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    correspondence = models.ManyToManyField(
        Correspondence,
        verbose_name=_("correspondence"),
        through="HostChangeCorrespondence",
        blank=True,
        related_name="host_changes",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["centre", "-proposed_on"]
        verbose_name = _("host change")
        verbose_name_plural = _("host changes")
        constraints = [
            models.CheckConstraint(
                condition=(Q(state=HostChangeState.ESTABLISHED) & Q(hosting__isnull=False))
                | (~Q(state=HostChangeState.ESTABLISHED) & Q(hosting__isnull=True)),
                name="host_change_established_has_hosting",
                violation_error_message=HOST_CHANGE_ESTABLISHED_NEEDS_HOSTING,
            )
        ]

    def __str__(self):
        return _("%(institution)s proposed as host of %(centre)s (%(day)s)") % {
            "institution": self.institution.name,
            "centre": self.centre,
            "day": formats.date_format(self.proposed_on),
        }

    @property
    def is_open(self):
        return self.state in OPEN_HOST_CHANGE_STATES

    def last_received_on(self, day=None, correspondence=None):
        """Return the date of the last communication received on the case by `day`, or None.

        `correspondence` may be passed when already fetched, to spare a query.
        """
        if correspondence is None:
            correspondence = self.correspondence.all()
        dates = [
            c.date for c in correspondence if is_received(c) and (day is None or c.date <= day)
        ]
        return max(dates, default=None)

    def file_by(self, day: dt.date | None = None):
        """Return the case's correspondence dated by `day` (all when None), oldest first."""
        items = [c for c in self.correspondence.all() if day is None or c.date <= day]
        return sorted(items, key=lambda c: (c.date, c.pk))


class HostChangeCorrespondence(models.Model):
    """A piece of correspondence filed on a host-change case."""

    case = link(HostChange, _("host change"), related_name="links", on_delete=models.CASCADE)
    correspondence = link(Correspondence, _("correspondence"), related_name="host_change_links")

    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "correspondence__date"]
        verbose_name = _("correspondence on a host change")
        verbose_name_plural = _("correspondence on host changes")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "correspondence"], name="host_change_correspondence_unique"
            )
        ]

    def __str__(self):
        return str(self.correspondence)
