"""Benchmark of the compliance dashboards on a large network, on PostgreSQL.

Builds (once) 1,000 Stockholm centres, 40 requests and about 3 versions per obligation, then
measures in one run the server time (Django's full request handling, in process) of:
the overview, the matrix (first page), the COP report (four requests) and, for reference, a
minimal signed-in page. Prints the median and 95th percentile of each and its ratio to the
reference. Target: overview and matrix within 4 times the reference.

The dashboards' counted answers are cached under the data stamp (`datastamp.stamp`), so each
dashboard page is measured twice: "cold", the first request after a write (the stamp is bumped
before every timed request, so the answer is counted afresh), and "warm", a request that
finds the answer counted by an earlier one with no write in between. The target judges the
warm medians; the cold ones are printed beside them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_dash \\
        .venv/bin/python bench/dashboard.py [--runs 30] [--rebuild]
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from centres.models import Centre, Convention, Endorsement, Party, Region  # noqa: E402
from datastamp.stamp import stamp_bump  # noqa: E402
from submissions.models import (  # noqa: E402
    Decision,
    Extension,
    Obligation,
    Request,
    RequestKind,
    Submission,
    SubmissionVersion,
)

CENTRES = 1000
REQUESTS = 40
VERSIONS_PER_OBLIGATION = 3
PREFIX = "Bench centre"
AS_AT = "2026-06-30"


def build(rng):
    """Create the network with bulk inserts (no signals: obligations are made here directly)."""
    regions = [
        Region.objects.get_or_create(code=f"B{i}", defaults={"name": f"Bench region {i}"})[0]
        for i in range(5)
    ]
    party, _ = Party.objects.get_or_create(code="BZ", defaults={"name": "Benchland"})
    centres = Centre.objects.bulk_create(
        [
            Centre(
                name=f"{PREFIX} {i:04d}",
                serves_stockholm=True,
                region=regions[i % 5],
                host_country=party,
            )
            for i in range(CENTRES)
        ]
    )
    Endorsement.objects.bulk_create(
        [
            Endorsement(
                centre=c,
                convention=Convention.STOCKHOLM,
                cop=7,
                endorsed_on=dt.date(2009, 5, 1),
                open_ended=True,
                term_ends_on=None,
            )
            for c in centres
        ]
    )
    requests = []
    for i in range(REQUESTS):
        cop = 10 + i // 4
        decision, _ = Decision.objects.get_or_create(
            code=f"SC-{cop}/99",
            defaults={
                "convention": Convention.STOCKHOLM,
                "cop": cop,
                "year": 2005 + cop,
                "adopted_on": dt.date(2005 + cop, 5, 1),
                "title": "Bench decision",
            },
        )
        kind = RequestKind.WORKPLAN if i % 2 == 0 else RequestKind.ACTIVITY_REPORT
        start = dt.date(2005 + cop + 1, 1, 1)
        years = 4 if kind == RequestKind.WORKPLAN else 2
        requests.append(
            Request(
                decision=decision,
                paragraph=f"{i + 1}",
                kind=kind,
                period_start=start,
                period_end=dt.date(start.year + years - 1, 12, 31),
                due_date=dt.date(2005 + cop, 9, 30),
                for_cop=cop + 1,
            )
        )
    requests = Request.objects.bulk_create(requests)
    obligations = Obligation.objects.bulk_create(
        [Obligation(request=r, centre=c) for r in requests for c in centres], batch_size=5000
    )
    submissions = Submission.objects.bulk_create(
        [Submission(obligation=o) for o in obligations if rng.random() < 0.85], batch_size=5000
    )
    due = {r.pk: r.due_date for r in requests}
    by_obligation = {o.pk: o for o in obligations}
    versions = []
    # About VERSIONS_PER_OBLIGATION per obligation overall: submitted ones carry a few more.
    for s in submissions:
        first = dt.datetime.combine(
            due[by_obligation[s.obligation_id].request_id], dt.time(12), tzinfo=dt.UTC
        ) + dt.timedelta(days=rng.randint(-60, 60))
        count = rng.randint(1, 2 * VERSIONS_PER_OBLIGATION)
        for n in range(1, count + 1):
            versions.append(
                SubmissionVersion(
                    submission=s,
                    number=n,
                    received_at=first + dt.timedelta(days=20 * n),
                    received_through="email",
                )
            )
    SubmissionVersion.objects.bulk_create(versions, batch_size=10000)
    # Bulk inserts send no signal: store each obligation's first receipt as a version would.
    Obligation.objects.filter(centre__name__startswith=PREFIX).first_receipt_refresh()
    Extension.objects.bulk_create(
        [
            Extension(
                obligation=o,
                new_due_date=due[o.request_id] + dt.timedelta(days=45),
                reason="Bench",
                status=Extension.Status.GRANTED,
                decided_at=dt.datetime.combine(due[o.request_id], dt.time(9), tzinfo=dt.UTC),
            )
            for o in rng.sample(obligations, len(obligations) // 20)
        ],
        batch_size=5000,
    )
    stamp_bump()  # bulk inserts send no signal
    return len(obligations), len(versions)


def ensure_network(*, rebuild=False):
    """Build the bench network unless it is already there (or `rebuild`), then VACUUM it."""
    rng = random.Random(20161231)
    existing = Centre.objects.filter(name__startswith=PREFIX).count()
    if rebuild or existing != CENTRES:
        with transaction.atomic():
            bench = Obligation.objects.filter(centre__name__startswith=PREFIX)
            SubmissionVersion.objects.filter(submission__obligation__in=bench).delete()
            Submission.objects.filter(obligation__in=bench).delete()
            Request.objects.filter(decision__title="Bench decision").delete()
            Centre.objects.filter(name__startswith=PREFIX).delete()
            started = time.perf_counter()
            obligations, versions = build(rng)
        print(
            f"built {CENTRES} centres, {REQUESTS} requests, {obligations} obligations, "
            f"{versions} versions in {time.perf_counter() - started:.1f} s"
        )
        # The steady state autovacuum keeps: statistics, and visibility maps for index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure(client, url, params, runs, *, cold=False):
    """Median and 95th percentile of `runs` requests; `cold` bumps the data stamp (as a write
    would) before each, so that no cached answer is found."""
    client.get(url, params)  # warm caches and connections
    times = []
    for _ in range(runs):
        if cold:
            stamp_bump()
        start = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95


def measure_against_first(client, calls, runs, *, heading):
    """Measure `calls` (name, url, params, cold), print a table of their medians and p95s and
    their ratio to the first one's median, and return those ratios by name."""
    results = [
        (name, *measure(client, url, params, runs, cold=cold)) for name, url, params, cold in calls
    ]
    stamp_bump()  # leave no answer counted from the bench's own bumps behind
    reference = results[0][1]
    print(f"{heading:30} {'median ms':>10} {'p95 ms':>10} {'x reference':>12}")
    for name, median, p95 in results:
        print(f"{name:30} {median * 1000:10.1f} {p95 * 1000:10.1f} {median / reference:12.1f}")
    return {name: median / reference for name, median, _p95 in results}


