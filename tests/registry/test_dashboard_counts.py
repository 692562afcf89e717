"""The overview's counts in SQL agree with the pure rule (`status_for`) on every edge."""

import datetime as dt
import random

import pytest

from registry.dashboard.selectors import summary_rows, with_sql_status
from submissions.models import Extension, Obligation, Submission, SubmissionVersion
from submissions.selectors import compliance_summary, obligation_statuses, parse_as_at
from tests import factories
from tests.clock import GENEVA
from tests.registry.dashboard_network import sc_centres, workplan_request

pytestmark = pytest.mark.django_db


def geneva(day, hour=0, minute=0, second=0, micro=0):
    return dt.datetime.combine(day, dt.time(hour, minute, second, micro), tzinfo=GENEVA)


def edges(day):
    """Instants around the end of `day` in Geneva."""
    return [geneva(day, 23, 59, 59, 999999), geneva(day + dt.timedelta(days=1)),
            geneva(day, 12), geneva(day, 0, 0, 1)]


@pytest.fixture
def mixed_network():
    """Obligations with versions, extensions and waivers scattered around their deadlines."""
    rng = random.Random(7)
    centres = sc_centres(30)
    # A due date in winter and one across the change to summer time (27 March 2016).
    requests = [workplan_request(),
                workplan_request(paragraph="11(c)", due_date=dt.date(2016, 3, 27)),
                workplan_request(paragraph="11(d)", due_date=None)]
    for request in requests:
        due = request.due_date or dt.date(2016, 1, 15)
        for obligation in Obligation.objects.filter(request=request, centre__in=centres):
            roll = rng.random()
            if roll < 0.15:
                Obligation.objects.filter(pk=obligation.pk).update(
                    waived_at=rng.choice(edges(due)), waived_reason="Closed")
            if rng.random() < 0.3:
                decided = rng.choice(edges(due - dt.timedelta(days=rng.choice([1, 10]))))
                factories.ExtensionFactory(
                    obligation=obligation, new_due_date=due + dt.timedelta(days=20),
                    decided_at=decided,
                    status=rng.choice([Extension.Status.GRANTED, Extension.Status.REFUSED]))
            if rng.random() < 0.7:
                submission = Submission.objects.create(obligation=obligation)
                for number in range(1, rng.randint(1, 3) + 1):
                    offset = dt.timedelta(days=rng.choice([-40, -1, 0, 1, 20, 21]))
                    SubmissionVersion.objects.create(
                        submission=submission, number=number, received_through="email",
                        received_at=rng.choice(edges(due + offset)))
    return requests


def instants(requests, settings):
    days = []
    for request in requests:
        due = request.due_date or dt.date(2016, 1, 15)
        soon = settings.REGISTRY_DUE_SOON_DAYS
        for delta in (-soon - 1, -soon, -soon + 1, -1, 0, 1, 19, 20, 21, 60):
            days.append(due + dt.timedelta(days=delta))
    result = []
    for day in days:
        result += edges(day)
    return result


def test_each_obligation_gets_the_same_status_in_sql_as_from_the_rule(mixed_network, settings):
    obligations = Obligation.objects.filter(request__in=mixed_network)

    for as_at in instants(mixed_network, settings):
        by_rule = {o.pk: s for o, s in obligation_statuses(as_at, obligations)}
        in_sql = dict(with_sql_status(obligations, as_at).values_list("pk", "status"))
        assert in_sql == by_rule, as_at


def test_the_summary_rows_equal_compliance_summary(mixed_network, settings):
    for as_at in instants(mixed_network, settings)[::7] + [parse_as_at("2016-12-31")]:
        assert summary_rows(as_at, mixed_network) == compliance_summary(as_at, mixed_network)


@pytest.mark.postgres
def test_they_agree_on_postgresql_too(mixed_network, settings):
    test_each_obligation_gets_the_same_status_in_sql_as_from_the_rule(mixed_network, settings)
