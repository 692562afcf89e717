"""Benchmark of the Secretariat's review queue and obligations list on the bench network
(`bench/dashboard.py`'s 1,000 centres x 40 requests), on PostgreSQL. Prints the median and 95th
percentile server time of each page (Django's full request handling, in process).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_dash \\
        .venv/bin/python bench/staff_lists.py [--runs 10]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard import measure, prepare  # noqa: E402  (sets Django up)
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

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
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    prepare()
    staff, _ = get_user_model().objects.get_or_create(
        username="bench.staff", defaults={"is_staff": True, "email": "bench.staff@example.org"}
    )
    client = Client()
    client.force_login(staff)
    print(f"{'page':32} {'median ms':>10} {'p95 ms':>8}")
    for name, url, params in PAGES:
        median, p95 = measure(client, reverse(url), params, args.runs)
        print(f"{name:32} {median * 1000:10.1f} {p95 * 1000:8.1f}")


if __name__ == "__main__":
    main()
