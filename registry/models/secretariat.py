"""The Secretariat's own work: its mandates, its meetings and webinars, support and funding.

Mandates are the decision paragraphs addressed to the Secretariat; meetings are the events it
organizes or takes part in; contributions are the support donors give through the centres, and
budget lines are the parts of a centre's workplan, each funded by a contribution or not (yet).
"""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Party
from centres.models.fields import link, optional_link, user_link
from evaluations.models import Activity
from submissions.models import Decision, Obligation, Request


class MandateState(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class MandateQuerySet(models.QuerySet):
    def not_done(self):
        """Mandates still to be carried out (open or in progress)."""
        return self.exclude(state=MandateState.DONE)


class Mandate(models.Model):
    """A decision paragraph that asks something of the Secretariat (e.g. SC-7/17 para 12(a))."""

    decision = link(Decision, _("decision"), related_name="secretariat_mandates")
    paragraph = models.CharField(_("paragraph"), max_length=20)
    task = models.TextField(_("task"))
    reports_to_cop = models.PositiveSmallIntegerField(
        _("reports to COP"), help_text=_("Number of the meeting the Secretariat reports to.")
    )
    state = models.CharField(
        _("state"), max_length=20, choices=MandateState, default=MandateState.OPEN
    )
    forwarded_requests = models.ManyToManyField(
        Request,
        verbose_name=_("replies forwarded"),
        blank=True,
        related_name="forwarding_mandates",
        help_text=_("Requests whose replies this mandate forwards (e.g. the mercury information)."),
    )
    notes = models.TextField(_("notes"), blank=True)

    objects = MandateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["reports_to_cop", "decision__code", "paragraph"]
        verbose_name = _("Secretariat mandate")
        verbose_name_plural = _("Secretariat mandates")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "paragraph"],
                name="mandate_one_per_paragraph",
                violation_error_message=_("This paragraph is already recorded as a mandate."),
            ),
            models.CheckConstraint(condition=Q(reports_to_cop__gte=1), name="mandate_cop_positive"),
        ]

    def __str__(self):
        return f"{self.decision.code} {_('para')} {self.paragraph}"

    @property
    def convention(self):
        return self.decision.convention


