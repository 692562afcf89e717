"""The Secretariat's review queue: newest first, filtered, 25 a page, extension requests in
their own tab, a 400 for what it cannot read, and a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Extension, RequestKind, SubmissionVersion
from tests import factories
from tests.registry import dashboard_network as net
from tests.submissions import staff_lists

pytestmark = pytest.mark.django_db

URL = "/portal/staff/review/"
ACTIVE = 'class="nav-link active" aria-current="page"'


def shown(response):
    key = "extensions" if response.context["tab"] == "extensions" else "versions"
    return response.context[key]


def test_the_url_is_the_review_queue():
    assert reverse("portal:review_queue") == URL


def test_the_newest_version_comes_first(staff_client):
    _centres, versions, _extensions = staff_lists.network(3, prefix="Q")

    response = staff_client.get(URL)

    assert response.status_code == 200
    assert shown(response) == versions[::-1]


def test_the_queue_shows_what_awaits_review_unless_another_state_is_chosen(staff_client):
    _centres, (first, second), _extensions = staff_lists.network(2, prefix="Q")
    SubmissionVersion.objects.filter(pk=first.pk).update(
        review_status="accepted", reviewed_at=staff_lists.START
    )

    assert shown(staff_client.get(URL)) == [second]
    assert shown(staff_client.get(URL, {"state": "accepted"})) == [first]
    assert shown(staff_client.get(URL, {"state": ""})) == [second, first]


def test_the_kind_filter_keeps_that_kind_of_request(staff_client):
    centres, (workplan_version, _other), _extensions = staff_lists.network(2, prefix="Q")
    report = factories.RequestFactory(
        convention_centres="", paragraph="R(c)", kind=RequestKind.ACTIVITY_REPORT
    )
    [obligation] = staff_lists.owed(report, centres[:1])
    report_version = net.submit(obligation, staff_lists.START - dt.timedelta(days=1))

    assert shown(staff_client.get(URL, {"kind": "activity_report"})) == [report_version]
    assert workplan_version in shown(staff_client.get(URL, {"kind": "workplan"}))


def test_the_centre_filter_keeps_that_centres_versions(staff_client):
    (brazil, _spain), (brazil_version, _), _extensions = staff_lists.network(2, prefix="Q")

    assert shown(staff_client.get(URL, {"centre": brazil.pk})) == [brazil_version]


def test_the_convention_filter_keeps_the_requests_of_that_convention(staff_client):
    centres, stockholm_versions, _extensions = staff_lists.network(2, prefix="Q")
    [obligation] = staff_lists.owed(staff_lists.basel_request(paragraph="4"), centres[:1])
    # Received once BC-13/4 was adopted (5 May 2017): a version cannot precede its request.
    basel_version = net.submit(obligation, staff_lists.START.replace(year=2017))

    assert shown(staff_client.get(URL, {"convention": "BC"})) == [basel_version]
    assert shown(staff_client.get(URL, {"convention": "SC"})) == stockholm_versions[::-1]


def test_25_versions_a_page_and_the_page_links_keep_the_filters(staff_client):
    _centres, versions, _extensions = staff_lists.network(27, prefix="Q")

    first = staff_client.get(URL, {"kind": "workplan"})
    second = staff_client.get(URL, {"kind": "workplan", "page": "2"})

    assert shown(first) == versions[::-1][:25]
    assert shown(second) == versions[::-1][25:]
    assert "?kind=workplan&amp;page=2" in first.content.decode()
    assert "?kind=workplan&amp;page=1" in second.content.decode()


def test_extension_requests_have_their_own_tab_newest_first(staff_client):
    _centres, versions, extensions = staff_lists.network(2, prefix="Q")

    response = staff_client.get(URL, {"tab": "extensions"})
    page = response.content.decode()

    assert response.status_code == 200
    assert shown(response) == extensions[::-1]
    assert response.context["versions"] == []
    assert f'{ACTIVE} href="{URL}?tab=extensions"' in page
    assert 'id="review-queue"' not in page
    versions_tab = staff_client.get(URL).content.decode()
    assert f'{ACTIVE} href="{URL}"' in versions_tab
    assert 'id="extension-requests"' not in versions_tab


def test_the_extension_tab_filters_by_decision_and_centre(staff_client):
    (brazil, _spain), _versions, (brazil_request, spain_request) = staff_lists.network(
        2, prefix="Q"
    )
    Extension.objects.filter(pk=spain_request.pk).update(
        status="refused", decided_at=staff_lists.START
    )

    tab = {"tab": "extensions"}
    assert shown(staff_client.get(URL, tab)) == [brazil_request]
    assert shown(staff_client.get(URL, tab | {"state": "refused"})) == [spain_request]
    assert shown(staff_client.get(URL, tab | {"centre": brazil.pk, "state": ""})) == [
        brazil_request
    ]


def test_the_blockers_stay_on_the_queue(staff_client):
    response = staff_client.get(URL)

    assert "What blocks the centres" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"state": "lost"},
        {"kind": "poem"},
        {"centre": "brazil"},
        {"centre": "999999"},
        {"convention": "XX"},
        {"tab": "letters"},
        {"tab": "extensions", "state": "pending"},
    ],
)
def test_a_filter_it_cannot_read_is_a_400_with_a_message(staff_client, params):
    staff_lists.network(1, prefix="Q")

    response = staff_client.get(URL, params)

    assert response.status_code == 400
    assert 'data-testid="bad-input"' in response.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(staff_client):
    _centres, versions, _extensions = staff_lists.network(2, prefix="Q")

    assert shown(staff_client.get(URL, {"page": "99"})) == versions[::-1]
    assert shown(staff_client.get(URL, {"page": "x"})) == versions[::-1]


def queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(captured)


PAGES = [
    {},
    {"state": "", "kind": "workplan", "convention": "SC"},
    {"page": "2"},
    {"tab": "extensions"},
    {"tab": "extensions", "convention": "SC", "page": "2"},
]


def test_the_number_of_queries_does_not_grow_with_the_queue(staff_client):
    centres, _versions, _extensions = staff_lists.network(26, prefix="Small")
    pages = PAGES + [{"centre": centres[0].pk}, {"tab": "extensions", "centre": centres[0].pk}]
    small = [queries(staff_client, params) for params in pages]

    staff_lists.network(60, prefix="Large")
    large = [queries(staff_client, params) for params in pages]

    assert small == large
    assert len(staff_client.get(URL).context["versions"]) == 25
