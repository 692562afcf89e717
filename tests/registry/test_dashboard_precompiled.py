"""The overview's counts from SQL compiled once per process say what the ORM's query says.

`registry.dashboard.precompiled` runs the SQL of `status_counts_query` compiled at probe
values with each request's own values put in their place. Here, at every edge of the random
networks of `test_status_sql` (Geneva days, summer time, stamps held or run out), its SQL and
parameters are the ORM's own, and its rows count what `status_counts` counts.
"""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.dashboard import precompiled, report, selectors
from submissions.models import Obligation
from submissions.selectors import (
    fold_counts,
    later_facts_queries,
    next_change_after,
    requests_issued_by,
    status_counts,
    status_counts_query,
)
from submissions.status_store import obligations_status_refresh
from tests import factories
from tests.submissions.test_status_sql import build_network, instants

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return build_network(2017)


def orm_counts(as_at, ids, now):
    return status_counts(as_at, Obligation.objects.filter(request_id__in=ids), now=now)


def counts_query(as_at, ids, now):
    return status_counts_query(as_at, Obligation.objects.filter(request_id__in=ids), now=now)


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("build", "keys"),
    [
        (counts_query, [(False,), (True,)]),
        (report._status_rows, [()]),
        *((lambda as_at, ids, i=i: later_facts_queries(as_at)[i], [()]) for i in range(2)),
        (precompiled._matrix_cells_query, [()]),
    ],
    ids=["overview counts", "COP report rows", "later receipts", "later extensions", "matrix"],
)
def test_its_sql_and_parameters_are_the_orms_at_every_edge(network, settings, build, keys):
    rng = random.Random(15)
    ids = [r.pk for r in network]
    compiled = precompiled.Precompiled(build)
    for as_at in instants(network, settings.REGISTRY_DUE_SOON_DAYS):
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        key = rng.choice(keys)
        template = compiled._learn(len(chosen), key, "default")
        assert template is not None
        sql, slots, _compiler, _converters = template
        orm = build(as_at, chosen, *key).query.get_compiler("default")
        assert (sql, tuple(precompiled._values(slots, as_at, chosen))) == orm.as_sql()


def test_the_report_rows_are_the_orms(network, settings):
    ids = [r.pk for r in network]
    for as_at in instants(network, settings.REGISTRY_DUE_SOON_DAYS)[::5]:
        rows = report._STATUS_ROWS.rows(as_at, ids)
        assert sorted(rows) == sorted(report._status_rows(as_at, ids))


def test_its_rows_count_what_the_orm_counts_held_stamps_or_not(network, settings):
    ids = [r.pk for r in network]
    moments = sorted(instants(network, settings.REGISTRY_DUE_SOON_DAYS))
    obligations_status_refresh(
        obligations=Obligation.objects.filter(request__in=network),
        now=moments[len(moments) // 2],
    )
    for as_at in moments:
        for now in (True, False):
            rows = precompiled.request_status_rows(as_at, ids, now=now)
            assert fold_counts(rows) == orm_counts(as_at, ids, now=False), as_at


def test_it_runs_one_query_and_follows_the_settings(network, settings):
    ids = [r.pk for r in network]
    as_at = dt.datetime(2015, 9, 10, 12, tzinfo=dt.UTC)
    precompiled.request_status_rows(as_at, ids)
    with CaptureQueriesContext(connection) as queries:
        rows = precompiled.request_status_rows(as_at, ids)
    assert len(queries) == 1
    assert fold_counts(rows) == orm_counts(as_at, ids, now=False)
    settings.REGISTRY_DUE_SOON_DAYS = 3  # another shape: compiled again
    rows = precompiled.request_status_rows(as_at, ids)
    assert fold_counts(rows) == orm_counts(as_at, ids, now=False)


def test_a_parameter_it_cannot_tell_leaves_the_query_to_the_orm(network):
    ids = [r.pk for r in network]

    def build(as_at, request_ids):  # a day that is not the Geneva day plus a fixed count
        day = dt.date(as_at.year, 1, 1)
        return status_counts_query(
            as_at, Obligation.objects.filter(request_id__in=request_ids, request__due_date__gt=day)
        )

    compiled = precompiled.Precompiled(build)
    as_at = dt.datetime(2016, 3, 27, 12, tzinfo=dt.UTC)
    rows = compiled.rows(as_at, ids)
    assert list(compiled._templates.values()) == [None]
    assert fold_counts(rows) == fold_counts(build(as_at, ids))
    assert compiled.rows(as_at, []) == []


def test_the_horizon_is_the_orms_at_every_edge(network, settings):
    """The instant until which an answer "as at now" holds (`next_change_after`)."""
    obligation = Obligation.objects.filter(request__in=network).first()
    Obligation.objects.filter(pk=obligation.pk).update(
        waived_at=dt.datetime(2016, 3, 26, 23, 30, tzinfo=dt.UTC), waived_reason="Closed"
    )
    for as_at in instants(network, settings.REGISTRY_DUE_SOON_DAYS):
        assert precompiled.next_change_after(as_at) == next_change_after(as_at), as_at
    assert precompiled.next_change_after(dt.datetime(2100, 1, 1, tzinfo=dt.UTC)) is None


def plain(request):
    fields = {f.attname: getattr(request, f.attname) for f in request._meta.concrete_fields}
    decision = request.decision  # fetched with the request: no query
    return fields, decision and {
        f.attname: getattr(decision, f.attname) for f in decision._meta.concrete_fields
    }


def test_the_requests_issued_are_the_orms_at_every_edge(network, settings):
    factories.ViewsLetterFactory()  # no decision
    factories.RequestFactory(decision=factories.DecisionFactory(adopted_on=None, year=2016))
    moments = instants(network, settings.REGISTRY_DUE_SOON_DAYS)
    for as_at in [dt.datetime(2015, 12, 31, 23, 30, tzinfo=dt.UTC), *moments]:
        expected = [plain(r) for r in requests_issued_by(as_at)]
        with CaptureQueriesContext(connection) as queries:
            assert [plain(r) for r in precompiled.requests_issued(as_at)] == expected, as_at
        assert len(queries) <= 1
    templates = precompiled._REQUESTS._templates.values()
    assert any(t is not None for t in templates) or connection.vendor != "postgresql"


def test_the_matrix_cells_are_the_orms(network, settings):
    centre_ids = list(
        Obligation.objects.filter(request__in=network).values_list("centre_id", flat=True)
    )[:25]
    for as_at in instants(network, settings.REGISTRY_DUE_SOON_DAYS)[::3]:
        shown = selectors.matrix_obligations(as_at, Obligation.objects.all())
        expected = sorted(selectors.matrix_cells_query(as_at, shown, centre_ids))
        assert sorted(precompiled.matrix_cell_rows(as_at, centre_ids)) == expected, as_at
