"""Benchmark of the API's compliance and obligations operations on the dashboard bench's network.

On the network of `bench/dashboard.py` (1,000 Stockholm centres, 40 requests, built there once
and reused), measures in one run the server time (Django's full request handling, in process,
with a personal API token) of the compliance summary and the first page of obligations, "cold"
(the data stamp bumped before each request, as a write would) and "warm" (the answer counted by
an earlier request, nothing written since), and of a minimal signed-in API call for reference
(the list of evaluation cycles). Prints each median and 95th percentile, its ratio to the
reference, and whether the warm medians are within 4 times the reference.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_dash \\
        .venv/bin/python bench/api.py [--runs 30] [--rebuild]
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.dashboard import AS_AT, ensure_network, measure_against_first  # noqa: E402 (sets Django up)
from registry.api.services import api_token_create  # noqa: E402

TARGET = 4


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="delete and rebuild the network")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL=postgres://... : this benchmark runs on PostgreSQL.")
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.DEBUG = False
    # Measure the operations, not the rate limits.
    settings.REGISTRY_API_RATE_SIGNED_IN = "1000000/m"
    call_command("migrate", verbosity=0)
    ensure_network(rebuild=args.rebuild)

    user, _ = get_user_model().objects.get_or_create(
        username="bench.staff", defaults={"is_staff": True, "email": "bench@example.org"}
    )
    _token, secret = api_token_create(user=user, name="bench", days=1, now=timezone.now())
    client = Client(headers={"Authorization": f"Bearer {secret}"})
    as_at = {"as_at": AS_AT}
    calls = [
        ("reference (evaluation cycles)", "/api/v1/evaluation-cycles", {}, False),
        ("compliance, cold", "/api/v1/compliance", as_at, True),
        ("compliance, warm", "/api/v1/compliance", as_at, False),
        ("compliance as at now, warm", "/api/v1/compliance", {}, False),
        ("obligations page 1, cold", "/api/v1/obligations", as_at, True),
        ("obligations page 1, warm", "/api/v1/obligations", as_at, False),
        ("obligations overdue, cold", "/api/v1/obligations", as_at | {"status": "overdue"}, True),
        ("obligations overdue, warm", "/api/v1/obligations", as_at | {"status": "overdue"}, False),
    ]
    ratios = measure_against_first(client, calls, args.runs, heading="operation")
    for name in ("compliance, warm", "obligations page 1, warm"):
        verdict = "met" if ratios[name] <= TARGET else "not met"
        print(f"{name}: x{ratios[name]:.1f} the reference, within {TARGET}x warm: {verdict}")


if __name__ == "__main__":
    main()
