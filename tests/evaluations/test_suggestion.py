"""Criterion (b) is suggested from the centre's activities within the cycle's period."""

import datetime as dt

import pytest

from evaluations import selectors
from evaluations.models import Activity
from tests import factories
from tests.evaluations.grid import part


def activity(centre, start, end=None, countries=()):
    a = Activity.objects.create(
        centre=centre,
        title=f"Activity {start}",
        kind="training",
        start_date=dt.date.fromisoformat(start),
        end_date=dt.date.fromisoformat(end) if end else None,
    )
    a.countries_benefited.set(countries)
    return a


@pytest.mark.parametrize(
    ("start", "end", "counted"),
    [
        ("2015-01-01", None, True),  # on the first day of the period
        ("2014-12-31", None, False),  # the day before
        ("2014-12-01", "2015-01-01", True),  # ends on the first day
        ("2014-12-01", "2014-12-31", False),  # ends the day before
        ("2018-12-31", None, True),  # on the last day
        ("2018-12-31", "2019-01-15", True),  # starts on the last day
        ("2019-01-01", None, False),  # the day after
    ],
)
def test_activities_count_when_they_touch_the_period(evaluation_a, centre_a, start, end, counted):
    activity(centre_a, start, end)

    assert selectors.activity_counts(centre_a, dt.date(2015, 1, 1), dt.date(2018, 12, 31)) == (
        (1 if counted else 0),
        0,
    )


def test_parties_benefited_are_counted_once_each(centre_a, centre_b):
    brazil, chile = factories.PartyFactory(code="BR"), factories.PartyFactory(code="CL")
    activity(centre_a, "2016-03-01", countries=[brazil, chile])
    activity(centre_a, "2017-03-01", countries=[brazil])
    activity(centre_a, "2014-03-01", countries=[factories.PartyFactory(code="PE")])
    activity(centre_b, "2016-03-01", countries=[factories.PartyFactory(code="ES")])

    assert selectors.activity_counts(centre_a, dt.date(2015, 1, 1), dt.date(2018, 12, 31)) == (2, 2)


@pytest.mark.parametrize(
    ("activities", "points"),
    [(0, 0), (1, 1), (5, 1), (6, 2), (10, 2), (11, 4), (15, 4), (16, 8), (40, 8)],
)
def test_the_number_of_activities_suggests_its_level(
    evaluation_a, methodology, centre_a, activities, points
):
    for n in range(activities):
        activity(centre_a, (dt.date(2015, 1, 1) + dt.timedelta(days=n)).isoformat())
    parts = [part(methodology, "b", 0), part(methodology, "b", 1)]

    found = selectors.suggestions(evaluation_a, parts)

    assert found[parts[0].pk].count == activities
    assert found[parts[0].pk].level.points == points


@pytest.mark.parametrize(("parties", "points"), [(0, None), (1, 1), (5, 1), (6, 2)])
def test_the_number_of_parties_benefited_suggests_its_level(
    evaluation_a, methodology, centre_a, parties, points
):
    countries = [factories.PartyFactory() for _ in range(parties)]
    activity(centre_a, "2016-05-05", countries=countries)
    parties_part = part(methodology, "b", 1)

    found = selectors.suggestions(evaluation_a, [parties_part])[parties_part.pk]

    assert found.count == parties
    assert (found.level.points if found.level else None) == points


def test_the_scoring_page_shows_the_suggestion(client, staff, evaluation_a, centre_a, methodology):
    for day in range(7):
        activity(centre_a, f"2018-12-{25 + day:02d}")  # 25 to 31 December: seven in the period
    activity(centre_a, "2019-01-01")

    page = client_page(client, staff, evaluation_a)

    suggestion = page.split(f'data-suggestion="{part(methodology, "b").pk}"')[1][:300]
    assert "7 in the period" in suggestion
    assert "Suggested: 2 (b2)" in suggestion


def client_page(client, user, evaluation):
    from django.urls import reverse

    client.force_login(user)
    response = client.get(reverse("evaluations:score", args=[evaluation.pk]))
    assert response.status_code == 200
    return response.content.decode()
