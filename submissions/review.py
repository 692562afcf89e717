"""What the portal's actions share: time zones, their emails, and the review pages' reads.

The actions themselves (uploads, records, reviews, extensions, waivers) are in `services`.
Emails are sent only once the transaction has committed, each in the recipient's language.
"""

import functools
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from centres.languages import address_language, contact_language, user_language
from outbox.models import EmailKind
from outbox.services import email_queue

from .models import (
    deadline_for,
    secretariat_tz,
)
from .status import extension_in_force

SUBJECT_RECEIPT = _("Receipt: %(request)s, version %(number)s")
SUBJECT_REVIEW_ACCEPTED = _("Accepted: %(request)s, version %(number)s")
SUBJECT_REVIEW_RETURNED = _("Returned for revision: %(request)s, version %(number)s")
SUBJECT_EXTENSION_REQUESTED = _("Extension requested: %(request)s, %(centre)s")
SUBJECT_EXTENSION_GRANTED = _("Extension granted: %(request)s")
SUBJECT_EXTENSION_REFUSED = _("Extension refused: %(request)s")


# --- time zones --------------------------------------------------------------------------------


@functools.cache
def _known_time_zones():
    return frozenset(available_timezones())


def valid_time_zone(name):
    """Return `name` if it is a known IANA time zone, else None.

    Checked against the list of zones, not by opening it: `ZoneInfo("America")` opens a folder
    (IsADirectoryError) and other names reach files that are not zones.
    """
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    return name if name in _known_time_zones() else None


def instant_in_zones(instant, user_tz=None):
    """Return [(label, local time as text)] for Geneva, the user's zone (if different) and UTC."""
    zones = [(settings.REGISTRY_TIME_ZONE, _("Geneva"))]
    user_tz = valid_time_zone(user_tz)
    if user_tz and user_tz not in (settings.REGISTRY_TIME_ZONE, "UTC"):
        zones.append((user_tz, user_tz))
    zones.append(("UTC", "UTC"))
    shown = []
    for name, label in zones:
        local = timezone.localtime(instant, ZoneInfo(name))
        shown.append((label, f"{local:%Y-%m-%d %H:%M:%S} {local:%Z} (UTC{local:%z})"))
    return shown


# --- emails -------------------------------------------------------------------------------------

TEMPLATE_KINDS = {
    "receipt": EmailKind.RECEIPT,
    "review": EmailKind.REVIEW,
    "extension": EmailKind.EXTENSION,
}


def centre_recipients(centre, *extra_users):
    """Return [(email, language)]: the centre's director, then `extra_users`, without repeats."""
    contacts = list(centre.contacts.all())
    directors = [c for c in contacts if c.role == "director"]
    return _recipients(contacts, directors, extra_users)


def addressee_recipients(obligation, *extra_users):
    """Return [(email, language)] for `obligation`'s addressee: a centre's director and
    `extra_users`; for a Party, `extra_users` (its contacts who acted), each in the language of
    their contact record."""
    if obligation.centre_id:
        return centre_recipients(obligation.centre, *extra_users)
    return _recipients(list(obligation.party.contacts.all()), [], extra_users)


def _recipients(contacts, first, extra_users):
    by_email = {c.email.lower(): c for c in contacts}
    by_user = {c.user_id: c for c in contacts if c.user_id}
    found = [(c.email, contact_language(c)) for c in first]
    for user in extra_users:
        if user is None or not user.email:
            continue
        contact = by_user.get(user.pk) or by_email.get(user.email.lower())
        found.append(
            (
                contact.email if contact else user.email,
                contact_language(contact)
                if contact
                else user_language(user) or settings.LANGUAGE_CODE,
            )
        )
    seen, recipients = set(), []
    for email, language in found:
        if email.lower() not in seen:
            seen.add(email.lower())
            recipients.append((email, language))
    return recipients


def send_templated(*, template, subject, subject_params, recipients, context):
    """Queue one message per recipient, rendered now in the recipient's language.

    Sent by the worker after the transaction commits, logged and retried like every email, so
    a mail outage never fails the page that caused it.
    """
    kind = TEMPLATE_KINDS[template]
    obligation = context.get("obligation")
    for email, language in recipients:
        with translation.override(language):
            ctx = {**context, "site_url": settings.SITE_URL}
            email_queue(
                kind=kind,
                recipient=email,
                language=language,
                target=obligation,
                subject=str(subject) % subject_params,
                text=render_to_string(f"emails/{template}.txt", ctx),
                html=render_to_string(f"emails/{template}.html", ctx),
            )


def receipt_send(*, version, uploaded_by=None, user_tz=None):
    obligation = version.submission.obligation
    send_templated(
        template="receipt",
        subject=SUBJECT_RECEIPT,
        subject_params={"request": obligation.request.label, "number": version.number},
        recipients=addressee_recipients(obligation, uploaded_by),
        context=receipt_context(version, user_tz),
    )


def receipt_context(version, user_tz=None):
    obligation = version.submission.obligation
    return {
        "version": version,
        "obligation": obligation,
        "files": list(version.files.all()),
        "received": instant_in_zones(version.received_at, user_tz),
        # A version recorded by staff (email, paper) was received earlier than it was recorded.
        "recorded": (
            instant_in_zones(version.created_at, user_tz)
            if version.created_at and version.received_through != "portal"
            else []
        ),
        "timeliness": version_timeliness(version, obligation),
        "uploader": person_named(version.recorded_by),
    }


def version_timeliness(version, obligation):
    """Return {"due", "extended", "on_time"}: how `version` stood against the due date in force
    when it was received (a granted extension decided by then included), or None for a reply to
    an invitation, which nothing makes late. `on_time` is None when there is no due date."""
    request = obligation.request
    if request.is_invitation:
        return None
    extension = extension_in_force(obligation.extensions.all(), version.received_at)
    due = extension.new_due_date if extension else request.due_date
    return {
        "due": due,
        "extended": extension is not None,
        "on_time": None if due is None else version.received_at < deadline_for(due),
    }


def person_named(user):
    """Return "Full Name <email>" of `user` (the username when no name is recorded), or ""."""
    if user is None:
        return ""
    name = user.get_full_name().strip() or user.get_username()
    return f"{name} <{user.email}>" if user.email else name


# --- extensions ---------------------------------------------------------------------------------


def current_due_date(obligation):
    """The due date in force: the latest granted extension's, else the request's."""
    extension = extension_in_force(obligation.extensions.all())
    return extension.new_due_date if extension else obligation.request.due_date


def secretariat_recipients():
    address = settings.REGISTRY_SECRETARIAT_EMAIL
    return [(address, address_language(address))]


def days_to_deadline(due_date, now):
    """Whole days from today (in Geneva) to `due_date`: negative when late."""
    if due_date is None:
        return None
    today = timezone.localtime(now, secretariat_tz()).date()
    if now >= deadline_for(due_date):
        return min((due_date - today).days, -1)
    return (due_date - today).days
