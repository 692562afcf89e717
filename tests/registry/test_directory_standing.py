"""The public directory: reporting per convention, a search by name, city or country (accents
ignored on PostgreSQL), and a cache that holds only the pages everyone asks for."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from submissions.models import Obligation
from tests import factories
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request

pytestmark = pytest.mark.django_db

AFTER_DUE = dt.datetime(2015, 11, 1, 12, tzinfo=dt.UTC)


@pytest.fixture
def both():
    """A centre serving both conventions: its Basel workplan in on time, its Stockholm one
    overdue, a Stockholm invitation unanswered and a Stockholm report not yet due."""
    (centre,) = sc_centres(1, prefix="Centro Regional Bogotá")
    centre.serves_basel = True
    centre.city = "Bogotá"
    centre.save()
    stockholm = workplan_request(convention_centres="")
    stockholm.centres.add(centre)
    basel = workplan_request(
        decision=factories.DecisionFactory(code="BC-12/9", convention="BC", cop=12, year=2015),
        convention_centres="",
        paragraph="3",
    )
    basel.centres.add(centre)
    submit(Obligation.objects.get(request=basel, centre=centre), at(2015, 9, 1))
    invitation = factories.InvitationFactory(convention_centres="")
    invitation.centres.add(centre)
    later = workplan_request(convention_centres="", paragraph="12", due_date=dt.date(2016, 12, 31))
    later.centres.add(centre)
    return centre


def _entries(response):
    return [e for _name, _code, entries in response.context["sections"] for e in entries]


def test_a_centre_serving_both_shows_its_reporting_per_convention(client, both):
    with time_machine.travel(AFTER_DUE, tick=False):
        response = client.get(reverse("directory:index"))

    (entry,) = _entries(response)
    assert [(s["convention"], s["text"]) for s in entry["standing"]] == [
        ("Basel Convention", "on time"),
        ("Stockholm Convention", "1 overdue"),
    ]
    assert "Basel Convention: on time · Stockholm Convention: 1 overdue" in (
        response.content.decode()
    )


def test_before_any_deadline_nothing_is_missing(client, both):
    with time_machine.travel(dt.datetime(2015, 6, 1, tzinfo=dt.UTC), tick=False):
        (entry,) = _entries(client.get(reverse("directory:index")))

    assert [s["text"] for s in entry["standing"]] == ["nothing due yet", "nothing due yet"]


# PostgreSQL only for two of them: accents are ignored with unaccent ("bogota" finds "Bogotá"),
# and SQLite's LIKE folds the case of ASCII letters only ("BOGOTÁ").
@pytest.mark.parametrize(
    "query",
    [
        "centro regional",
        pytest.param("bogota", marks=pytest.mark.postgres),
        pytest.param("BOGOTÁ", marks=pytest.mark.postgres),
        "Kenya",
    ],
)
def test_the_search_finds_a_centre_by_name_city_or_country(client, both, query):
    both.host_country.name = "Colombia" if query != "Kenya" else "Kenya"
    both.host_country.save()

    response = client.get(reverse("directory:index"), {"q": query})

    assert [e["pk"] for e in _entries(response)] == [both.pk]


def test_only_pages_without_a_search_are_cached(client, both):
    cache.clear()
    client.get(reverse("directory:index"), {"q": "bogota"})
    client.get(reverse("directory:index"), {"page": "999999"})
    assert not [k for k in cache._cache if ":directory:" in k]  # noqa: SLF001

    client.get(reverse("directory:index"), {"page": "1"})
    assert [k for k in cache._cache if ":directory:" in k and not k.endswith(":lock")]  # noqa: SLF001
