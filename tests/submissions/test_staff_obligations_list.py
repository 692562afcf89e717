"""The Secretariat's list of the centres' obligations: what needs chasing first, filtered by
status (the database's `with_status`), request, region and centre, 25 a page, a 400 for what it
cannot read, and a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions import services
from submissions.models import Obligation
from tests.clock import GENEVA
from tests.registry import dashboard_network as net
from tests.submissions import staff_lists

pytestmark = pytest.mark.django_db

URL = "/portal/staff/obligations/"
# A year after the workplans were sent: the activity reports (no version) are overdue.
NOW = staff_lists.START.replace(year=2016).astimezone(GENEVA)


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def shown(response):
    return [row["obligation"] for row in response.context["rows"]]


def sent(versions):
    return [v.submission.obligation for v in versions]


def owing(extensions):
    return [e.obligation for e in extensions]


def test_the_url_is_the_staff_obligations_list():
    assert reverse("portal:staff_obligations") == URL


def test_what_is_overdue_comes_first_then_by_due_date(staff_client):
    _centres, versions, extensions = staff_lists.network(2, prefix="O")

    rows = shown(staff_client.get(URL))

    assert set(rows[:2]) == set(owing(extensions))
    assert set(rows[2:]) == set(sent(versions))


def test_the_status_filter_keeps_one_status_or_a_group(staff_client):
    _centres, versions, extensions = staff_lists.network(2, prefix="O")

    assert set(shown(staff_client.get(URL, {"status": "overdue"}))) == set(owing(extensions))
    assert set(shown(staff_client.get(URL, {"status": "on_time"}))) == set(sent(versions))
    assert set(shown(staff_client.get(URL, {"status": "submitted"}))) == set(sent(versions))
    assert shown(staff_client.get(URL, {"status": "waived"})) == []


def test_the_request_filter_keeps_that_requests_obligations(staff_client):
    _centres, versions, _extensions = staff_lists.network(2, prefix="O")
    workplan = versions[0].submission.obligation.request

    assert set(shown(staff_client.get(URL, {"request": workplan.pk}))) == set(sent(versions))


def test_the_region_and_centre_filters_keep_their_centres(staff_client):
    (brazil, _spain), _versions, _extensions = staff_lists.network(2, prefix="O")
    brazils = set(Obligation.objects.filter(centre=brazil))

    assert set(shown(staff_client.get(URL, {"region": brazil.region_id}))) == brazils
    assert set(shown(staff_client.get(URL, {"centre": brazil.pk}))) == brazils


def test_25_obligations_a_page_and_the_page_links_keep_the_filters(staff_client):
    _centres, versions, _extensions = staff_lists.network(27, prefix="O")

    first = staff_client.get(URL, {"status": "submitted"})
    second = staff_client.get(URL, {"status": "submitted", "page": "2"})

    assert len(shown(first)) == 25
    assert set(shown(first) + shown(second)) == set(sent(versions))
    assert "?status=submitted&amp;page=2" in first.content.decode()
    assert "?status=submitted&amp;page=1" in second.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"status": "lost"}, "not valid"),
        ({"request": "999999"}, "not valid"),
        ({"region": "Asia"}, "not valid"),
        ({"centre": "brazil"}, "by its number"),
    ],
)
def test_a_filter_it_cannot_read_is_a_400_with_a_message(staff_client, params, message):
    staff_lists.network(1, prefix="O")

    response = staff_client.get(URL, params)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert len(shown(response)) == 2  # the list, unfiltered


def queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_network(staff_client):
    centres, versions, _extensions = staff_lists.network(26, prefix="Small")
    workplan = versions[0].submission.obligation.request
    # Pages of the same make-up at both sizes (a page without any version skips the versions'
    # query): the first pages and the overdue's second pages hold overdue obligations only.
    pages = [
        {},
        {"status": "overdue", "page": "2"},
        {"status": "overdue"},
        {"status": "submitted", "request": workplan.pk, "page": "2"},
        {"region": centres[0].region_id, "centre": centres[0].pk},
    ]
    small = [queries(staff_client, params) for params in pages]

    staff_lists.network(60, prefix="Large")
    large = [queries(staff_client, params) for params in pages]

    assert small == large
    assert len(shown(staff_client.get(URL))) == 25


def test_a_stamp_that_ran_out_costs_time_never_a_wrong_row(staff_client):
    _centres, versions, extensions = staff_lists.network(3, prefix="S")
    fresh = [shown(staff_client.get(URL, params)) for params in ({}, {"status": "overdue"})]

    Obligation.objects.update(stored_status="waived", status_valid_until=NOW)  # ran out: ignored

    stale = [shown(staff_client.get(URL, params)) for params in ({}, {"status": "overdue"})]
    assert stale == fresh
    assert set(fresh[1]) == set(owing(extensions))


def test_a_returned_latest_version_comes_right_after_what_is_overdue(staff_client, staff):
    _centres, versions, extensions = staff_lists.network(3, prefix="R")
    returned = versions[1]
    services.version_review(version=returned, reviewer=staff, accept=False, comments="Redo")

    rows = shown(staff_client.get(URL))
    assert set(rows[:3]) == set(owing(extensions))
    assert rows[3] == returned.submission.obligation

    net.submit(returned.submission.obligation, staff_lists.START + dt.timedelta(days=1))
    rows = shown(staff_client.get(URL))  # its latest version awaits review: back with the rest
    assert rows[3:] == sent(versions)


@pytest.mark.parametrize(
    ("page", "expected"),
    [("2", 2), ("9", 2), ("0", 2), ("-1", 2), ("two", 1), ("2.0", 1), (None, 1)],
)
def test_the_count_read_with_the_page_and_pages_out_of_range_as_paginator_reads_them(
    staff_client, page, expected
):
    staff_lists.network(27, prefix="P")  # 27 submitted obligations: two pages
    params = {"status": "submitted"} if page is None else {"status": "submitted", "page": page}

    response = staff_client.get(URL, params)

    assert response.status_code == 200
    assert response.context["page"].number == expected
    assert response.context["page"].paginator.count == 27
    assert len(shown(response)) == (25 if expected == 1 else 2)
    unfiltered = staff_client.get(URL, {"page": page} if page is not None else {})
    assert unfiltered.context["page"].paginator.count == Obligation.objects.count()
