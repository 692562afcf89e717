"""Time one full deadlines scan over 100,000 obligations, and count its queries.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/registry .venv/bin/python bench/deadline_scan.py

Needs a migrated PostgreSQL database. The data is committed (as it would be in real life), each
timed scan runs inside a transaction that is rolled back (so nothing reaches the broker), and the
data is deleted at the end. The data:
100 requests due every four days from 200 days ago to 200 days ahead, each owed by every centre
(one contact each); obligations = requests x centres. Printed: the first scan (every obligation
checked), then the next scan an hour later (only those due for a check), at two sizes, so that
the query count can be seen not to grow with the obligations.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from centres.models import Centre, Contact, Party, Region  # noqa: E402
from submissions import reminders  # noqa: E402
from submissions.models import Decision, Obligation, Request  # noqa: E402

REQUESTS = 100


class Rollback(Exception):
    pass


def build(obligations, now):
    region = Region.objects.create(code="BENCH", name="Bench region")
    party = Party.objects.create(code="ZZ", name="Benchland", region=region)
    centres = Centre.objects.bulk_create(
        Centre(name=f"Bench centre {i}", serves_stockholm=True, region=region, host_country=party)
        for i in range(max(1, obligations // REQUESTS))
    )
    Contact.objects.bulk_create(
        Contact(
            centre=c,
            name=f"Director {c.pk}",
            role="director",
            email=f"director{c.pk}@bench.example.org",
        )
        for c in centres
    )
    decision = Decision.objects.create(
        code="BENCH-1/1", convention="SC", cop=1, year=2020, title="Bench"
    )
    today = reminders.local_date(now)
    requests = Request.objects.bulk_create(
        Request(
            decision=decision,
            paragraph=str(i),
            kind="information",
            title=f"Bench {i}",
            due_date=today + dt.timedelta(days=-200 + 4 * i),
        )
        for i in range(REQUESTS)
    )
    Obligation.objects.bulk_create(
        (Obligation(request=r, centre=c) for r in requests for c in centres), batch_size=10_000
    )
    return len(centres) * len(requests)


def clean():
    """Delete the bench rows (raw deletes: the scans were rolled back, nothing refers to them)."""
    for qs in (
        Obligation.objects.filter(request__decision__code="BENCH-1/1"),
        Request.objects.filter(decision__code="BENCH-1/1"),
        Decision.objects.filter(code="BENCH-1/1"),
        Contact.objects.filter(centre__region__code="BENCH"),
        Centre.objects.filter(region__code="BENCH"),
        Party.objects.filter(code="ZZ"),
        Region.objects.filter(code="BENCH"),
    ):
        qs._raw_delete(qs.db)


def timed_scan(now):
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = reminders.deadlines_scan(now=now)
        seconds = time.perf_counter() - started
    return result, seconds, len(queries)


def run(obligations):
    now = timezone.now()
    clean()
    started = time.perf_counter()
    with transaction.atomic():
        made = build(obligations, now)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    built = time.perf_counter() - started
    try:
        with transaction.atomic():
            first, first_s, first_q = timed_scan(now)
            second, second_s, second_q = timed_scan(now + dt.timedelta(hours=1))
            raise Rollback
    except Rollback:
        pass
    finally:
        clean()
    print(f"{made:>7} obligations (built in {built:.1f} s)")
    print(
        f"        first scan: {first_s:6.2f} s, {first_q:>2} queries; checked {first.checked}, "
        f"flagged {first.flagged}, steps {sum(first.steps.values())}, "
        f"emails {len(first.emails)}"
    )
    print(
        f"        next scan:  {second_s:6.2f} s, {second_q:>2} queries; checked "
        f"{second.checked}, steps {sum(second.steps.values())}"
    )
    return first_s, first_q, second_q


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obligations", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=1_000)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this on PostgreSQL: set DATABASE_URL=postgres://...")
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}, {os.cpu_count()} CPUs")
    _s, small_q, small_next_q = run(args.small)
    seconds, big_q, big_next_q = run(args.obligations)
    same = small_q == big_q and small_next_q == big_next_q
    print(
        f"queries per scan: {small_q} / {small_next_q} at {args.small} obligations, "
        f"{big_q} / {big_next_q} at {args.obligations}: "
        f"{'constant' if same else 'GROWS WITH THE OBLIGATIONS'}"
    )
    print(
        f"target: full scan of {args.obligations} obligations under 3 s: "
        f"{'met' if seconds < 3 else 'NOT met'} ({seconds:.2f} s)"
    )


if __name__ == "__main__":
    main()
