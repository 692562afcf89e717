"""A user's chosen language: kept on the account from the language menu, applied at sign-in,
and used for the emails of the contacts linked to that account."""

import pytest
from django.conf import settings
from django.urls import reverse

from centres.languages import address_language, contact_language, user_language
from centres.models import AccountLanguage
from submissions.letters import letter_addressees
from submissions.reminders import _centre_contacts
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_signed_in_user_picking_a_language_keeps_it_on_the_account(client, director_a):
    client.force_login(director_a)
    response = client.post(reverse("set_language"), {"language": "es", "next": "/portal/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert user_language(director_a) == "es"

    client.post(reverse("set_language"), {"language": "fr", "next": "/portal/"})
    assert AccountLanguage.objects.get(user=director_a).language == "fr"


def test_an_unknown_language_is_not_kept(client, director_a):
    client.force_login(director_a)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert user_language(director_a) is None


def test_an_anonymous_visitor_picking_a_language_only_gets_the_cookie(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert not AccountLanguage.objects.exists()


def test_signing_in_applies_the_accounts_language(client, settings):
    settings.REGISTRY_STAFF_MFA_REQUIRED = False
    user = factories.UserFactory(username="lectora", email="lectora@example.org")
    AccountLanguage.objects.create(user=user, language="es", chosen_at="2026-01-01T00:00Z")
    response = client.post(
        reverse("account_login"),
        {"login": "lectora", "password": "password"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("directory:index"))
    assert page.headers["Content-Language"] == "es"


def test_a_contact_linked_to_an_account_reads_the_accounts_language(centre_a):
    user = factories.UserFactory(username="linked")
    contact = factories.ContactFactory(centre=centre_a, user=user, preferred_language="en")
    assert contact_language(contact) == "en"
    AccountLanguage.objects.create(user=user, language="fr", chosen_at="2026-01-01T00:00Z")
    contact.refresh_from_db()
    assert contact_language(contact) == "fr"
    assert dict(_centre_contacts([centre_a.pk]))[centre_a.pk] == [(contact.email, "fr")]
    assert address_language(contact.email) == "fr"


def test_a_contact_without_an_account_reads_its_preferred_language(centre_a):
    contact = factories.ContactFactory(centre=centre_a, preferred_language="es")
    assert contact_language(contact) == "es"
    assert address_language(contact.email) == "es"
    assert address_language("nobody@example.org") == settings.LANGUAGE_CODE


def test_a_party_contacts_letter_follows_its_accounts_language():
    request = factories.ViewsLetterFactory(issued_on=None, decision=factories.DecisionFactory())
    party = factories.PartyFactory(name="Chile", code="CL")
    request.parties.add(party)
    user = factories.UserFactory(username="cl")
    contact = factories.PartyContactFactory(party=party, user=user, preferred_language="en")
    AccountLanguage.objects.create(user=user, language="es", chosen_at="2026-01-01T00:00Z")
    assert letter_addressees(request) == [(contact.email, "es")]
