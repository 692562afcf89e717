"""Who: regions, Parties, institutions, centres, their hostings, endorsements and contacts."""

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import link, optional_link, user_link

TERM_YEARS = 4


def add_years(day, years):
    """Return `day` moved by `years`, 29 February falling back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Convention(models.TextChoices):
    BASEL = "BC", _("Basel Convention")
    STOCKHOLM = "SC", _("Stockholm Convention")


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")


class Region(models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Party(models.Model):
    """A Party to a convention: a State, or a regional economic integration organization."""

    class Kind(models.TextChoices):
        STATE = "state", _("State")
        REIO = "reio", _("Regional economic integration organization")

    code = models.CharField(
        _("code"), max_length=3, unique=True, help_text=_("ISO 3166 alpha-2 code, or EU.")
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.STATE)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, null=True, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Party")
        verbose_name_plural = _("Parties")

    def __str__(self):
        return self.name


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=255)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.ForeignKey(Party, verbose_name=_("country"), on_delete=models.PROTECT)
    website = models.URLField(_("website"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="institution_unique_name")
        ]

    def __str__(self):
        return f"{self.name}, {self.city}" if self.city else self.name


class CentreStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ENDORSED = "endorsed", _("Endorsed")
    TERM_EXPIRED = "term_expired", _("Term expired")
    CEASED = "ceased", _("Ceased")


class CentreQuerySet(models.QuerySet):
    def serving(self, convention):
        if convention == Convention.BASEL:
            return self.filter(serves_basel=True)
        return self.filter(serves_stockholm=True)

    def active_on(self, day, convention):
        """Centres of `convention` whose endorsement is in force on `day` and not ceased."""
        in_force = Endorsement.objects.in_force_on(day).filter(convention=convention)
        return (
            self.serving(convention)
            .filter(pk__in=in_force.values("centre_id"))
            .exclude(ceased_on__lte=day)
        )


class Centre(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    serves_basel = models.BooleanField(_("Basel Convention centre"), default=False)
    serves_stockholm = models.BooleanField(_("Stockholm Convention centre"), default=False)
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.PROTECT)
    host_country = link(Party, _("host country"), related_name="+")
    city = models.CharField(_("city"), max_length=100, blank=True)
    countries_served = models.ManyToManyField(
        Party, verbose_name=_("countries served"), blank=True, related_name="served_by"
    )
    area_served = models.CharField(
        _("area served"),
        max_length=255,
        blank=True,
        help_text=_("How the centre describes the countries it serves."),
    )
    website = models.URLField(_("website"), blank=True)
    nominated_on = models.DateField(_("nominated on"), null=True, blank=True)
    ceased_on = models.DateField(
        _("ceased on"),
        null=True,
        blank=True,
        help_text=_("The day the centre stopped operating. Its past obligations are kept."),
    )

    objects = CentreQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[countries_served])

    class Meta:
        ordering = ["name"]
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        constraints = [
            models.CheckConstraint(
                condition=Q(serves_basel=True) | Q(serves_stockholm=True),
                name="centre_serves_a_convention",
                violation_error_message=_("A centre serves the Basel or the Stockholm convention."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def conventions(self):
        return [
            c
            for c, serves in (
                (Convention.BASEL, self.serves_basel),
                (Convention.STOCKHOLM, self.serves_stockholm),
            )
            if serves
        ]

    def status_at(self, now, endorsements=None):
        """Return the centre's status as at `now` (a datetime or a date).

        `endorsements` may be passed when already fetched, to spare a query.
        """
        day = now
        if isinstance(now, dt.datetime):  # the day it was in Geneva at that instant
            day = (
                now.astimezone(ZoneInfo(settings.REGISTRY_TIME_ZONE)) if now.tzinfo else now
            ).date()
        if self.ceased_on and self.ceased_on <= day:
            return CentreStatus.CEASED
        if endorsements is None:
            endorsements = self.endorsements.all()
        started = [e for e in endorsements if e.endorsed_on <= day]
        if any(e.is_in_force_on(day) for e in started):
            return CentreStatus.ENDORSED
        if started:
            return CentreStatus.TERM_EXPIRED
        return CentreStatus.NOMINATED

    def endorsement_gaps(self, endorsements=None):
        """Return the spans with no endorsement recorded after a term ended, per convention.

        Each gap is (convention, term ended on, next endorsement's date or None). The registry
        shows a gap as it is ("term expired; re-endorsement not recorded") rather than assume a
        re-endorsement the records do not hold. `endorsements` may be passed when already
        fetched, to spare a query.
        """
        if endorsements is None:
            endorsements = self.endorsements.all()
        gaps = []
        for convention in Convention.values:
            terms = sorted(
                (e for e in endorsements if e.convention == convention),
                key=lambda e: e.endorsed_on,
            )
            covered_until = None  # last day covered so far
            for endorsement in terms:
                if covered_until is not None and endorsement.endorsed_on > covered_until:
                    gaps.append(EndorsementGap(convention, covered_until, endorsement.endorsed_on))
                if endorsement.term_ends_on is None:  # open-ended: no gap can follow
                    covered_until = None
                    break
                ends = endorsement.term_ends_on
                covered_until = ends if covered_until is None else max(covered_until, ends)
            if covered_until is not None:
                gaps.append(EndorsementGap(convention, covered_until, None))
        return gaps

    def gaps_at(self, now, endorsements=None):
        """Return the endorsement gaps in force as at `now` (a date), e.g. a term expired with
        no re-endorsement recorded by then."""
        return [
            gap
            for gap in self.endorsement_gaps(endorsements)
            if gap.term_ended_on < now
            and (gap.next_endorsed_on is None or gap.next_endorsed_on > now)
        ]


class EndorsementGap(NamedTuple):
    """A span after a term ended with no endorsement of that convention recorded."""

    convention: str
    term_ended_on: dt.date
    next_endorsed_on: dt.date | None

    @property
    def convention_label(self):
        return Convention(self.convention).label


class Hosting(models.Model):
    """An institution hosting a centre over a span of time."""

    centre = link(Centre, _("centre"), related_name="hostings", on_delete=models.CASCADE)
    institution = link(Institution, _("institution"), related_name="hostings")
    nominated_on = models.DateField(_("nominated on"), null=True, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("to"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["centre", "started_on"]
        verbose_name = _("hosting")
        verbose_name_plural = _("hostings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="hosting_ends_after_start",
                violation_error_message=_("A hosting cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.institution} ({self.span})"

    @property
    def span(self):
        start = self.started_on.year if self.started_on else "?"
        end = self.ended_on.year if self.ended_on else _("present")
        return f"{start}–{end}"


class EndorsementQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(endorsed_on__lte=day).filter(
            Q(term_ends_on__isnull=True) | Q(term_ends_on__gte=day)
        )


class Endorsement(models.Model):
    """The COP's endorsement of a centre for one convention, for a four-year term.

    Basel centres established by framework agreements have no term end.
    """

    centre = link(Centre, _("centre"), related_name="endorsements", on_delete=models.CASCADE)
    hosting = optional_link(
        Hosting,
        _("hosting"),
        related_name="endorsements",
        help_text=_("The host institution that was endorsed."),
    )
    convention = models.CharField(_("convention"), max_length=2, choices=Convention)
    decision_code = models.CharField(
        _("decision"),
        max_length=20,
        blank=True,
        help_text=_("Code of the endorsing decision, e.g. SC-7/17; blank when not recorded."),
    )
    cop = models.PositiveSmallIntegerField(_("COP"), help_text=_("Number of the meeting."))
    endorsed_on = models.DateField(_("date"))
    term_ends_on = models.DateField(
        _("term ends on"),
        null=True,
        blank=True,
        help_text=_(
            "Four years after the endorsement when left blank; clear it for an open-ended "
            "framework agreement."
        ),
    )
    open_ended = models.BooleanField(
        _("open-ended"),
        default=False,
        help_text=_("Established by a framework agreement with no term."),
    )

    objects = EndorsementQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["centre", "endorsed_on"]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "convention", "endorsed_on"], name="endorsement_unique_day"
            ),
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_ends_on__gt=models.F("endorsed_on")),
                name="endorsement_term_after_date",
                violation_error_message=_("The term must end after the endorsement."),
            ),
        ]

    def __str__(self):
        code = self.decision_code or f"COP-{self.cop}"
        return f"{self.centre} – {self.get_convention_display()} {code} ({self.endorsed_on})"

    def save(self, *args, **kwargs):
        if self.open_ended:
            self.term_ends_on = None
        elif self.term_ends_on is None:
            self.term_ends_on = add_years(self.endorsed_on, TERM_YEARS)
        super().save(*args, **kwargs)

    def clean(self):
        if self.centre_id and self.convention:
            served = self.centre.conventions
            if self.convention not in served:
                raise ValidationError(
                    {"convention": _("This centre does not serve that convention.")}
                )

    def is_in_force_on(self, day):
        if self.endorsed_on > day:
            return False
        return self.term_ends_on is None or day <= self.term_ends_on


class Contact(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        FOCAL_POINT = "focal_point", _("Focal point")

    centre = link(Centre, _("centre"), related_name="contacts", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    email = models.EmailField(_("email"))
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    is_public = models.BooleanField(_("shown in the public directory"), default=False)
    user = user_link(_("user account"), related_name="contacts")

    history = HistoricalRecords()

    class Meta:
        ordering = ["centre", "role", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["centre", "email"], name="contact_unique_email"),
            models.UniqueConstraint(
                fields=["centre"],
                condition=Q(role="director"),
                name="contact_one_director",
                violation_error_message=_("A centre has one director."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()}, {self.centre})"


def correspondence_upload_to(instance, filename):
    import uuid

    return f"correspondence/{uuid.uuid4().hex}"


class Correspondence(models.Model):
    class Kind(models.TextChoices):
        NOTE_VERBALE = "note_verbale", _("Note verbale")
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("Email")

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    sender = models.CharField(_("from"), max_length=255)
    recipient = models.CharField(_("to"), max_length=255)
    subject = models.CharField(_("subject"), max_length=500)
    attachment = models.FileField(_("attachment"), upload_to=correspondence_upload_to, blank=True)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    centre = optional_link(
        Centre,
        _("related centre"),
        on_delete=models.PROTECT,
        related_name="correspondence",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("correspondence")
        verbose_name_plural = _("correspondence")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}: {self.subject}"

    def get_absolute_url(self):
        return reverse("admin:centres_correspondence_change", args=[self.pk])


class Invitation(models.Model):
    """A one-time link that lets a contact set a password; only a hash of its token is kept.

    The invitee is a centre's contact or a Party's contact (`invitee`), never both.
    """

    contact = optional_link(
        Contact,
        _("contact"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    party_contact = optional_link(
        "centres.PartyContact",
        _("contact of a Party"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    invited_by = user_link(_("invited by"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("sent at"))
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    user = user_link(_("account"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False, party_contact__isnull=True)
                | Q(contact__isnull=True, party_contact__isnull=False),
                name="invitation_one_invitee",
                violation_error_message=_(
                    "Choose either a centre's contact or a Party's contact to invite."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.invitee.email} ({self.created_at:%Y-%m-%d})"

    @property
    def invitee(self):
        """The centre's contact or the Party's contact invited."""
        return self.contact if self.contact_id else self.party_contact

    @property
    def invited_as(self):
        """What the invitee is a contact of: their centre or their Party."""
        return self.contact.centre if self.contact_id else self.party_contact.party

    def is_usable_at(self, now):
        return self.accepted_at is None and now < self.expires_at
