"""Every kind of email, rendered for a French and a Spanish reader, speaks their language.

Each email is produced by the service that sends it, sent through the outbox (so that emails
rendered when sent are rendered), and read as the mail server got it. It must hold no sentence
of the English catalogue (no msgid fragment of 25 characters or more) and write its dates in
the reader's language. These tests pass once the French and Spanish catalogues are complete.
"""

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.dates import MONTHS

from centres.invitations import invitation_send
from centres.models import AccountLanguage
from outbox import services as outbox
from outbox.models import EmailLog
from submissions import reminders
from submissions.letters import letters_send
from submissions.models import Letter
from submissions.review import receipt_send
from submissions.services import extension_decide, extension_request, version_review
from tests import factories
from tests.clock import geneva
from tests.submissions import portal_files
from tests.submissions._reminders import DUE, acting_centre, owing_centre

pytestmark = pytest.mark.django_db

LANGUAGES = ["fr", "es"]
SECRETARIAT = "secretariat@registry.example.org"
PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sdfr]|%[sdfr]|\{[A-Za-z0-9_]*\}|<[^>]*>|\n")
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


def english_sentences():
    """The literal fragments (25+ characters) of the English msgids, placeholders cut out."""
    po = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    fragments = set()
    for entry in po:
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            fragments |= {f.strip() for f in PLACEHOLDER.split(msgid) if len(f.strip()) >= 25}
    return fragments


ENGLISH = english_sentences()


def _pdf(name="workplan.pdf"):
    return portal_files.pdf(name)


def _staff(language, email=SECRETARIAT):
    user = factories.StaffFactory(username=f"staff-{language}", email=email)
    AccountLanguage.objects.create(user=user, language=language, chosen_at=geneva(2015, 1, 1))
    return user


def _director(obligation):
    return obligation.centre.contacts.get(role="director")


def _deliver(now):
    """Send every queued email as the worker would, at `now`."""
    for pk in EmailLog.objects.filter(status=EmailLog.Status.QUEUED).values_list("pk", flat=True):
        outbox.email_send(email_id=pk, now=now)


# Each scenario makes its email for a reader of `language` and returns (address, instant).


def _deadline_scan(kind, now):
    """The scenario of a deadlines scan at `now` that emails a director a `kind` email."""

    def scenario(language, settings):
        obligation = owing_centre(languages=(language,))
        reminders.deadlines_scan(now=now)
        return _director(obligation).email, now, kind

    scenario.__name__ = scenario.__qualname__ = kind
    return scenario


reminder = _deadline_scan("reminder", geneva(2015, 9, 23, 9))
overdue = _deadline_scan("overdue", geneva(2015, 10, 1, 9))
escalation = _deadline_scan("escalation", geneva(2015, 11, 12, 9))


def late_flag(language, settings):
    settings.REGISTRY_SECRETARIAT_EMAIL = SECRETARIAT
    _staff(language)
    owing_centre(languages=("en",))
    now = geneva(2015, 10, 1, 9)
    reminders.deadlines_scan(now=now)
    return SECRETARIAT, now, "late_flag"


def digest(language, settings):
    settings.REGISTRY_SECRETARIAT_EMAIL = ""
    staff = _staff(language, email="reader@secretariat.example.org")
    owing_centre(languages=("en",))
    now = geneva(2015, 9, 21, 8)
    with time_machine.travel(now, tick=False):
        reminders.digest_send(now=now)
    return staff.email, now, "digest"


def action_reminder(language, settings):
    action = acting_centre(languages=(language,))
    now = geneva(2015, 9, 23, 9)
    reminders.deadlines_scan(now=now)
    return action.gap.centre.contacts.get(role="director").email, now, "reminder"


def receipt(language, settings):
    obligation = owing_centre(languages=(language,))
    now = geneva(2015, 9, 20, 10)
    version = factories.version_received(
        obligation, files=[_pdf()], received_at=now, received_through="email"
    )
    receipt_send(version=version)
    return _director(obligation).email, now, "receipt"


def review(language, settings):
    obligation = owing_centre(languages=(language,))
    now = geneva(2015, 9, 25, 10)
    version = factories.version_received(
        obligation, files=[_pdf()], received_at=now, received_through="email"
    )
    version_review(
        version=version,
        reviewer=factories.StaffFactory(),
        accept=False,
        comments="Please add the budget.",
        now=now,
    )
    return _director(obligation).email, now, "review"


def extension_requested(language, settings):
    settings.REGISTRY_SECRETARIAT_EMAIL = SECRETARIAT
    _staff(language)
    obligation = owing_centre(languages=("en",))
    now = geneva(2015, 9, 20, 10)
    extension_request(
        obligation=obligation,
        new_due_date=DUE + dt.timedelta(days=30),
        reason="Elections.",
        requested_by=None,
        now=now,
    )
    return SECRETARIAT, now, "extension"


