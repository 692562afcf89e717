"""In Chromium: a staff member signs in, opens the dashboard, changes the date and a filter."""

import pytest

from tests import factories
from tests.registry.dashboard_network import (
    activity_report_request,
    workplans_on_time_late_extended_silent,
)


@pytest.fixture
def network(transactional_db):
    workplans_on_time_late_extended_silent()
    activity_report_request()
    return factories.StaffFactory(username="secretariat")


def cell(page, request, column):
    return page.locator(f'#overview-table tr[data-request="{request}"] [data-col="{column}"]')


def choose_as_at(page, day):
    """Change the "as at" date as a reader does, and wait for the page that answers."""
    page.fill("#id_as_at", day)
    page.locator("#id_as_at").dispatch_event("change")
    page.wait_for_url(f"**as_at={day}**")


def test_the_dashboard_follows_the_date_and_the_filter(page, server, sign_in, network, settings):
    # Two-factor set-up for staff is the accounts' own concern, tested there.
    settings.REGISTRY_STAFF_MFA_REQUIRED = False
    sign_in(page, "secretariat", start="/admin/login/?next=/dashboard/")  # admin -> sign-in
    page.wait_for_url("**/dashboard/")

    choose_as_at(page, "2015-09-25")
    assert cell(page, "SC-7/17 11(a)", "on_time").inner_text() == "1"
    assert cell(page, "SC-7/17 11(a)", "late").inner_text() == "0"
    assert cell(page, "SC-7/17 11(a)", "extended").inner_text() == "1"

    choose_as_at(page, "2015-12-31")
    assert cell(page, "SC-7/17 11(a)", "late").inner_text() == "1"
    assert cell(page, "SC-7/17 11(a)", "overdue").inner_text() == "2"
    assert cell(page, "SC-7/17 11(a)", "extended").inner_text() == "0"
    assert page.locator("#overview-table tbody tr").count() == 2

    page.select_option("#id_kind", "workplan")
    page.wait_for_url("**kind=workplan**")
    assert page.locator("#overview-table tbody tr").count() == 1
    assert page.locator('[data-total="overdue"]').inner_text() == "2"
    assert "31 December 2015" in page.locator('[data-testid="as-at"]').inner_text()

    # Trends: Chart.js is served from static/ and draws; the table shows the same figure
    # (COP-8: one of four workplans and none of four activity reports on time).
    page.goto(f"{server.url}/dashboard/trends/?as_at=2017-01-31")
    assert page.evaluate("typeof window.Chart") == "function"
    page.wait_for_function(
        "() => window.Chart.getChart(document.getElementById('trends-chart')) !== undefined"
    )
    assert (
        page.locator('#trends-table tr[data-cycle="SC COP-8"] [data-col="rate"]').inner_text()
        == "12.5 %"
    )
