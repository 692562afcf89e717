"""Benchmark of the Secretariat's review queue and obligations list on the bench network
(`bench/dashboard.py`'s 1,000 centres x 40 requests), on PostgreSQL, against the floor.

Every page is read "cold", as under load where directors upload: the data stamp is bumped
before each timed request, as a write would. The obligations are stamped first with their
status where bulk inserts left them unstamped, as the deadlines scan would. Prints each
page's median CPU and wall time per request (Django's full request handling, in process) and
its ratio to the floor's (`bench/urls.py`, measured in the same run), judged within 4x the
floor's CPU ("met" / "not met").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_dash REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/staff_lists.py [--runs 20]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# First: it sets Django up with the bench settings (the floor's URL), before `dashboard` would.
from pages import measure, staff_client, verdict  # noqa: E402

# isort: split

from dashboard import prepare  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402

from datastamp.stamp import stamp_bump  # noqa: E402
from submissions.models import Obligation  # noqa: E402
from submissions.status_store import obligations_status_refresh  # noqa: E402

TARGET = 4
PAGES = [
    ("review queue", "portal:review_queue", {}),
    ("review queue, page 2", "portal:review_queue", {"page": "2"}),
    ("review queue, all states", "portal:review_queue", {"state": ""}),
    ("extension requests", "portal:review_queue", {"tab": "extensions", "state": ""}),
    ("all obligations", "portal:staff_obligations", {}),
    (
        "obligations, overdue, page 3",
        "portal:staff_obligations",
        {"status": "overdue", "page": "3"},
    ),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    prepare()
    if obligations_status_refresh(obligations=Obligation.objects.filter(status_valid_until=None)):
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE submissions_obligation")
    client = staff_client()
    floor = measure(client, reverse("bench-floor"), runs=args.runs)
    rows = [
        (name, measure(client, reverse(url), params, runs=args.runs, cold=True))
        for name, url, params in PAGES
    ]
    stamp_bump()  # leave no answer counted from the bench's own bumps behind
    print(f"{'page, first read after a write':32} {'CPU ms':>8} {'wall ms':>8} {'x floor':>8}")
    print(f"{'floor (signed in, 20-row table)':32} {floor[0] * 1000:8.1f} {floor[1] * 1000:8.1f}")
    for name, (cpu, wall) in rows:
        ratio = cpu / floor[0]
        print(
            f"{name:32} {cpu * 1000:8.1f} {wall * 1000:8.1f} {ratio:8.1f}  "
            f"within {TARGET}x (CPU): {verdict(ratio <= TARGET)} (wall x{wall / floor[1]:.1f})"
        )


if __name__ == "__main__":
    main()
