"""Decisions and the requests their paragraphs (or Secretariat letters) make."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Centre, Convention, Party
from centres.models.fields import optional_link

# The dates a request or a decision may carry: from the Basel Convention's adoption (1989) to a
# horizon no deadline reaches; outside is a typing error (year 9999 overflows time-zone sums).
EARLIEST_DATE = dt.date(1989, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_OUT_OF_RANGE = _("Give a date between %(earliest)s and %(latest)s.")


def date_range_errors(instance, names):
    """Return {field: message} for the dates of `instance` outside the registry's range."""
    message = DATE_OUT_OF_RANGE % {"earliest": EARLIEST_DATE, "latest": LATEST_DATE}
    return {
        name: message
        for name in names
        if getattr(instance, name) is not None
        and not EARLIEST_DATE <= getattr(instance, name) <= LATEST_DATE
    }


LETTER_REFERENCE = _("Secretariat's letter %(reference)s")
LETTER_WITHOUT_SUBJECT = _("Secretariat's letter requesting %(kind)s")

# Calendar years a reporting period must cover, by kind and convention. Stockholm workplans span
# the four-year endorsement term; Basel business plans (BC-11/12) follow the two-year biennium.
PERIOD_YEARS = {
    ("workplan", "SC"): 4,
    ("workplan", "BC"): 2,
    ("activity_report", "SC"): 2,
    ("activity_report", "BC"): 2,
}