class MandateOutput(models.Model):
    """A document that carries out (part of) a mandate: its symbol, title and link."""

    mandate = link(Mandate, _("mandate"), related_name="outputs", on_delete=models.CASCADE)
    document_symbol = models.CharField(_("document symbol"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=500, blank=True)
    url = models.URLField(_("link"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["mandate", "pk"]
        verbose_name = _("mandate output")
        verbose_name_plural = _("mandate outputs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(document_symbol="") | ~Q(description=""),
                name="mandate_output_says_something",
                violation_error_message=_("Give a document symbol or a description."),
            ),
        ]

    def __str__(self):
        return self.document_symbol or self.description


class MeetingKind(models.TextChoices):
    ONLINE_MEETING = "online_meeting", _("Online meeting")
    WEBINAR = "webinar", _("Webinar")
    # A published count ("23 online meetings and webinars") that does not tell the two apart.
    ONLINE_MEETING_OR_WEBINAR = (
        "online_or_webinar",
        _("Online meetings or webinars (not told apart)"),
    )
    JOINT_DIRECTORS = "joint_directors", _("Joint meeting of directors")
    PERMANENT_MISSIONS = "permanent_missions", _("Meeting of permanent missions")
    BUREAU_BRIEFING = "bureau_briefing", _("Bureau briefing")
    OTHER = "other", _("Other")


# The kinds the Secretariat's note counts together as "online meetings and webinars".
ONLINE_KINDS = (
    MeetingKind.ONLINE_MEETING,
    MeetingKind.WEBINAR,
    MeetingKind.ONLINE_MEETING_OR_WEBINAR,
)


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings `user` may read: all for staff and Bureau members, else their centres'."""
        from centres.access import can_read_dashboards, centres_for_user

        if can_read_dashboards(user):
            return self
        return self.filter(centres__in=centres_for_user(user)).distinct()


class Meeting(models.Model):
    """A meeting, webinar or briefing the Secretariat organized or gave.

    One entry is one event, except an entry that records a published count (`sessions` > 1):
    it stands for that many events within its dates, which the record cannot place more finely.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind)
    title = models.CharField(_("title"), max_length=255)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online = models.BooleanField(_("online"), default=False)
    objectives = models.TextField(_("objectives"), blank=True)
    centres = models.ManyToManyField(
        Centre, verbose_name=_("centres that took part"), blank=True, related_name="meetings"
    )
    parties = models.ManyToManyField(
        Party, verbose_name=_("Parties that took part"), blank=True, related_name="meetings"
    )
    observer_parties = models.ManyToManyField(
        Party, verbose_name=_("observers (Parties)"), blank=True, related_name="meetings_observed"
    )
    observers = models.TextField(
        _("observers"), blank=True, help_text=_("Other observers, e.g. permanent missions.")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    report_url = models.URLField(_("report"), blank=True)
    host_changes = models.ManyToManyField(
        "centres.HostChange",
        verbose_name=_("host-change cases discussed"),
        blank=True,
        related_name="briefings",
        help_text=_("E.g. a Bureau briefing on a proposed new host."),
    )
    mandate = optional_link(Mandate, _("mandate served"), related_name="meetings")
    sessions = models.PositiveSmallIntegerField(
        _("number of events"),
        default=1,
        help_text=_(
            "1 for a single event. More only for an entry recording a published count whose "
            "events are not recorded one by one."
        ),
    )
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "Demo entry that only illustrates a published count: its details are not facts."
        ),
    )
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("Where the facts come from.")
    )

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("meeting or webinar")
        verbose_name_plural = _("meetings and webinars")
        indexes = [models.Index(fields=["starts_on", "kind"], name="meeting_start_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="meeting_ends_after_start",
                violation_error_message=_("A meeting cannot end before it starts."),
            ),
            models.CheckConstraint(condition=Q(sessions__gte=1), name="meeting_sessions_positive"),
        ]

    def __str__(self):
        return f"{self.starts_on:%Y-%m-%d} {self.title}"

    @property
    def is_count(self):
        return self.sessions > 1


class Contribution(models.Model):
    """Support from a donor (a Party or another body) for the centres' work.

    Amount and currency are optional: where the source gives none, none is recorded.
    """

    donor_party = optional_link(
        Party,
        _("donor (Party)"),
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    donor_name = models.CharField(
        _("donor (other)"),
        max_length=255,
        blank=True,
        help_text=_("A donor that is not a Party recorded in the registry."),
    )
    amount = models.DecimalField(
        _("amount"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, blank=True, help_text=_("ISO 4217 code, e.g. USD, EUR.")
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    centres = models.ManyToManyField(
        Centre, verbose_name=_("centres funded"), blank=True, related_name="contributions"
    )
    activities = models.ManyToManyField(
        Activity, verbose_name=_("activities funded"), blank=True, related_name="contributions"
    )
    meetings = models.ManyToManyField(
        Meeting, verbose_name=_("meetings funded"), blank=True, related_name="contributions"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "donor_name", "pk"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(donor_party__isnull=False) | ~Q(donor_name=""),
                name="contribution_has_donor",
                violation_error_message=_("Name the donor: a Party or another body."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="contribution_amount_has_currency",
                violation_error_message=_("An amount needs its currency."),
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0),
                name="contribution_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="contribution_period_in_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self):
        years = ""
        if self.period_start and self.period_end:
            years = f" ({self.period_start.year}-{self.period_end.year})"
        return f"{self.donor}{years}"

    @property
    def donor(self):
        return self.donor_party.name if self.donor_party_id else self.donor_name


class BudgetLine(models.Model):
    """One line of a centre's workplan budget, funded by a contribution or unfunded.

    Written only through `registry.secretariat.services` (the portal and the admin alike).
    """

    obligation = link(
        Obligation, _("workplan"), related_name="budget_lines", on_delete=models.CASCADE
    )
    description = models.CharField(_("description"), max_length=500)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, help_text=_("ISO 4217 code."))
    funded_by = optional_link(
        Contribution,
        _("funded by"),
        on_delete=models.PROTECT,
        related_name="budget_lines",
        help_text=_("Leave empty for an unfunded line."),
    )
    entered_by = user_link(_("entered by"), editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["obligation", "pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="budget_line_amount_not_negative",
                violation_error_message=_("An amount cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.description}: {self.amount} {self.currency}"

    @property
    def is_funded(self):
        return self.funded_by_id is not None