def prepare(*, rebuild=False):
    """Check the database, migrate it and build the network unless it is there already."""
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL=postgres://... : this benchmark runs on PostgreSQL.")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    settings.REGISTRY_STAFF_MFA_REQUIRED = False
    call_command("migrate", verbosity=0)

    ensure_network(rebuild=rebuild)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="delete and rebuild the network")
    args = parser.parse_args()
    prepare(rebuild=args.rebuild)
    user, _ = get_user_model().objects.get_or_create(
        username="bench.staff", defaults={"is_staff": True, "email": "bench@example.org"}
    )
    client = Client()
    client.force_login(user)
    report_requests = list(
        Request.objects.filter(decision__title="Bench decision")
        .order_by("pk")
        .values_list("pk", flat=True)[:4]
    )
    overview = reverse("dashboard:overview")
    matrix = reverse("dashboard:matrix")
    pages = [
        ("reference (calendar page)", reverse("calendar:subscription"), {}, False),
        ("overview, cold", overview, {"as_at": AS_AT}, True),
        ("overview, warm", overview, {"as_at": AS_AT}, False),
        ("overview as at now, cold", overview, {}, True),
        ("overview as at now, warm", overview, {}, False),
        ("matrix first page, cold", matrix, {"as_at": AS_AT}, True),
        ("matrix first page, warm", matrix, {"as_at": AS_AT}, False),
        ("trends, cold", reverse("dashboard:trends"), {"as_at": AS_AT}, True),
        ("trends, warm", reverse("dashboard:trends"), {"as_at": AS_AT}, False),
        (
            "COP report (4 requests)",
            reverse("dashboard:report"),
            {"as_at": AS_AT, "requests": report_requests},
            False,
        ),
    ]
    medians = measure_against_first(client, pages, args.runs, heading="page")
    warm = (medians["overview, warm"], medians["matrix first page, warm"])
    cold = (medians["overview, cold"], medians["matrix first page, cold"])
    print(
        "target (overview and matrix, warm medians, within 4x the reference):",
        "met" if max(warm) <= 4 else "NOT met",
        f"| overview/matrix warm x{warm[0]:.1f}/x{warm[1]:.1f};",
        f"cold (first request after a write) x{cold[0]:.1f}/x{cold[1]:.1f}",
    )


if __name__ == "__main__":
    main()
