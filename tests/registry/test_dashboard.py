"""The compliance overview: who may read it, its counts as at any instant, its filters."""

import datetime as dt

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.registry import dashboard_network as net

pytestmark = pytest.mark.django_db

DASHBOARD_PAGES = ["dashboard:overview", "dashboard:matrix", "dashboard:trends", "dashboard:report"]


@pytest.fixture
def network():
    """Four centres owing a workplan due 30 September 2015: on time, late, extended, nothing."""
    return net.workplans_on_time_late_extended_silent()


def row_of(response, request):
    [row] = [r for r in response.context["rows"] if r["request"]["pk"] == request.pk]
    return row


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_anonymous_users_are_sent_to_sign_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_a_director_cannot_see_the_dashboards(client, director_a, name):
    client.force_login(director_a)

    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", DASHBOARD_PAGES)
def test_staff_and_bureau_members_can(client, staff, bureau_member, name):
    for user in (staff, bureau_member):
        client.force_login(user)
        assert client.get(reverse(name)).status_code == 200


def test_a_director_cannot_export_or_open_a_centre_page(client, director_a, centre_a):
    client.force_login(director_a)

    assert client.get(reverse("dashboard:overview_export", args=["csv"])).status_code == 403
    assert client.get(reverse("dashboard:matrix_export", args=["xlsx"])).status_code == 403
    assert client.get(reverse("dashboard:centre", args=[centre_a.pk])).status_code == 403
    assert client.get(reverse("dashboard:report_docx")).status_code == 403


def test_the_overview_counts_as_at_an_instant_before_the_deadline(client, bureau_member, network):
    client.force_login(bureau_member)

    response = client.get(reverse("dashboard:overview"), {"as_at": "2015-09-25"})

    row = row_of(response, network)
    assert (row["expected"], row["on_time"], row["late"], row["missing"], row["extended"]) == (
        4,
        1,
        0,
        3,
        1,
    )


def test_the_overview_recomputes_everything_for_a_later_instant(client, bureau_member, network):
    client.force_login(bureau_member)

    response = client.get(reverse("dashboard:overview"), {"as_at": "2015-12-31"})

    row = row_of(response, network)
    assert (row["expected"], row["on_time"], row["late"], row["missing"], row["extended"]) == (
        4,
        1,
        1,
        2,
        0,
    )
    assert (row["overdue"], row["pending"], row["waived"]) == (2, 0, 0)
    html = response.content.decode()
    matrix = reverse("dashboard:matrix")
    assert (
        f'data-col="late"><a href="{matrix}?as_at=2015-12-31&amp;request={network.pk}'
        f'&amp;status=late">1</a>' in html
    )
    assert 'data-col="missing"' not in html


def test_requests_not_yet_issued_at_the_date_are_left_out(client, staff, network):
    later = net.activity_report_request(
        decision=net.sc_8_16(),
        paragraph="2(b)",
        period_start=dt.date(2017, 1, 1),
        period_end=dt.date(2018, 12, 31),
        due_date=dt.date(2018, 12, 31),
        for_cop=9,
    )
    client.force_login(staff)

    before = client.get(reverse("dashboard:overview"), {"as_at": "2016-01-01"})
    after = client.get(reverse("dashboard:overview"), {"as_at": "2019-01-01"})

    assert [r["request"]["pk"] for r in before.context["rows"]] == [network.pk]
    assert later.pk in [r["request"]["pk"] for r in after.context["rows"]]


def test_the_overview_defaults_to_now(client, staff, network, time_machine):
    time_machine.move_to(net.at(2015, 9, 25), tick=False)
    client.force_login(staff)

    response = client.get(reverse("dashboard:overview"))

    assert row_of(response, network)["extended"] == 1
    assert response.context["as_at_day"] == dt.date(2015, 9, 25)


def test_the_overview_filters_by_kind_and_cop(client, staff, network):
    report = net.activity_report_request()
    client.force_login(staff)

    by_kind = client.get(
        reverse("dashboard:overview"), {"as_at": "2017-01-31", "kind": "activity_report"}
    )
    by_cop = client.get(reverse("dashboard:overview"), {"as_at": "2017-01-31", "cycle": "9"})

    assert [r["request"]["pk"] for r in by_kind.context["rows"]] == [report.pk]
    assert by_cop.context["rows"] == []


def test_a_bad_date_is_a_400_with_a_message(client, staff):
    client.force_login(staff)

    response = client.get(reverse("dashboard:overview"), {"as_at": "31.12.2016"})

    assert response.status_code == 400
    assert "Give a date (YYYY-MM-DD)" in response.content.decode()


def test_a_bad_filter_is_a_400_with_a_message(client, staff):
    client.force_login(staff)

    response = client.get(reverse("dashboard:overview"), {"cycle": "eight"})

    assert response.status_code == 400
    assert "Some of the filters are not valid" in response.content.decode()


def test_htmx_gets_only_the_results(client, staff, network):
    client.force_login(staff)

    response = client.get(
        reverse("dashboard:overview"), {"as_at": "2015-12-31"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert html.startswith('<div id="results">')
    assert "<nav" not in html
