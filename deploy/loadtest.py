"""The load test (deploy/loadtest): Locust against the rehearsal's deployment (deploy.cluster)
holding the demo data and bench/dashboard.py's network (1,000 centres x 40 requests), bounded in
users, spawn rate and time, on loopback only. Prints requests/s, p50/p95/p99 and errors per page,
the floor page's in the same run, and each page's p95 against 4x the floor's."""

import argparse
import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.cluster import BIN, ROOT, Cluster, add_cluster_arguments  # noqa: E402

TARGET = 4.0
BENCH_DATA = (
    "python:import random, django; django.setup();"
    "from django.db import connection, transaction;"
    "import bench.dashboard as b;"
    "exec('with transaction.atomic(): b.build(random.Random(20161231))');"
    "connection.cursor().execute('VACUUM ANALYZE')"
)


def plan():
    """Sessions per role (made as the test client's force_login does) and the ids to visit."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    from centres.models import Centre
    from submissions.models import Request
    from submissions.portal.selectors import obligations_for

    users = get_user_model().objects

    def sessions(username, count=4):
        made = []
        for _n in range(count):
            client = Client()
            client.force_login(users.get(username=username))
            made.append(client.cookies["sessionid"].value)
        return made

    director = users.get(username="director.br")
    return {
        "sessions": {
            "director": sessions("director.br"),
            "bureau": sessions("bureau"),
            "staff": sessions("secretariat"),
            "floor": sessions("bureau"),
        },
        "obligations": list(obligations_for(director).values_list("pk", flat=True)),
        "centres": list(
            Centre.objects.filter(name__startswith="Bench centre")
            .order_by("pk")
            .values_list("pk", flat=True)[:50]
        ),
        "report_requests": list(
            Request.objects.filter(decision__title="Bench decision")
            .order_by("pk")
            .values_list("pk", flat=True)[:4]
        ),
    }


def report(stats_csv):
    rows = [r for r in csv.DictReader(open(stats_csv)) if r["Name"] != "Aggregated"]
    by_name = {r["Name"]: r for r in rows}
    floor = by_name.get("FLOOR")
    floor_p95 = float(floor["95%"]) if floor else None
    print(
        f"{'page':<22} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'p95/floor':>9}  target {TARGET:g}x"
    )
    verdicts = []
    for name in sorted(by_name, key=lambda n: (n != "FLOOR", n)):
        r = by_name[name]
        p95 = float(r["95%"])
        ratio = p95 / floor_p95 if floor_p95 else float("nan")
        verdict = "floor" if name == "FLOOR" else ("met" if ratio <= TARGET else "not met")
        if name != "FLOOR":
            verdicts.append(verdict)
        print(
            f"{name:<22} {r['Request Count']:>8} {r['Failure Count']:>6} "
            f"{float(r['Requests/s']):>6.1f} {r['50%']:>7} {r['95%']:>7} {r['99%']:>7} "
            f"{ratio:>9.1f}  {verdict}"
        )
    if floor and float(floor["50%"]) > 100:
        print(
            f"NOTE: the floor's median is {floor['50%']} ms: the machine was saturated (CPU shared "
            "with the whole deployment and anything else running), which inflates the floor as "
            "much as the pages; fewer --users give ratios closer to the pages' own costs."
        )
    errors = sum(int(r["Failure Count"]) for r in rows)
    total = sum(int(r["Request Count"]) for r in rows)
    print(
        f"{total} requests, {errors} errors; {verdicts.count('met')} of {len(verdicts)} pages "
        f"within {TARGET:g}x the floor's p95"
    )
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=12, help="simulated users (at most 50)")
    parser.add_argument("--spawn-rate", type=float, default=4, help="users started a second")
    parser.add_argument("--run-time", type=int, default=60, help="seconds of load (at most 600)")
    add_cluster_arguments(
        parser, env_prefix="LOADTEST", base_port=8280, database="registry_rehearsal_load"
    )
    options = parser.parse_args()
    if not (0 < options.users <= 50 and 0 < options.run_time <= 600):
        parser.error("bounded: --users 1..50, --run-time 1..600")
    cluster = Cluster.from_options(options, settings_module="bench.loadtest_settings")
    started = time.monotonic()
    errors = 1
    try:
        cluster.start(seed=("seed_demo", BENCH_DATA), log=lambda line: print(f"  {line}"))
        print(f"  deployment up in {time.monotonic() - started:.0f} s (demo data + bench network)")
        os.environ.update(cluster.env(DJANGO_LOG_LEVEL="WARNING"))
        import django

        django.setup()
        prefix = cluster.dir / "locust"
        print(
            f"  Locust: {options.users} users, {options.spawn_rate:g} started a second, "
            f"{options.run_time} s, against nginx on 127.0.0.1:{cluster.port}"
        )
        subprocess.run(
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "deploy" / "locustfile.py"),
                "--headless",
                "--users",
                str(options.users),
                "--spawn-rate",
                str(options.spawn_rate),
                "--run-time",
                f"{options.run_time}s",
                "--host",
                cluster.url(),
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--stop-timeout",
                "10",
            ],
            env={**os.environ, "LOADTEST_PLAN": json.dumps(plan())},
            cwd=cluster.dir,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=open(cluster.dir / "locust.log", "wb"),
        )
        errors = report(f"{prefix}_stats.csv")
    finally:
        from django.apps import apps

        if apps.ready:
            from django.db import connections

            connections.close_all()
        cluster.stop()
    print(f"({time.monotonic() - started:.0f} s in all)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
