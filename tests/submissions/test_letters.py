"""A request's letter, composed once per language, sent to every addressee (Parties included)
through the outbox; the day sent becomes the request's letter date."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from outbox.models import EmailKind, EmailLog
from submissions.letters import NO_LETTER, letter_addressees, letters_send
from submissions.models import Letter
from tests import factories
from tests.admin_pages import admin_action
from tests.clock import geneva

pytestmark = pytest.mark.django_db

SENT = geneva(2016, 4, 20, 23, 30)  # late in the evening in Geneva: still the 20th there


@pytest.fixture
def views_letter(centre_a):
    """The letter inviting views on the methodology, to a centre and two Parties."""
    request = factories.ViewsLetterFactory(issued_on=None, decision=factories.DecisionFactory())
    request.centres.add(centre_a)
    factories.ContactFactory(centre=centre_a, email="director@centre.example.org")
    colombia = factories.PartyFactory(name="Colombia", code="CO")
    serbia = factories.PartyFactory(name="Serbia", code="RS")
    request.parties.add(colombia, serbia)
    factories.PartyContactFactory(
        party=colombia, email="ocp@co.example.org", preferred_language="es"
    )
    factories.PartyContactFactory(
        party=colombia, role="focal_point", email="nfp@co.example.org", preferred_language="es"
    )
    factories.PartyContactFactory(party=serbia, email="ocp@rs.example.org", preferred_language="fr")
    # A Basel contact point is not an addressee of a Stockholm letter.
    factories.PartyContactFactory(party=serbia, convention="BC", email="bc@rs.example.org")
    Letter.objects.create(request=request, language="en", subject="Views", body="Dear colleague")
    Letter.objects.create(request=request, language="es", subject="Opiniones", body="Estimado")
    return request


def test_every_addressee_gets_the_letter_in_their_language_or_english(views_letter, staff):
    assert {e for e, _l in letter_addressees(views_letter)} == {
        "director@centre.example.org",
        "ocp@co.example.org",
        "nfp@co.example.org",
        "ocp@rs.example.org",
    }
    with time_machine.travel(SENT, tick=False):
        assert letters_send(request=views_letter, sent_by=staff) == 4
    emails = {e.recipient: e for e in EmailLog.objects.filter(kind=EmailKind.LETTER)}
    assert emails["ocp@co.example.org"].subject == "Opiniones"
    assert emails["ocp@rs.example.org"].subject == "Views"  # no French letter: English
    views_letter.refresh_from_db()
    assert views_letter.issued_on == dt.date(2016, 4, 20)
    assert Letter.objects.get(language="en").sent_at == SENT


def test_sending_again_reaches_only_new_addressees(views_letter, staff):
    letters_send(request=views_letter, sent_by=staff)
    assert letters_send(request=views_letter, sent_by=staff) == 0
    party = views_letter.parties.get(code="RS")
    factories.PartyContactFactory(party=party, role="focal_point", email="new@rs.example.org")
    assert letters_send(request=views_letter, sent_by=staff) == 1
    assert EmailLog.objects.filter(kind=EmailKind.LETTER).count() == 5


def test_a_letter_date_already_recorded_is_kept(views_letter, staff):
    views_letter.issued_on = dt.date(2016, 4, 19)
    views_letter.save()
    letters_send(request=views_letter, sent_by=staff)
    views_letter.refresh_from_db()
    assert views_letter.issued_on == dt.date(2016, 4, 19)


def test_nothing_is_sent_without_a_letter(staff):
    request = factories.ViewsLetterFactory()
    with pytest.raises(ValidationError) as error:
        letters_send(request=request, sent_by=staff)
    assert error.value.messages == [str(NO_LETTER)]


def test_staff_send_from_the_requests_admin(client, views_letter, staff):
    client.force_login(staff)
    response = admin_action(client, "send_letters", views_letter)
    assert response.status_code == 302
    assert EmailLog.objects.filter(kind=EmailKind.LETTER).count() == 4
    page = client.get(reverse("admin:centres_party_change", args=[views_letter.parties.first().pk]))
    assert page.status_code == 200 and "National focal point" in page.content.decode()
