"""`with_status` (SQL) gives every obligation the status that `status_for` gives it, on every edge.

A seeded random network (versions, extensions granted, refused and pending, waivers) is scattered
around its deadlines, in winter and across the change to summer time, and read at instants on
both sides of each day's end in Geneva. The Python side is `Obligation.status_at` on prefetched
rows, which feeds `status_for`. Runs on SQLite, and on PostgreSQL when `DATABASE_URL` names one.
"""

import datetime as dt
import random
from collections import Counter, defaultdict

import pytest

from submissions.models import Extension, Obligation, Submission, SubmissionVersion
from submissions.selectors import compliance_summary, parse_as_at
from submissions.status import extension_in_force, local_date
from tests import factories
from tests.clock import GENEVA
from tests.registry.dashboard_network import sc_centres, workplan_request

pytestmark = pytest.mark.django_db

OPEN_REQUEST_DAY = dt.date(2016, 1, 15)  # instants around it for the request without a due date


def on_day(day, hour=0, minute=0, second=0, micro=0):
    return dt.datetime.combine(day, dt.time(hour, minute, second, micro), tzinfo=GENEVA)


def edges(day):
    """Instants around the end of `day` in Geneva, and two inside it."""
    return [
        on_day(day, 23, 59, 59, 999999),
        on_day(day + dt.timedelta(days=1)),
        on_day(day, 12),
        on_day(day, 0, 0, 1),
    ]


def build_network(seed):
    """Return the requests of a network of obligations with facts scattered around their
    deadlines, drawn from `seed`."""
    rng = random.Random(seed)
    centres = sc_centres(30)
    # A due date in winter, one on the day summer time starts (27 March 2016), and none.
    requests = [
        workplan_request(),
        workplan_request(paragraph="11(c)", due_date=dt.date(2016, 3, 27)),
        workplan_request(paragraph="11(d)", due_date=None),
    ]
    for request in requests:
        due = request.due_date or OPEN_REQUEST_DAY
        for obligation in Obligation.objects.filter(request=request, centre__in=centres):
            if rng.random() < 0.15:
                Obligation.objects.filter(pk=obligation.pk).update(
                    waived_at=rng.choice(edges(due)), waived_reason="Closed"
                )
            if request.due_date and rng.random() < 0.4:
                decided = rng.choice(edges(due + dt.timedelta(days=rng.choice([-10, -1, 5]))))
                for _ in range(rng.choice([1, 1, 2])):
                    factories.ExtensionFactory(
                        obligation=obligation,
                        new_due_date=due + dt.timedelta(days=rng.choice([5, 20])),
                        # A second decision at the same instant: the later row is in force.
                        decided_at=decided,
                        status=rng.choice([Extension.Status.GRANTED, Extension.Status.REFUSED]),
                    )
                if rng.random() < 0.2:
                    factories.ExtensionFactory(
                        obligation=obligation,
                        new_due_date=due + dt.timedelta(days=30),
                        status=Extension.Status.REQUESTED,
                        decided_at=None,
                    )
            if rng.random() < 0.7:
                submission = Submission.objects.create(obligation=obligation)
                for number in range(1, rng.randint(1, 3) + 1):
                    offset = dt.timedelta(days=rng.choice([-40, -1, 0, 1, 4, 5, 6, 20, 21]))
                    SubmissionVersion.objects.create(
                        submission=submission,
                        number=number,
                        received_through="email",
                        received_at=rng.choice(edges(due + offset)),
                    )
    return requests


@pytest.fixture(params=[7, 2016])
def network(request):
    return build_network(request.param)


def instants(requests, due_soon_days):
    """Instants around every day on which some obligation of `requests` changes status."""
    days = set()
    for request in requests:
        due = request.due_date or OPEN_REQUEST_DAY
        for delta in (
            -due_soon_days - 1,
            -due_soon_days,
            -due_soon_days + 1,
            -10,
            -1,
            0,
            1,
            4,
            5,
            6,
            19,
            20,
            21,
            60,
        ):
            days.add(due + dt.timedelta(days=delta))
    return [instant for day in sorted(days) for instant in edges(day)]


def prefetched(requests):
    return list(
        Obligation.objects.filter(request__in=requests)
        .select_related("request")
        .prefetch_related("submission__versions", "extensions")
    )


def assert_sql_agrees_with_the_rule(requests, due_soon_days):
    rows = prefetched(requests)
    obligations = Obligation.objects.filter(request__in=requests)
    for as_at in instants(requests, due_soon_days):
        by_rule = {o.pk: o.status_at(as_at) for o in rows}
        in_sql = dict(obligations.with_status(as_at).values_list("pk", "status"))
        assert in_sql == by_rule, as_at


def test_each_obligation_gets_the_same_status_in_sql_as_from_the_rule(network, settings):
    assert_sql_agrees_with_the_rule(network, settings.REGISTRY_DUE_SOON_DAYS)


def test_they_agree_whatever_the_due_soon_window(network, settings):
    for due_soon_days in (0, 1, 7):
        settings.REGISTRY_DUE_SOON_DAYS = due_soon_days

        assert_sql_agrees_with_the_rule(network, due_soon_days)


def test_the_annotated_inputs_are_those_the_rule_reads(network, settings):
    rows = prefetched(network)
    for as_at in instants(network, settings.REGISTRY_DUE_SOON_DAYS)[::5]:
        annotated = {
            o.pk: o for o in Obligation.objects.filter(request__in=network).with_status(as_at)
        }
        for obligation in rows:
            versions = (
                obligation.submission.versions.all() if hasattr(obligation, "submission") else []
            )
            received = min(
                (v.received_at for v in versions if v.received_at <= as_at), default=None
            )
            extension = extension_in_force(obligation.extensions.all(), as_at)
            extended = extension.new_due_date if extension else None
            got = annotated[obligation.pk]
            assert got.first_received_at == received, (as_at, obligation.pk)
            assert got.first_received_day == (received and local_date(received))
            assert got.extended_due_date == extended, (as_at, obligation.pk)
            assert got.effective_due_date == (extended or obligation.request.due_date)


def test_compliance_summary_counts_what_the_rule_says(network, settings):
    rows = prefetched(network)
    for as_at in instants(network, settings.REGISTRY_DUE_SOON_DAYS)[::7] + [
        parse_as_at("2016-12-31")
    ]:
        by_rule = defaultdict(Counter)
        for obligation in rows:
            by_rule[obligation.request_id][obligation.status_at(as_at)] += 1
        for row in compliance_summary(as_at, network):
            counts = by_rule[row["request"].pk]
            assert row["expected"] == sum(counts.values()), as_at
            for key in ("on_time", "late", "waived", "overdue", "extended", "due_soon"):
                assert row[key] == counts[key], (as_at, key)
            assert row["not_yet_due"] == counts["not_yet_due"], as_at


@pytest.mark.postgres
def test_they_agree_on_postgresql_too(network, settings):
    assert_sql_agrees_with_the_rule(network, settings.REGISTRY_DUE_SOON_DAYS)
    test_the_annotated_inputs_are_those_the_rule_reads(network, settings)
    test_compliance_summary_counts_what_the_rule_says(network, settings)
