"""The director's home names each request by its letter's subject, never by a bare date."""

import pytest
from django.urls import reverse

from submissions.models import Letter
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def letter_request(centre_a):
    request = factories.ViewsLetterFactory(title="", letter_reference="")
    request.centres.add(centre_a)
    return request


def _home(client, user):
    client.force_login(user)
    return client.get(reverse("portal:home")).content.decode()


def test_the_home_shows_the_subject_of_the_letter(client, director_a, letter_request, frozen):
    Letter.objects.create(
        request=letter_request, language="fr", subject="Vues sur les centres", body="…"
    )
    Letter.objects.create(
        request=letter_request, language="en", subject="Views on the centres", body="…"
    )

    html = _home(client, director_a)

    assert "Views on the centres" in html
    assert "Letter of" not in html and "2016-04-20" not in html


def test_the_subject_follows_the_reader_s_language_and_falls_back_to_english(letter_request):
    Letter.objects.create(request=letter_request, language="en", subject="Views", body="…")
    Letter.objects.create(request=letter_request, language="es", subject="Opiniones", body="…")

    assert letter_request.subject("es") == "Opiniones"
    assert letter_request.subject("fr") == "Views"


def test_without_a_letter_the_home_names_the_decision_and_paragraph(
    client, director_a, obligation_a, frozen
):
    html = _home(client, director_a)

    assert f"{obligation_a.request.decision.code} 11(a)" in html
    assert "Letter of" not in html


def test_a_letter_without_subject_is_named_by_its_title_or_reference_never_its_date(
    client, director_a, letter_request, frozen
):
    assert "2016" not in letter_request.subject("en")
    assert "letter requesting views" in _home(client, director_a)

    letter_request.letter_reference = "SSC/2016/04"
    assert letter_request.subject("en") == "Secretariat's letter SSC/2016/04"
    letter_request.title = "Views on the effectiveness evaluation"
    assert letter_request.subject("en") == "Views on the effectiveness evaluation"


def test_with_a_letter_and_a_decision_the_home_shows_both(client, director_a, obligation_a, frozen):
    Letter.objects.create(
        request=obligation_a.request, language="en", subject="Workplans 2016–2019", body="…"
    )

    html = _home(client, director_a)

    assert f'Workplans 2016–2019 <span class="text-muted">({obligation_a.request.label})' in html
