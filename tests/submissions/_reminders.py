"""Shared builders of the deadlines-engine tests: a centre owing one workplan, or one action."""

import datetime as dt

from django.core import mail

from tests import factories
from tests.clock import GENEVA, geneva

DUE = dt.date(2015, 9, 30)
SECRETARIAT = "focal.point@secretariat.example.org"  # the `scan` fixture's Secretariat address

# (day in Geneva, kind) of every email a workplan due on DUE brings, from 90 days before the due
# date to 60 days after, under the default policy.
FULL_CYCLE = [
    ("2015-08-01", "reminder"),
    ("2015-08-31", "reminder"),
    ("2015-09-23", "reminder"),
    ("2015-09-29", "reminder"),
    ("2015-10-01", "late_flag"),
    ("2015-10-01", "overdue"),
    ("2015-10-15", "overdue"),
    ("2015-10-29", "overdue"),
    ("2015-11-12", "escalation"),
    ("2015-11-26", "escalation"),
]


def scan_full_cycle(scan):
    """Scan every six hours from 90 days before DUE to 60 days after."""
    now = geneva(2015, 7, 2)
    while now <= geneva(2015, 11, 29):
        scan(now)
        now += dt.timedelta(hours=6)


def days_sent(emails):
    """Return the (day in Geneva, kind) of each of `emails` once sent, like FULL_CYCLE."""
    return sorted((e.sent_at.astimezone(GENEVA).date().isoformat(), e.kind) for e in emails)


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


def centre_with_contacts(languages, **extra):
    """Return a new centre with one contact per language in `languages`, the first its director."""
    centre = factories.CentreFactory(**extra)
    for i, language in enumerate(languages):
        factories.ContactFactory(
            centre=centre,
            preferred_language=language,
            role="director" if i == 0 else "focal_point",
            email=f"{language}{i}.{centre.pk}@centre.example.org",
        )
    return centre


def owing_centre(*, due_date=DUE, languages=("en",), name=None, kind="workplan", region=None):
    """Return an obligation of a new centre, with one contact per language in `languages`."""
    extra = {"name": name} if name else {}
    if region is not None:
        extra["region"] = region
    centre = centre_with_contacts(languages, **extra)
    request = factories.RequestFactory(convention_centres="", due_date=due_date, kind=kind)
    return factories.ObligationFactory(request=request, centre=centre)


def acting_centre(*, due_date=DUE, languages=("en",), owner="centre", region=None):
    """Return an action of a new centre's action plan, with one contact per language."""
    extra = {"region": region} if region is not None else {}
    centre = centre_with_contacts(languages, **extra)
    return factories.ActionFactory(gap__centre=centre, due_date=due_date, owner=owner)
