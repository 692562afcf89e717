"""On-time rates per reporting cycle, overall and by region."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.dashboard.selectors import trends, trends_chart
from submissions.models import Obligation
from submissions.selectors import parse_as_at
from tests import factories
from tests.registry.dashboard_network import (
    at,
    next_workplan_request,
    sc_centres,
    submit,
    workplan_request,
)

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
    cop9 = next_workplan_request()
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


def test_a_centre_serving_both_conventions_gets_one_line_per_convention(network):
    africa, _weog = network
    both = Obligation.objects.filter(centre__region=africa).first().centre
    both.serves_basel = True
    both.save()
    basel = workplan_request(
        decision=factories.DecisionFactory(
            code="BC-12/9", convention="BC", cop=12, adopted_on=dt.date(2015, 5, 15), year=2015
        ),
        convention_centres="",
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2017, 12, 31),
        for_cop=13,
    )
    basel.centres.add(both)
    submit(Obligation.objects.get(request=basel, centre=both), at(2015, 9, 1))

    data = trends(parse_as_at("2020-01-01"))
    chart = trends_chart(data)

    assert chart["labels"] == ["BC COP-13", "SC COP-8", "SC COP-9"]
    by_label = {d["label"]: d["data"] for d in chart["datasets"]}
    assert by_label["Basel Convention: all regions"] == [100.0, None, None]
    assert by_label["Stockholm Convention: all regions"] == [None, 75.0, 25.0]
    assert by_label["Africa (Basel Convention)"] == [100.0, None, None]
    assert by_label["Africa (Stockholm Convention)"] == [None, 100.0, 50.0]
    assert "Western Europe and Others (Basel Convention)" not in by_label
    for dataset in chart["datasets"]:  # no series holds a rate of both conventions
        conventions = {
            label.split()[0]
            for label, value in zip(chart["labels"], dataset["data"], strict=True)
            if value is not None
        }
        assert conventions == {dataset["convention"]}
