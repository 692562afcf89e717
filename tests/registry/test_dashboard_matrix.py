"""The matrix of centres by requests: cells as at an instant, filters, pagination."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.dashboard.selectors import matrix
from submissions.models import Obligation, ObligationStatus
from submissions.selectors import parse_as_at
from tests import factories
from tests.registry import dashboard_network as net

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    africa = factories.RegionFactory(code="AF", name="Africa")
    grulac = factories.RegionFactory(code="GRULAC", name="Latin America and the Caribbean")
    kenya, senegal = net.sc_centres(2, region=africa, prefix="African centre")
    (brazil,) = net.sc_centres(1, region=grulac, prefix="Latin American centre")
    workplans = net.workplan_request()
    reports = net.activity_report_request()
    net.submit(Obligation.objects.get(request=workplans, centre=kenya), net.at(2015, 9, 1))
    net.submit(Obligation.objects.get(request=workplans, centre=brazil), net.at(2015, 11, 1))
    net.submit(Obligation.objects.get(request=reports, centre=senegal), net.at(2016, 12, 1))
    return {
        "africa": africa,
        "kenya": kenya,
        "senegal": senegal,
        "brazil": brazil,
        "workplans": workplans,
        "reports": reports,
    }


def pks(requests):
    return [r["pk"] for r in requests]


def statuses(response):
    data = response.context["matrix"]
    return {
        centre["name"]: [cell.status if cell else None for cell in cells]
        for centre, cells in data["rows"]
    }


def test_each_cell_shows_the_status_and_its_date(client, staff, network):
    client.force_login(staff)

    response = client.get(reverse("dashboard:matrix"), {"as_at": "2017-01-31"})

    data = response.context["matrix"]
    assert pks(data["requests"]) == [network["workplans"].pk, network["reports"].pk]
    assert statuses(response) == {
        "African centre 0001": ["on_time", "overdue"],
        "African centre 0002": ["overdue", "on_time"],
        "Latin American centre 0001": ["late", "overdue"],
    }
    kenya_cells = dict((c["name"], cells) for c, cells in data["rows"])["African centre 0001"]
    assert kenya_cells[0].date == dt.date(2015, 9, 1)
    assert kenya_cells[1].date == dt.date(2016, 12, 31)
    assert 'data-status="late"' in response.content.decode()


def test_the_matrix_as_at_an_earlier_date(client, staff, network):
    client.force_login(staff)

    response = client.get(reverse("dashboard:matrix"), {"as_at": "2015-09-15"})

    assert pks(response.context["matrix"]["requests"]) == [
        network["workplans"].pk,
        network["reports"].pk,
    ]
    assert statuses(response)["Latin American centre 0001"] == ["due_soon", "not_yet_due"]


def test_the_matrix_filters_by_region_kind_and_status(client, staff, network):
    client.force_login(staff)
    url = reverse("dashboard:matrix")

    by_region = client.get(url, {"as_at": "2017-01-31", "region": network["africa"].pk})
    by_kind = client.get(url, {"as_at": "2017-01-31", "kind": "activity_report"})
    by_status = client.get(url, {"as_at": "2017-01-31", "status": "late"})

    assert set(statuses(by_region)) == {"African centre 0001", "African centre 0002"}
    assert pks(by_kind.context["matrix"]["requests"]) == [network["reports"].pk]
    assert statuses(by_status) == {"Latin American centre 0001": ["late", "overdue"]}


def test_the_matrix_filters_by_convention_and_cop(client, staff, network):
    client.force_login(staff)
    url = reverse("dashboard:matrix")

    basel = client.get(url, {"as_at": "2017-01-31", "convention": "BC"})
    cop8 = client.get(url, {"as_at": "2017-01-31", "cycle": "8"})

    assert basel.context["matrix"]["rows"] == []
    assert len(cop8.context["matrix"]["rows"]) == 3


def test_an_unknown_status_is_a_400(client, staff):
    client.force_login(staff)

    response = client.get(reverse("dashboard:matrix"), {"status": "lost"})

    assert response.status_code == 400


def test_the_matrix_is_paginated_by_centre():
    net.sc_centres(7)
    net.workplan_request()
    as_at = parse_as_at("2016-01-01")
    obligations = Obligation.objects.all()

    first = matrix(as_at, obligations, page_size=5)
    second = matrix(as_at, obligations, page_size=5, page_number=2)
    overdue = matrix(
        as_at, obligations, page_size=5, page_number=2, status=ObligationStatus.OVERDUE
    )

    assert [c.name for c, _cells in first["rows"]] == [f"Centre {i:04d}" for i in range(1, 6)]
    assert [c.name for c, _cells in second["rows"]] == ["Centre 0006", "Centre 0007"]
    assert second["centre_count"] == overdue["centre_count"] == 7
    assert [c.name for c, _cells in overdue["rows"]] == ["Centre 0006", "Centre 0007"]


def test_a_centre_whose_term_expired_unrenewed_says_so(client, bureau_member, network):
    client.force_login(bureau_member)

    before = client.get(reverse("dashboard:matrix"), {"as_at": "2019-05-15"}).content.decode()
    after = client.get(reverse("dashboard:matrix"), {"as_at": "2019-05-16"}).content.decode()

    assert "re-endorsement not recorded" not in before
    assert after.count("Stockholm Convention: term expired; re-endorsement not recorded") == 3
