"""The calendar feed of deadlines, at a secret per-user address that the user can reset."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from registry.models import CalendarToken
from submissions.models import Obligation
from tests import factories
from tests.registry.dashboard_network import at, submit, workplan_request

pytestmark = pytest.mark.django_db


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return sorted(
        (str(e["summary"]), e.decoded("dtstart"), str(e["description"]))
        for e in calendar.walk("VEVENT")
    )


@pytest.fixture
def deadlines(centre_a, centre_b):
    for centre in (centre_a, centre_b):
        factories.EndorsementFactory(centre=centre)
    request = workplan_request()
    factories.ExtensionFactory(
        obligation=Obligation.objects.get(request=request, centre=centre_b),
        new_due_date=dt.date(2015, 11, 15),
        decided_at=at(2015, 9, 20),
    )
    submit(Obligation.objects.get(request=request, centre=centre_a), at(2015, 9, 1))
    return request


def feed_url(user):
    token, _created = CalendarToken.objects.get_or_create(user=user)
    return reverse("calendar:feed", args=[token.token])


def test_a_director_sees_only_the_deadlines_of_their_centre(
    client, director_a, deadlines, time_machine
):
    time_machine.move_to(at(2015, 10, 1), tick=False)

    [(summary, start, description)] = events(client.get(feed_url(director_a)))

    assert summary == "SC-7/17 11(a) Workplan due – Centre in Brazil"
    assert start == dt.date(2015, 9, 30)
    assert "Status: Submitted on time" in description


def test_staff_see_every_centre_with_extended_dates(client, staff, deadlines, time_machine):
    time_machine.move_to(at(2015, 10, 1), tick=False)

    found = events(client.get(feed_url(staff)))

    assert [(s, d) for s, d, _desc in found] == [
        ("SC-7/17 11(a) Workplan due – Centre in Brazil", dt.date(2015, 9, 30)),
        ("SC-7/17 11(a) Workplan due – Centre in Spain", dt.date(2015, 11, 15)),
    ]
    assert "Extended from 30 September 2015." in found[1][2]


def test_staff_can_narrow_the_feed_to_one_centre(client, staff, centre_b, deadlines):
    found = events(client.get(feed_url(staff), {"centre": centre_b.pk}))

    assert [s for s, _d, _desc in found] == ["SC-7/17 11(a) Workplan due – Centre in Spain"]
    assert client.get(feed_url(staff), {"centre": "x"}).status_code == 400


def test_the_subscription_page_shows_the_address_and_reset_revokes_it(client, director_a):
    client.force_login(director_a)

    page = client.get(reverse("calendar:subscription"))
    old = CalendarToken.objects.get(user=director_a).token
    assert old in page.content.decode()
    reset = client.post(reverse("calendar:reset"))

    new = CalendarToken.objects.get(user=director_a).token
    assert reset.status_code == 302
    assert new != old
    assert client.get(reverse("calendar:feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar:feed", args=[new])).status_code == 200


def test_an_unknown_token_is_a_404(client, db):
    assert client.get(reverse("calendar:feed", args=["nope"])).status_code == 404


def test_users_who_are_neither_directors_nor_staff_have_no_feed(client, bureau_member):
    client.force_login(bureau_member)
    token = CalendarToken.objects.create(user=bureau_member)

    assert client.get(reverse("calendar:subscription")).status_code == 403
    assert client.get(reverse("calendar:feed", args=[token.token])).status_code == 404


def test_a_deactivated_user_loses_the_feed(client, director_a):
    url = feed_url(director_a)
    director_a.is_active = False
    director_a.save()

    assert client.get(url).status_code == 404


def test_anonymous_users_are_sent_to_sign_in(client, db):
    assert client.get(reverse("calendar:subscription")).status_code == 302
    assert client.post(reverse("calendar:reset")).status_code == 302
