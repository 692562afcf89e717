"""The stored status (`submissions.status_store`) is the rule's answer wherever its stamp holds.

After every write path and every deadlines scan, each obligation's stored status equals the one
`with_status` computes, and it stays equal at every instant until its `status_valid_until`,
across the edges of the days in Geneva and the change to summer time (the random networks of
`test_status_sql`). The overview's counts "as at now" read it in a fixed number of queries.
"""

import datetime as dt
import os

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from submissions import services
from submissions.models import Obligation, SubmissionVersion
from submissions.reminders import deadlines_scan
from submissions.selectors import compliance_summary, status_counts
from submissions.status_store import (
    obligations_status_refresh,
    obligations_status_restamp,
    stamp_holds,
    stored_statuses,
)
from tests import factories
from tests.registry.dashboard_network import sc_centres, workplan_request
from tests.submissions import portal_files as files
from tests.submissions.test_status_sql import build_network, instants

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return build_network(2016)


def computed(obligations, as_at):
    return dict(obligations.with_status(as_at).values_list("pk", "status"))


def stored_where_it_holds(obligations, as_at):
    return dict(obligations.filter(stamp_holds(as_at)).values_list("pk", "stored_status"))


def assert_stamps_hold_and_agree(obligations, as_at):
    """Every obligation's stamp holds at `as_at` and says what the rule says."""
    assert stored_where_it_holds(obligations, as_at) == computed(obligations, as_at), as_at


def assert_counts_agree(obligations, as_at):
    assert status_counts(as_at, obligations, now=True) == status_counts(as_at, obligations)


def test_a_stamp_says_what_the_rule_says_until_it_runs_out(network, settings):
    obligations = Obligation.objects.filter(request__in=network)
    moments = instants(network, settings.REGISTRY_DUE_SOON_DAYS)
    moments.sort()
    obligations_status_refresh(obligations=obligations, now=moments[0] - dt.timedelta(days=1))
    held_somewhere = 0
    for as_at in moments:
        # Not re-stamped: where a stamp still holds, it is right.
        stored = stored_where_it_holds(obligations, as_at)
        truth = computed(obligations, as_at)
        assert stored == {pk: truth[pk] for pk in stored}, as_at
        held_somewhere += len(stored)
        assert_counts_agree(obligations, as_at)
    assert held_somewhere  # the stamps did not all run out at once


def test_the_scan_restamps_what_ran_out_at_every_edge(network, settings):
    obligations = Obligation.objects.filter(request__in=network)
    moments = sorted(instants(network, settings.REGISTRY_DUE_SOON_DAYS))
    obligations_status_refresh(obligations=obligations, now=moments[0] - dt.timedelta(days=1))
    restamped = 0
    for as_at in moments:
        restamped += obligations_status_restamp(now=as_at)
        assert_stamps_hold_and_agree(obligations, as_at)
        assert_counts_agree(obligations, as_at)
    assert restamped


def test_the_deadlines_scan_restamps_and_says_how_many(network, settings):
    obligations = Obligation.objects.filter(request__in=network)
    moments = sorted(instants(network, settings.REGISTRY_DUE_SOON_DAYS))
    obligations_status_refresh(obligations=obligations, now=moments[0])
    later = moments[len(moments) // 2]

    result = deadlines_scan(now=later)

    assert result.restamped > 0
    assert_stamps_hold_and_agree(obligations, later)


def test_stored_statuses_say_what_the_rule_says_whether_the_stamps_hold_or_not(network, settings):
    obligations = Obligation.objects.filter(request__in=network)
    moments = sorted(instants(network, settings.REGISTRY_DUE_SOON_DAYS))
    obligations_status_refresh(obligations=obligations, now=moments[0] - dt.timedelta(days=1))
    obligations.filter(pk__in=obligations.order_by("pk")[:5]).update(
        stored_status="", status_valid_from=None, status_valid_until=None
    )
    held_somewhere = stale_somewhere = 0
    for as_at in moments:
        stored = stored_statuses(obligations, as_at, "id", "centre_id")
        assert {pk: status for pk, _centre, status in stored} == computed(obligations, as_at)
        held = len(stored_where_it_holds(obligations, as_at))
        held_somewhere += held
        stale_somewhere += len(stored) - held
    assert held_somewhere and stale_somewhere  # both branches were read


def test_stored_statuses_run_no_rule_while_every_stamp_holds(network):
    obligations = Obligation.objects.filter(request__in=network)
    as_at = timezone.now()
    obligations_status_refresh(obligations=obligations, now=as_at)

    with CaptureQueriesContext(connection) as queries:
        stored = stored_statuses(obligations, as_at, "id")

    assert len(queries) == 1
    assert dict(stored) == computed(obligations, as_at)


def test_obligations_never_stamped_are_counted_by_the_rule(network):
    obligations = Obligation.objects.filter(request__in=network)
    obligations.update(stored_status="", status_valid_from=None, status_valid_until=None)
    as_at = timezone.now()

    assert_counts_agree(obligations, as_at)
    obligations_status_restamp(now=as_at)
    assert_stamps_hold_and_agree(obligations, as_at)


# --- Every write path ---------------------------------------------------------------------


@pytest.fixture
def moment():
    """Ten days before the due date of 30 September 2015: due soon, in Geneva."""
    with time_machine.travel(dt.datetime(2015, 9, 20, 10, tzinfo=dt.UTC), tick=False) as t:
        yield t


def agree_now():
    assert_stamps_hold_and_agree(Obligation.objects.all(), timezone.now())


def test_every_write_path_restamps_the_obligation(
    moment, obligation_a, obligation_b, director_a, director_b, staff
):
    agree_now()  # created by the request's sync

    version = services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )
    agree_now()
    services.version_review(version=version, reviewer=staff, accept=False, comments="Redo")
    agree_now()
    second = services.version_upload(
        obligation=obligation_a, files=[files.pdf(extra=b"second")], uploaded_by=director_a
    )
    services.version_review(version=second, reviewer=staff, accept=True)
    agree_now()

    extension = services.extension_request(
        obligation=obligation_b,
        new_due_date=dt.date(2015, 10, 31),
        reason="Strike",
        requested_by=director_b,
    )
    agree_now()
    services.extension_decide(extension=extension, decided_by=staff, grant=True)
    agree_now()
    assert Obligation.objects.get(pk=obligation_b.pk).stored_status == "extended"
    moment.move_to(dt.datetime(2015, 10, 31, 21, 59, 59, tzinfo=dt.UTC))  # 22:59:59 in Geneva
    assert_counts_agree(Obligation.objects.all(), timezone.now())
    moment.move_to(dt.datetime(2015, 10, 31, 23, 0, 0, tzinfo=dt.UTC))  # midnight, winter time
    assert_counts_agree(Obligation.objects.all(), timezone.now())
    deadlines_scan()
    agree_now()
    assert Obligation.objects.get(pk=obligation_b.pk).stored_status == "overdue"

    services.version_record(
        obligation=obligation_b,
        files=[files.pdf(extra=b"by email")],
        received_at=timezone.now() - dt.timedelta(hours=1),
        received_through="email",
        recorded_by=staff,
    )
    agree_now()
    assert Obligation.objects.get(pk=obligation_b.pk).stored_status == "on_time"
    SubmissionVersion.objects.filter(submission__obligation=obligation_b).update(
        received_at=timezone.now() + dt.timedelta(days=1)
    )  # a bulk update sends no signal: the stamp is stale, and not counted once it runs out
    assert_counts_agree(Obligation.objects.all(), timezone.now())
    obligations_status_refresh(obligations=Obligation.objects.filter(pk=obligation_b.pk))
    agree_now()

    services.obligation_waive(obligation=obligation_b, waived_by=staff, reason="Closed")
    agree_now()  # still on time: the stored first receipt was not moved by the bulk update


