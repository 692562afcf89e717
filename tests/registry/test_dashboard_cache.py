"""The dashboards' counted answers are cached, and a write anywhere makes them unreachable."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from datastamp.models import DataStamp
from datastamp.stamp import STAMP_PK, stamp_bump, stamp_token
from registry.dashboard import cache as dashboard_cache
from submissions import services
from submissions.models import Extension, Obligation, SubmissionVersion
from tests import factories
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request

# Real commits: the stamp is bumped when a write's transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)

TWO_PROCESSES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "process-a",
    },
    "process-b": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "process-b",
    },
}


@pytest.fixture(autouse=True)
def empty_cache():
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def network(transactional_db):
    """Two Stockholm centres owing a workplan due 30 September 2015."""
    centres = sc_centres(2, prefix="Cached")
    request = workplan_request()
    return request, centres


def bumps(action):
    """Return how many times `action()` bumped the stamp, and whether its token changed."""
    before = DataStamp.objects.get(pk=STAMP_PK)
    action()
    after = DataStamp.objects.get(pk=STAMP_PK)
    return after.version - before.version, after.token != before.token


def obligation_of(request, centre):
    return Obligation.objects.get(request=request, centre=centre)


def overview_row(client, params):
    response = client.get(reverse("dashboard:overview"), params)
    assert response.status_code == 200
    [row] = [r for r in response.context["rows"]]
    return row


def matrix_statuses(client, params):
    response = client.get(reverse("dashboard:matrix"), params)
    assert response.status_code == 200
    return [
        [cell.status if cell else None for cell in cells]
        for _centre, cells in response.context["matrix"]["rows"]
    ]


# --- the stamp ------------------------------------------------------------------------------


def test_saving_a_request_bumps_the_stamp(network):
    request, _centres = network
    request.title = "Workplans"
    count, changed = bumps(request.save)
    assert count >= 1 and changed


def test_an_obligation_sync_that_adds_obligations_bumps_the_stamp(network):
    request, [brazil, _spain] = network
    # Lost without a trace (a raw delete sends no signal): the sync's bulk insert restores it.
    Obligation.objects.filter(request=request, centre=brazil)._raw_delete("default")

    def sync():
        created, _removed = services.obligations_sync(request=request)
        assert created == 1

    count, changed = bumps(sync)
    assert count >= 1 and changed


def test_recording_a_version_bumps_the_stamp(network):
    request, [brazil, _spain] = network
    count, changed = bumps(lambda: submit(obligation_of(request, brazil), at(2015, 9, 1)))
    assert count >= 1 and changed


def test_deciding_an_extension_bumps_the_stamp(network, staff):
    request, [brazil, _spain] = network
    extension = factories.ExtensionFactory(
        obligation=obligation_of(request, brazil),
        status=Extension.Status.REQUESTED,
        decided_at=None,
    )
    count, changed = bumps(
        lambda: services.extension_decide(extension=extension, decided_by=staff, grant=True)
    )
    assert count >= 1 and changed


def test_waiving_an_obligation_bumps_the_stamp(network, staff):
    request, [brazil, _spain] = network
    count, changed = bumps(
        lambda: services.obligation_waive(
            obligation=obligation_of(request, brazil), waived_by=staff, reason="Centre ceased"
        )
    )
    assert count >= 1 and changed


def test_accepting_a_version_bumps_the_stamp(network, staff):
    request, [brazil, _spain] = network
    version = submit(obligation_of(request, brazil), at(2015, 9, 1))
    count, changed = bumps(
        lambda: services.version_review(version=version, reviewer=staff, accept=True)
    )
    assert count >= 1 and changed


def test_changing_an_endorsement_bumps_the_stamp(network):
    _request, [brazil, _spain] = network
    endorsement = brazil.endorsements.get()
    endorsement.endorsed_on = dt.date(2015, 6, 1)
    count, changed = bumps(endorsement.save)
    assert count >= 1 and changed


def test_changing_the_countries_a_centre_serves_bumps_the_stamp(network):
    _request, [brazil, _spain] = network
    count, changed = bumps(lambda: brazil.countries_served.add(factories.PartyFactory()))
    assert count >= 1 and changed


def test_deleting_an_obligation_bumps_the_stamp(network):
    request, [brazil, _spain] = network
    count, changed = bumps(obligation_of(request, brazil).delete)
    assert count >= 1 and changed


def test_a_bump_never_brings_back_an_earlier_token(transactional_db):
    tokens = {stamp_token()}
    for _ in range(5):
        stamp_bump()
        tokens.add(stamp_token())
    assert len(tokens) == 6


def test_the_stamp_is_made_again_when_its_row_is_missing(transactional_db):
    DataStamp.objects.all().delete()
    assert stamp_token()
    assert DataStamp.objects.get(pk=STAMP_PK).token == stamp_token()


# --- no stale reads -------------------------------------------------------------------------


def test_the_overview_shows_a_version_right_after_it_is_recorded(client, bureau_member, network):
    request, [brazil, _spain] = network
    client.force_login(bureau_member)
    params = {"as_at": "2015-10-31"}
    assert overview_row(client, params)["submitted"] == 0
    assert overview_row(client, params)["submitted"] == 0  # now from the cache

    submit(obligation_of(request, brazil), at(2015, 9, 1))

    row = overview_row(client, params)
    assert (row["submitted"], row["on_time"]) == (1, 1)


def test_the_matrix_shows_an_extension_right_after_it_is_granted(
    client, bureau_member, staff, network
):
    request, [brazil, _spain] = network
    client.force_login(bureau_member)
    params = {"as_at": "2015-10-15"}
    assert matrix_statuses(client, params) == [["overdue"], ["overdue"]]
    extension = factories.ExtensionFactory(
        obligation=obligation_of(request, brazil),
        status=Extension.Status.REQUESTED,
        decided_at=None,
        new_due_date=dt.date(2015, 10, 31),
    )

    services.extension_decide(
        extension=extension, decided_by=staff, grant=True, now=at(2015, 10, 1)
    )

    assert matrix_statuses(client, params) == [["extended"], ["overdue"]]


def test_the_overview_as_at_now_shows_a_waiver_right_after_it(
    client, bureau_member, staff, network, time_machine
):
    request, [brazil, _spain] = network
    time_machine.move_to(at(2015, 10, 15), tick=False)
    client.force_login(bureau_member)
    assert overview_row(client, {})["waived"] == 0

    services.obligation_waive(
        obligation=obligation_of(request, brazil), waived_by=staff, reason="Centre ceased"
    )

    assert overview_row(client, {})["waived"] == 1


def test_a_page_as_at_now_changes_with_the_day_without_a_write(
    client, bureau_member, network, time_machine
):
    time_machine.move_to(at(2015, 9, 30, 20), tick=False)  # 22:00 in Geneva: still due
    client.force_login(bureau_member)
    assert matrix_statuses(client, {}) == [["due_soon"], ["due_soon"]]

    time_machine.move_to(
        at(
            2015,
            9,
            30,
            22,
        ),
        tick=False,
    )  # midnight in Geneva: overdue

    assert matrix_statuses(client, {}) == [["overdue"], ["overdue"]]


def test_a_receipt_dated_later_in_the_day_shows_once_its_time_comes(
    client, bureau_member, network, time_machine
):
    request, [brazil, _spain] = network
    # A receipt stored ahead of the clock (the services refuse a future one: set the clock back).
    time_machine.move_to(at(2015, 9, 10, 15), tick=False)
    submit(obligation_of(request, brazil), at(2015, 9, 10, 15))
    time_machine.move_to(at(2015, 9, 10, 8), tick=False)
    client.force_login(bureau_member)
    assert overview_row(client, {})["submitted"] == 0

    time_machine.move_to(at(2015, 9, 10, 16), tick=False)  # same day, no write since

    assert overview_row(client, {})["submitted"] == 1


def test_another_process_never_reads_an_answer_counted_before_a_write(
    client, bureau_member, network
):
    request, [brazil, _spain] = network
    client.force_login(bureau_member)
    params = {"as_at": "2015-10-31"}
    with override_settings(CACHES=TWO_PROCESSES):
        assert overview_row(client, params)["submitted"] == 0  # process A counts and keeps
        with override_settings(DASHBOARD_CACHE_ALIAS="process-b"):
            assert overview_row(client, params)["submitted"] == 0  # process B too
            submit(obligation_of(request, brazil), at(2015, 9, 1))  # written via B
            assert overview_row(client, params)["submitted"] == 1

        assert overview_row(client, params)["submitted"] == 1  # A: its entry is unreachable


def test_a_cached_page_reads_no_counts_again(
    client, bureau_member, network, django_assert_max_num_queries
):
    client.force_login(bureau_member)
    params = {"as_at": "2015-10-31"}
    url = reverse("dashboard:overview")
    client.get(url, params)
    original = dashboard_cache.selectors.overview_rows

    def forbidden(*args, **kwargs):
        raise AssertionError("counted again")

    dashboard_cache.selectors.overview_rows = forbidden
    try:
        assert client.get(url, params).status_code == 200
    finally:
        dashboard_cache.selectors.overview_rows = original


def test_filters_and_pages_have_their_own_entries(client, bureau_member, network):
    client.force_login(bureau_member)
    assert matrix_statuses(client, {"as_at": "2015-10-31"}) == [["overdue"], ["overdue"]]
    assert matrix_statuses(client, {"as_at": "2015-10-31", "status": "on_time"}) == []
    assert matrix_statuses(client, {"as_at": "2015-09-01"}) == [["due_soon"], ["due_soon"]]


def test_a_failing_cache_does_not_break_the_page(client, bureau_member, network, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    client.force_login(bureau_member)
    response = client.get(reverse("dashboard:overview"), {"as_at": "2015-10-31"})
    assert response.status_code == 200


def test_an_unsigned_version_update_alone_leaves_the_counts_alone(network):
    """Review status is not counted: a bare update of it (as `submit` does) need not bump."""
    request, [brazil, _spain] = network
    version = submit(obligation_of(request, brazil), at(2015, 9, 1))
    count, _changed = bumps(
        lambda: SubmissionVersion.objects.filter(pk=version.pk).update(
            review_status="accepted", reviewed_at=at(2015, 9, 2)
        )
    )
    assert count == 0


# Each cached table: what it shows (a pattern), before and after Brazil submits.
TABLES_SHOWN = [
    pytest.param(
        "dashboard:overview",
        r'data-col="on_time">(?:<a [^>]*>)?(\d+)<',
        ["0"],
        ["1"],
        id="overview",
    ),
    pytest.param(
        "dashboard:matrix",
        r'data-status="(\w+)"',
        ["overdue", "overdue"],
        ["on_time", "overdue"],
        id="matrix",
    ),
]


@pytest.mark.parametrize(("view", "pattern", "before", "after"), TABLES_SHOWN)
def test_the_table_shown_is_never_an_older_rendering(
    client, bureau_member, network, view, pattern, before, after
):
    """The table's HTML is cached too: what the page shows follows a write at once."""
    request, [brazil, _spain] = network
    client.force_login(bureau_member)
    url = reverse(view)

    def shown(**headers):
        html = client.get(url, {"as_at": "2015-10-31"}, **headers).content.decode()
        return sorted(re.findall(pattern, html))

    assert shown() == before
    assert shown(HTTP_HX_REQUEST="true") == before  # the htmx fragment, from the cache
    submit(obligation_of(request, brazil), at(2015, 9, 1))
    assert shown() == after
    assert shown(HTTP_HX_REQUEST="true") == after
