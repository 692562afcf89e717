"""The first overview after a write, at 1,000 and 5,000 centres, against the floor in one run.

On the network of `bench/dashboard.py` (1,000 centres x 40 requests), then with 4,000 more
centres owing the same 40 requests (added, stamped and VACUUMed, then deleted at the end):
the overview "as at now" is requested just after the data stamp changes, as after any write,
so its counts and table are made afresh (the stored statuses of `submissions.status_store`
are counted, and only the obligations whose stamp does not hold are computed). Judged:
- within 4x the floor (a minimal signed-in page rendering a 20-row table) at 1,000 centres,
  on the median CPU time per request, as `bench/pages.py` judges every page (wall time
  printed beside it);
- growing sub-linearly from 1,000 to 5,000 centres: median wall time ratio under 2.5 (the
  sizes' ratio is 5);
- the COP report (4 requests, as at a past date) at 1,000 centres, within 4x the floor (CPU);
- the matrix's first page after a write (as at now) at 1,000 centres, within 4x the floor
  (CPU), the load test's target for every page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_dash REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/overview_write.py [--runs 20]
"""

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from dashboard import AS_AT, CENTRES, PREFIX, prepare  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from pages import measure, staff_client, verdict  # noqa: E402

from centres.models import Centre  # noqa: E402
from datastamp.stamp import stamp_bump  # noqa: E402
from submissions.models import Obligation, Request  # noqa: E402
from submissions.status_store import obligations_status_refresh  # noqa: E402

BIG = 5000
GROWN = "Grown bench centre"  # not under PREFIX: `prepare` counts those


def step(what):
    print(f"... {what}", file=sys.stderr, flush=True)


def grow():
    """Add BIG - CENTRES centres owing every bench request, stamp them, VACUUM ANALYZE."""
    requests = list(Request.objects.filter(decision__title="Bench decision").order_by("pk"))
    region_id, country_id = (
        Centre.objects.filter(name__startswith=PREFIX)
        .values_list("region_id", "host_country_id")
        .first()
    )
    with transaction.atomic():
        extra = Centre.objects.bulk_create(
            [
                Centre(
                    name=f"{GROWN} {i:05d}",
                    serves_stockholm=True,
                    region_id=region_id,
                    host_country_id=country_id,
                )
                for i in range(BIG - CENTRES)
            ]
        )
        for request in requests:
            received = dt.datetime.combine(request.due_date, dt.time(12), tzinfo=dt.UTC)
            Obligation.objects.bulk_create(
                [
                    Obligation(
                        request=request,
                        centre=c,
                        first_receipt_at=received + dt.timedelta(days=(c.pk % 120) - 60)
                        if c.pk % 7
                        else None,
                    )
                    for c in extra
                ],
                batch_size=5000,
            )
        obligations_status_refresh(obligations=Obligation.objects.filter(centre__in=extra))
    stamp_bump()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE centres_centre")
        cursor.execute("VACUUM ANALYZE submissions_obligation")


def shrink():
    # Raw deletes: the grown rows have no dependants, and the ORM's delete would write a
    # history row per obligation.
    with transaction.atomic():
        grown = Centre.objects.filter(name__startswith=GROWN)
        obligations = Obligation.objects.filter(centre__in=grown)
        obligations._raw_delete(obligations.db)
        grown._raw_delete(grown.db)
    stamp_bump()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    prepare()
    shrink()  # a run interrupted earlier
    # Stamp what bulk inserts left unstamped, as the deadlines scan would.
    obligations_status_refresh(obligations=Obligation.objects.filter(status_valid_until=None))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE submissions_obligation")
    staff = staff_client()
    overview = reverse("dashboard:overview")
    report_requests = list(
        Request.objects.filter(decision__title="Bench decision")
        .order_by("pk")
        .values_list("pk", flat=True)[:4]
    )
    report = {"as_at": AS_AT, "requests": report_requests}
    step("measuring at 1,000 centres")
    floor = measure(staff, reverse("bench-floor"), runs=args.runs)
    small = measure(staff, overview, runs=args.runs, cold=True)
    cop = measure(staff, reverse("dashboard:report"), report, runs=max(5, args.runs // 2))
    matrix = measure(staff, reverse("dashboard:matrix"), runs=args.runs, cold=True)
    step(f"growing to {BIG:,} centres")
    grow()
    step(f"measuring at {BIG:,} centres")
    try:
        big = measure(staff, overview, runs=args.runs, cold=True)
        floor_big = measure(staff, reverse("bench-floor"), runs=args.runs)
    finally:
        shrink()
    rows = [
        ("floor (signed in, 20-row table)", floor),
        (f"overview after a write, {CENTRES:,} centres", small),
        (f"overview after a write, {BIG:,} centres", big),
        ("floor, again (5,000 centres)", floor_big),
        (f"COP report (4 requests), {CENTRES:,} centres", cop),
        (f"matrix after a write (page 1), {CENTRES:,} centres", matrix),
    ]
    print(f"{'page':44} {'CPU ms':>8} {'wall ms':>8} {'x floor CPU':>12} {'x floor wall':>13}")
    for name, (cpu, wall) in rows:
        print(
            f"{name:44} {cpu * 1000:8.1f} {wall * 1000:8.1f} "
            f"{cpu / floor[0]:12.1f} {wall / floor[1]:13.1f}"
        )
    growth = big[1] / small[1]
    print(
        f"overview after a write within 4x the floor at {CENTRES:,} centres (CPU): "
        f"{verdict(small[0] / floor[0] <= 4)} (x{small[0] / floor[0]:.1f}; wall "
        f"x{small[1] / floor[1]:.1f})"
    )
    print(
        f"overview after a write, sub-linear from {CENTRES:,} to {BIG:,} centres "
        f"(wall ratio under 2.5): {verdict(growth < 2.5)} (x{growth:.2f}; CPU "
        f"x{big[0] / small[0]:.2f})"
    )
    print(
        f"COP report within 4x the floor at {CENTRES:,} centres (CPU): "
        f"{verdict(cop[0] / floor[0] <= 4)} (x{cop[0] / floor[0]:.1f})"
    )
    print(
        f"matrix's first page after a write within 4x the floor at {CENTRES:,} centres (CPU): "
        f"{verdict(matrix[0] / floor[0] <= 4)} (x{matrix[0] / floor[0]:.1f}; wall "
        f"x{matrix[1] / floor[1]:.1f})"
    )


if __name__ == "__main__":
    main()