def test_a_new_due_date_restamps_every_addressee(moment, workplan_request, obligation_a):
    assert Obligation.objects.get(pk=obligation_a.pk).stored_status == "due_soon"

    workplan_request.due_date = dt.date(2015, 9, 1)
    workplan_request.save()

    agree_now()
    assert Obligation.objects.get(pk=obligation_a.pk).stored_status == "overdue"


def test_an_extension_decided_later_ends_the_stamp_then(moment, obligation_a, staff):
    decided = timezone.now() + dt.timedelta(days=3)
    factories.ExtensionFactory(
        obligation=obligation_a,
        new_due_date=dt.date(2015, 12, 31),
        decided_at=decided,
        status="granted",
    )
    stamped = Obligation.objects.get(pk=obligation_a.pk)

    assert stamped.stored_status == "due_soon"
    assert stamped.status_valid_until == decided
    moment.move_to(decided)
    assert_counts_agree(Obligation.objects.all(), decided)


# --- The overview's counts as at now --------------------------------------------------------


def build(size):
    centres = sc_centres(size, prefix=f"Size {size}")
    requests = [workplan_request(), workplan_request(paragraph="11(b)", due_date=None)]
    obligations = Obligation.objects.filter(centre__in=centres)
    # Half stamped, half not: both branches of the count run.
    obligations.filter(centre__in=centres[: size // 2]).update(status_valid_until=None)
    return requests, obligations


@pytest.mark.parametrize("size", [3, 12])
def test_the_counts_as_at_now_take_the_same_queries_at_any_size(size):
    requests, obligations = build(size)
    now = timezone.now()

    with CaptureQueriesContext(connection) as queries:
        rows = compliance_summary(now, requests, obligations=obligations, now=True)

    assert len(queries) == 1  # the stored and the computed counts in one UNION ALL
    assert [r["expected"] for r in rows] == [size, size]
    assert rows == compliance_summary(now, requests, obligations=obligations)


def test_the_command_stamps_every_obligation_afresh(moment, obligation_a, settings):
    from django.core.management import call_command

    settings.REGISTRY_DUE_SOON_DAYS = 5  # the window changed: every stamp must be redone
    call_command("obligations_status_refresh", stdout=open(os.devnull, "w"))  # noqa: SIM115

    agree_now()
    assert Obligation.objects.get(pk=obligation_a.pk).stored_status == "not_yet_due"


def test_a_later_version_keeps_the_stamp_and_an_earlier_one_restamps(
    moment, obligation_a, director_a, staff
):
    services.version_upload(obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a)
    stamped = Obligation.objects.get(pk=obligation_a.pk)
    moment.shift(dt.timedelta(hours=1))

    services.version_upload(
        obligation=obligation_a, files=[files.pdf(extra=b"revised")], uploaded_by=director_a
    )
    kept = Obligation.objects.get(pk=obligation_a.pk)
    assert (kept.first_receipt_at, kept.status_valid_from) == (
        stamped.first_receipt_at,
        stamped.status_valid_from,
    )  # neither the first receipt nor any input of the rule moved
    agree_now()

    services.version_record(
        obligation=obligation_a,
        files=[files.pdf(extra=b"by post")],
        received_at=stamped.first_receipt_at - dt.timedelta(minutes=30),
        received_through="paper",
        recorded_by=staff,
    )
    moved = Obligation.objects.get(pk=obligation_a.pk)
    assert moved.first_receipt_at == stamped.first_receipt_at - dt.timedelta(minutes=30)
    assert moved.status_valid_from == timezone.now()
    agree_now()
