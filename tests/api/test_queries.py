"""Every list operation of the API runs a fixed number of queries, whatever the number of rows."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluations.models import CycleStatus
from submissions.models import Obligation, RequestMode
from tests import factories
from tests.evaluations.grid import make_cycle, make_evaluation, make_methodology
from tests.registry import dashboard_network as net

from .conftest import bearer

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/centres",
    "/api/v1/decisions",
    "/api/v1/requests",
    "/api/v1/documents",
    "/api/v1/obligations?as_at=2017-01-31",
    "/api/v1/obligations?as_at=2017-01-31&status=on_time&kind=workplan",
    "/api/v1/obligations",
    "/api/v1/compliance?as_at=2017-01-31",
    "/api/v1/replies?as_at=2017-01-31",
    "/api/v1/evaluation-cycles",
]


def grow(count, *, prefix, requests, cycle):
    """Add `count` centres with their public details, obligations, versions and evaluations."""
    centres = net.sc_centres(count, prefix=prefix)
    for centre in centres:
        factories.HostingFactory(centre=centre)
        factories.ContactFactory(centre=centre, is_public=True)
        centre.countries_served.add(centre.host_country)
        make_evaluation(cycle, centre)
    for request in requests:
        request.centres.add(*centres)
        for i, obligation in enumerate(
            Obligation.objects.filter(request=request, centre__in=centres)
        ):
            net.submit(obligation, net.at(2016, 6, 1) + dt.timedelta(days=i), accepted=i % 2 == 0)
    factories.DecisionFactory()
    return centres


def counted(client, url, header):
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url, **header)
    assert answer.status_code == 200, (url, answer.content)
    return len(queries), len(answer.json()["items"])


@pytest.mark.parametrize("actor", ["staff", "director_a"])
def test_list_operations_run_a_fixed_number_of_queries(client, request, actor):
    workplans = net.workplan_request(convention_centres="")
    views = factories.RequestFactory(
        decision=None,
        issued_on=dt.date(2016, 4, 20),
        kind="views",
        mode=RequestMode.INVITATION,
        convention_centres="",
        due_date=None,
        period_start=None,
        period_end=None,
    )
    cycle = make_cycle(make_methodology(), year=2015, status=CycleStatus.PUBLISHED)
    requests = [workplans, views]
    user = request.getfixturevalue(actor)
    header = bearer(user)
    if actor == "director_a":
        [own] = user.contacts.all()
        for r in requests:
            r.centres.add(own.centre)

    grow(2, prefix="Small", requests=requests, cycle=cycle)
    client.get(LISTS[0], **header)  # the token's first use is noted once (a write), then not
    small = {url: counted(client, url, header) for url in LISTS}
    grow(5, prefix="Large", requests=requests, cycle=cycle)
    cache.clear()  # the test's writes are never committed, so the data stamp stays the same
    large = {url: counted(client, url, header) for url in LISTS}

    for url in LISTS:
        assert large[url][0] == small[url][0], url
    if actor == "staff":  # the rows did grow
        assert large["/api/v1/obligations"][1] > small["/api/v1/obligations"][1]
        assert large["/api/v1/centres"][1] > small["/api/v1/centres"][1]