class Decision(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. SC-7/17"))
    convention = models.CharField(_("convention"), max_length=2, choices=Convention)
    cop = models.PositiveSmallIntegerField(_("COP"))
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=500)
    document_symbol = models.CharField(_("document symbol"), max_length=100, blank=True)
    url = models.URLField(_("URL"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention", "cop", "code"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self):
        return self.code

    def clean(self):
        errors = date_range_errors(self, ["adopted_on"])
        if self.year and not EARLIEST_DATE.year <= self.year <= LATEST_DATE.year:
            errors["year"] = DATE_OUT_OF_RANGE % {
                "earliest": EARLIEST_DATE.year,
                "latest": LATEST_DATE.year,
            }
        elif self.adopted_on and self.year and self.adopted_on.year != self.year:
            errors["year"] = _("The year must be that of the adoption date.")
        if errors:
            raise ValidationError(errors)


class RequestKind(models.TextChoices):
    WORKPLAN = "workplan", _("Workplan")
    ACTIVITY_REPORT = "activity_report", _("Activity report")
    INFORMATION = "information", _("Information")
    VIEWS = "views", _("Views")


class RequestMode(models.TextChoices):
    """What the decision's words make of a request.

    An obligation ("requests", "decides that ... shall") has a due date and can be late; an
    invitation ("invites", "inviting views") has none: nobody is late or missing, and the figure
    is the replies received as at a date.
    """

    OBLIGATION = "obligation", _("Obligation")
    INVITATION = "invitation", _("Invitation")


class Request(models.Model):
    """Something a decision (or a Secretariat letter) asks of centres and/or Parties."""

    decision = optional_link(
        Decision,
        _("decision"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    paragraph = models.CharField(_("paragraph"), max_length=20, blank=True)
    issued_on = models.DateField(
        _("letter date"),
        null=True,
        blank=True,
        help_text=_("Date of the Secretariat's letter conveying the request, if any."),
    )
    letter_reference = models.CharField(_("letter reference"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind)
    mode = models.CharField(
        _("mode"),
        max_length=10,
        choices=RequestMode,
        default=RequestMode.OBLIGATION,
        help_text=_(
            "An obligation has a due date and can be late; an invitation has none and counts "
            "the replies received."
        ),
    )
    replies_wanted_by = models.DateField(
        _("replies wanted by"),
        null=True,
        blank=True,
        help_text=_(
            "For an invitation: the date the letter asks replies by, if any. It never makes "
            "anyone late."
        ),
    )
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    due_date = models.DateField(
        _("due date"), null=True, blank=True, help_text=_("Leave blank for an open request.")
    )
    for_cop = models.PositiveSmallIntegerField(_("for consideration by COP"), null=True, blank=True)
    convention_centres = models.CharField(
        _("centres of a convention"),
        max_length=2,
        choices=Convention,
        blank=True,
        help_text=_("Address every centre of this convention active on the due date."),
    )
    centres = models.ManyToManyField(
        Centre,
        verbose_name=_("centres"),
        blank=True,
        related_name="+",
        help_text=_("Centres chosen one by one, besides those of a convention."),
    )
    all_parties = models.BooleanField(_("all Parties"), default=False)
    parties = models.ManyToManyField(
        Party,
        verbose_name=_("Parties"),
        blank=True,
        related_name="+",
        help_text=_("Parties chosen one by one, unless all Parties are addressed."),
    )

    history = HistoricalRecords(m2m_fields=[centres, parties])

    class Meta:
        ordering = ["due_date", "decision__code", "paragraph"]
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__isnull=False) | Q(issued_on__isnull=False),
                name="request_has_decision_or_letter",
                violation_error_message=_("A request comes from a decision or a letter."),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gt=models.F("period_start")),
                name="request_period_ordered",
                violation_error_message=_("The period must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(mode="invitation", due_date__isnull=False),
                name="request_invitation_has_no_due_date",
                violation_error_message=_("An invitation has no due date."),
            ),
            models.UniqueConstraint(
                fields=["decision", "paragraph"],
                condition=Q(decision__isnull=False),
                name="request_unique_paragraph",
            ),
        ]

    def __str__(self):
        source = (
            f"{self.decision.code} {self.paragraph}".strip()
            if self.decision_id
            else (f"{_('Letter of')} {self.issued_on}")
        )
        return f"{source} – {self.title or self.get_kind_display()}"

    def clean(self):
        errors = date_range_errors(self, ["issued_on", "period_start", "period_end", "due_date"])
        years = PERIOD_YEARS.get((self.kind, self.convention))
        if years and not {"period_start", "period_end"} & errors.keys():
            if not (self.period_start and self.period_end):
                errors["period_start"] = _("A %(kind)s needs a reporting period.") % {
                    "kind": self.get_kind_display().lower()
                }
            else:
                s, e = self.period_start, self.period_end
                if not (
                    s.month == 1
                    and s.day == 1
                    and e.month == 12
                    and e.day == 31
                    and e.year - s.year + 1 == years
                ):
                    # Spell the expected span out: "4 years later" would read as 2020 for 2016.
                    errors["period_end"] = _(
                        "A %(kind)s covers %(years)s calendar years, from 1 January of its "
                        "first year to 31 December of its last, e.g. 1 January %(start)s to "
                        "31 December %(end)s."
                    ) % {
                        "kind": self.get_kind_display().lower(),
                        "years": years,
                        "start": s.year,
                        "end": s.year + years - 1,
                    }
        if (
            self.period_start
            and self.period_end
            and self.period_end <= self.period_start
            and "period_end" not in errors
        ):
            errors["period_end"] = _("The period must end after it starts.")
        if not self.decision_id and not self.issued_on:
            errors["issued_on"] = _("Give the decision, or the date of the letter.")
        errors.update(self._mode_errors())
        if errors:
            raise ValidationError(errors)

    def _mode_errors(self):
        """An invitation has no due date (a date replies are wanted by never makes anyone late);
        an obligation has no "replies wanted by" date."""
        errors = {}
        if self.mode == RequestMode.INVITATION and self.due_date is not None:
            errors["due_date"] = _(
                "An invitation has no due date: leave it blank, and give the date replies are "
                "wanted by, if the letter sets one."
            )
        if self.mode == RequestMode.OBLIGATION and self.replies_wanted_by is not None:
            errors["replies_wanted_by"] = _(
                "Only an invitation has a “replies wanted by” date; an obligation has a due date."
            )
        return errors

    @property
    def is_invitation(self):
        return self.mode == RequestMode.INVITATION

    @property
    def convention(self):
        """The convention whose rules apply: the decision's, else the addressed centres'."""
        return self.convention_of(
            self.decision.convention if self.decision_id else None, self.convention_centres
        )

    @staticmethod
    def convention_of(decision_convention, convention_centres):
        """Return the convention of a request with these column values (`convention`)."""
        return decision_convention or convention_centres or Convention.STOCKHOLM

    @property
    def reference_date(self):
        """The day on which "centres active" is judged: the due date, else the letter's date."""
        if self.due_date:
            return self.due_date
        if self.issued_on:
            return self.issued_on
        return self.decision.adopted_on or dt.date(self.decision.year, 12, 31)

    @property
    def issued_date(self):
        """The day from which the request exists."""
        if self.issued_on:
            return self.issued_on
        if self.decision_id:
            return self.decision.adopted_on or dt.date(self.decision.year, 1, 1)
        return None

    def subject(self, language=""):
        """Return what the request is about, as its addressees know it, never a bare date.

        The subject of its letter in `language` (else in English, else in any language);
        without one, the decision and paragraph, else the title, else the letter's reference.
        Reads the letters through `.all()`, so prefetching them avoids queries.
        """
        letters = [letter for letter in self.letters.all() if letter.subject.strip()]
        for wanted in ((language or "")[:2], "en"):
            for letter in letters:
                if letter.language == wanted:
                    return letter.subject
        if letters:
            return letters[0].subject
        if self.decision_id:
            return self.label
        if self.title:
            return self.title
        if self.letter_reference:
            return str(LETTER_REFERENCE % {"reference": self.letter_reference})
        return str(LETTER_WITHOUT_SUBJECT % {"kind": self.get_kind_display().lower()})

    @property
    def label(self):
        if self.decision_id:
            return f"{self.decision.code} {self.paragraph}".strip()
        return str(_("Letter of %(date)s") % {"date": self.issued_on})
