"""Every dashboard page, export, the directory and the feed run a fixed number of queries."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import CalendarToken
from submissions.models import Obligation
from tests import factories
from tests.registry import dashboard_network as net

pytestmark = pytest.mark.django_db

# 18 since the centre page and the directory read host-change cases and the matrix the
# endorsements (for "term expired; re-endorsement not recorded"), and the matrix's filters list
# the requests (the overview's counts link to one): one query each, whatever the size.
MAX_QUERIES = 18


def grow(count, requests, *, prefix):
    """Add `count` centres with contacts, hostings and a version for most obligations."""
    centres = net.sc_centres(count, prefix=prefix)
    for centre in centres:
        factories.HostingFactory(centre=centre)
        factories.ContactFactory(centre=centre, is_public=True)
        centre.countries_served.add(centre.host_country)
    for request in requests:
        request.save()  # re-sync: the new centres now owe it too
        for i, obligation in enumerate(
            Obligation.objects.filter(request=request, centre__in=centres)
        ):
            if i % 3:
                version = net.submit(
                    obligation, net.at(2015, 9, 1) + dt.timedelta(days=i * 20), accepted=i % 2 == 0
                )
                assert version.pk
    return centres


def pages(centre, request):
    as_at = {"as_at": "2017-01-31"}
    return [
        (reverse("dashboard:overview"), as_at),
        (reverse("dashboard:overview"), as_at | {"kind": "workplan", "cycle": "8"}),
        (reverse("dashboard:matrix"), as_at),
        (reverse("dashboard:matrix"), as_at | {"status": "overdue", "region": centre.region_id}),
        (reverse("dashboard:matrix"), as_at | {"page": "2"}),
        (reverse("dashboard:centre", args=[centre.pk]), as_at),
        (reverse("dashboard:centre_records", args=[centre.pk]), as_at),
        (reverse("dashboard:trends"), as_at),
        (reverse("dashboard:action_plans"), {}),
        (reverse("dashboard:report"), as_at | {"requests": [request.pk]}),
        (reverse("dashboard:report_docx"), as_at | {"requests": [request.pk]}),
        (reverse("dashboard:overview_export", args=["csv"]), as_at),
        (reverse("dashboard:overview_export", args=["xlsx"]), as_at),
        (reverse("dashboard:matrix_export", args=["csv"]), as_at),
        (reverse("dashboard:matrix_export", args=["xlsx"]), as_at),
    ]


def fetch(client, url, params):
    """GET `url`, reading a streamed body to its end (its queries run while it is read)."""
    response = client.get(url, params)
    if response.streaming:
        response.getvalue()
    return response


def count_queries(client, url, params, *, cold=True):
    """Queries of one page; `cold` empties the cache first (the dashboards' counted answers
    are cached: see test_dashboard_cache.py)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, url, params)
    assert response.status_code == 200, url
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_network(
    client, bureau_member, django_assert_max_num_queries
):
    requests = [net.workplan_request(), net.activity_report_request()]
    [first, *_rest] = grow(3, requests, prefix="Small")
    client.force_login(bureau_member)
    director = factories.UserFactory(username="director.small")
    factories.ContactFactory(centre=first, user=director, role="director", email="d@x.org")
    token = CalendarToken.objects.create(user=director)
    directory = reverse("directory:index")
    public = [
        (directory, {}),
        (directory, {"page": "2"}),
        (directory, {"region": first.region.code, "q": "centre"}),
        (reverse("calendar:feed", args=[token.token]), {}),
    ]

    # Each size is counted after one pass over the pages, so that what a process reads once
    # (and what an earlier test in the same process may have emptied) counts at neither size.
    for url, params in pages(first, requests[0]) + public:
        fetch(client, url, params)
    small = [count_queries(client, url, params) for url, params in pages(first, requests[0])]
    small += [count_queries(client, url, params) for url, params in public]
    grow(40, requests, prefix="Large")
    for url, params in pages(first, requests[0]) + public:
        with django_assert_max_num_queries(MAX_QUERIES, info=url):
            fetch(client, url, params)
    large = [count_queries(client, url, params) for url, params in pages(first, requests[0])]
    large += [count_queries(client, url, params) for url, params in public]
    warm = [
        count_queries(client, url, params, cold=False)
        for url, params in pages(first, requests[0]) + public
    ]

    assert small == large
    assert max(large) <= MAX_QUERIES
    assert all(w <= c for w, c in zip(warm, large, strict=True))


def test_a_cached_page_runs_the_same_queries_whatever_the_size(client, bureau_member):
    requests = [net.workplan_request(), net.activity_report_request()]
    [first, *_rest] = grow(3, requests, prefix="Small")
    client.force_login(bureau_member)
    counted = pages(first, requests[0])
    for url, params in counted:
        count_queries(client, url, params)  # counts and caches
    small = [count_queries(client, url, params, cold=False) for url, params in counted]
    grow(40, requests, prefix="Large")
    for url, params in counted:
        count_queries(client, url, params)
    large = [count_queries(client, url, params, cold=False) for url, params in counted]

    assert small == large