def extension_decided(language, settings):
    settings.REGISTRY_SECRETARIAT_EMAIL = SECRETARIAT
    obligation = owing_centre(languages=(language,))
    now = geneva(2015, 9, 20, 10)
    extension = extension_request(
        obligation=obligation,
        new_due_date=DUE + dt.timedelta(days=30),
        reason="Elections.",
        requested_by=None,
        now=now,
    )
    mail.outbox.clear()
    EmailLog.objects.all().delete()
    extension_decide(extension=extension, decided_by=factories.StaffFactory(), grant=True, now=now)
    return _director(obligation).email, now, "extension"


def invitation(language, settings):
    contact = factories.ContactFactory(preferred_language=language)
    now = geneva(2015, 9, 20, 10)
    invitation_send(contact=contact, invited_by=factories.StaffFactory(), now=now)
    return contact.email, now, "invitation"


def letter(language, settings):
    request = factories.ViewsLetterFactory(issued_on=None, decision=factories.DecisionFactory())
    party = factories.PartyFactory(name="Chile", code="CL")
    request.parties.add(party)
    contact = factories.PartyContactFactory(party=party, preferred_language=language)
    for code, subject, body in [
        ("en", "Views", "Dear colleague"),
        ("fr", "Avis", "Madame, Monsieur, le 20 avril 2016"),
        ("es", "Opiniones", "Estimado colega, 20 de abril de 2016"),
    ]:
        Letter.objects.create(request=request, language=code, subject=subject, body=body)
    now = geneva(2016, 4, 20, 10)
    letters_send(request=request, sent_by=factories.StaffFactory(), now=now)
    return contact.email, now, "letter"


def account(language, settings, client=None):
    user = factories.UserFactory(username=f"reader-{language}", email=f"reader.{language}@x.org")
    AccountLanguage.objects.create(user=user, language=language, chosen_at=geneva(2015, 1, 1))
    from django.test import Client

    # The page that asks is in English: the email follows the account, not the page.
    Client().post(
        reverse("account_reset_password"), {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en"
    )
    return user.email, geneva(2015, 9, 20, 10), "account"


SCENARIOS = [
    reminder, overdue, escalation, late_flag, digest, action_reminder, receipt, review,
    extension_requested, extension_decided, invitation, letter, account,
]  # fmt: skip


@pytest.fixture
def rendered(request, settings, scripted, django_capture_on_commit_callbacks):
    """Return (log, [(subject, text, html)]) of the scenario's emails to its reader."""
    scenario, language = request.param
    settings.REGISTRY_SECRETARIAT_EMAIL = ""
    # The outbox's tasks are not run: the emails are sent below, at the scenario's moment.
    with django_capture_on_commit_callbacks(execute=False):
        address, now, kind = scenario(language, settings)
    _deliver(now)
    logs = list(EmailLog.objects.filter(recipient__iexact=address, kind=kind))
    assert logs, f"{scenario.__name__}: nothing was queued for {address}"
    messages = [m for m in mail.outbox if address.lower() in [t.lower() for t in m.to]]
    assert messages, f"{scenario.__name__}: nothing was sent to {address}"
    contents = [
        (m.subject, m.body, next((c for c, t in getattr(m, "alternatives", []) if "html" in t), ""))
        for m in messages
    ]
    return language, logs, contents


PARAMS = [
    pytest.param((s, lang), id=f"{s.__name__}-{lang}") for s in SCENARIOS for lang in LANGUAGES
]


@pytest.mark.parametrize("rendered", PARAMS, indirect=True)
def test_each_email_is_logged_and_rendered_in_its_readers_language(rendered):
    language, logs, contents = rendered
    assert {log.language for log in logs} == {language}
    for subject, text, html in contents:
        whole = f"{subject}\n{text}\n{html}"
        assert not ENGLISH_MONTHS.search(whole), ENGLISH_MONTHS.search(whole)
        with translation.override(language):
            months = [str(m).lower() for m in MONTHS.values()]
        dates = [m for m in months if m in whole.lower()]
        assert (
            dates
            or not re.search(r"\b(19|20)\d\d\b", whole.split("SHA-256")[0])
            or (re.search(r"\d{4}-\d{2}-\d{2}", whole))
        ), "a date is written in neither the reader's language nor ISO 8601"


@pytest.mark.parametrize("rendered", PARAMS, indirect=True)
def test_no_email_holds_a_sentence_of_the_english_catalogue(rendered):
    _language, _logs, contents = rendered
    for subject, text, html in contents:
        whole = " ".join(f"{subject}\n{text}\n{html}".split())
        english = sorted(s for s in ENGLISH if " ".join(s.split()) in whole)
        assert not english, f"English left in the email: {english[:3]}"
