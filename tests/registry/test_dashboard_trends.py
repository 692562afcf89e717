"""On-time rates per reporting cycle, overall and by region."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.dashboard.selectors import trends
from submissions.models import Obligation
from submissions.selectors import parse_as_at
from tests import factories
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    africa = factories.RegionFactory(code="AF", name="Africa")
    weog = factories.RegionFactory(code="WEOG", name="Western Europe and Others")
    african = sc_centres(2, region=africa, prefix="African centre")
    western = sc_centres(2, region=weog, prefix="Western centre")
    for centre in african + western:
        factories.EndorsementFactory(
            centre=centre, endorsed_on=dt.date(2019, 5, 10), cop=9, decision_code="SC-9/15"
        )
    cop8 = workplan_request()
    cop9 = workplan_request(
        decision=factories.DecisionFactory(
            code="SC-8/16", cop=8, adopted_on=dt.date(2017, 5, 5), year=2017
        ),
        paragraph="2(a)",
        period_start=dt.date(2020, 1, 1),
        period_end=dt.date(2023, 12, 31),
        due_date=dt.date(2019, 9, 30),
        for_cop=9,
    )
    for centre in african + western[:1]:
        submit(Obligation.objects.get(request=cop8, centre=centre), at(2015, 9, 1))
    submit(Obligation.objects.get(request=cop8, centre=western[1]), at(2015, 12, 1))
    submit(Obligation.objects.get(request=cop9, centre=african[0]), at(2019, 9, 1))
    return africa, weog


def test_it_rates_each_cycle_overall_and_by_region(network):
    africa, weog = network

    data = trends(parse_as_at("2020-01-01"))

    assert [r.name for r in data["regions"]] == [africa.name, weog.name]
    assert [
        (c["label"], c["on_time"], c["rated"], c["rate"], c["regions"]) for c in data["cycles"]
    ] == [
        ("SC COP-8", 3, 4, 75.0, [100.0, 50.0]),
        ("SC COP-9", 1, 4, 25.0, [50.0, 0.0]),
    ]


def test_a_cycle_whose_deadline_has_not_passed_is_not_rated_yet(network):
    data = trends(parse_as_at("2016-01-01"))

    assert [c["label"] for c in data["cycles"]] == ["SC COP-8"]


def test_the_page_shows_the_table_and_the_chart_data(client, staff, network):
    client.force_login(staff)

    response = client.get(reverse("dashboard:trends"), {"as_at": "2020-01-01"})

    html = response.content.decode()
    assert 'data-cycle="SC COP-8"' in html
    assert "75.0 %" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert '"labels": ["SC COP-8", "SC COP-9"]' in html
