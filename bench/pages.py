"""Pages that must stay fast as the data grows, measured in one run against the floor.

The floor is the framework's: a minimal Django page that signs in and renders a 20-row table
from PostgreSQL (`bench/urls.py`, served only under `bench/settings.py`). Every page is served
the same way as the floor (Django's full request handling, in process, Redis cache when
REDIS_URL is set) and judged on its median CPU time per request against the floor's:

- the public directory `/`, anonymous, at 1,000 centres: within 2x, also "cold" (the first
  read after a write: the data stamp is bumped before each request, as under load where
  directors upload);
- the dashboards' centre page at 1,000 centres (40 requests, ~3 versions an obligation): 4x;
- matrix.csv of the bench network (40,000 obligations, as at now), cold: within 4x;
- the portal home of a director, on the demo data (`seed_demo`, in a database of its own,
  <database>_demo, made when missing): within 2x, warm and cold; an upload POST of that
  director (a fresh one-page PDF, committed, answered by the redirect to its receipt; tasks
  run eagerly here, so the receipt's sending counts too): within 4x;
- matrix.csv of 200,000 obligations (the 1,000 bench centres plus 4,000 added inside a
  transaction that is rolled back): under 3 s, with peak RSS growth under 50 MB while it is
  read (sampled every 5 ms); matrix.xlsx is printed beside it.

The export and the portal home run in child processes (a clean memory baseline; another
database), each measuring its own floor where it judges against one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_dash REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python bench/pages.py [--runs 30] [--rebuild]
"""

import argparse
import datetime as dt
import io
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"

import django  # noqa: E402

django.setup()

from dashboard import AS_AT, PREFIX, prepare  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from centres.models import Centre  # noqa: E402
from datastamp.stamp import stamp_bump  # noqa: E402
from registry.dashboard.filters import parse_bounded_as_at  # noqa: E402
from registry.dashboard.selectors import CELL_COLUMNS  # noqa: E402
from submissions.models import (  # noqa: E402
    Obligation,
    Request,
    SubmissionFile,
    SubmissionVersion,
)

EXPORT_CENTRES = 5000
COLUMNS = ("centre_id", "centre__name", "centre__region__name", *CELL_COLUMNS)


def measure(client, url, params=None, *, runs, cold=False):
    """Return the medians (CPU s, wall s) of `runs` requests after one to warm up; `cold`
    bumps the data stamp before each request, as a write would."""
    params = params or {}
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    cpu, wall = [], []
    for _ in range(runs):
        if cold:
            stamp_bump()
        started_cpu, started = time.process_time(), time.perf_counter()
        response = client.get(url, params)
        if response.streaming:
            response.getvalue()
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(cpu), statistics.median(wall)


def staff_client():
    user, _ = get_user_model().objects.get_or_create(
        username="bench.staff", defaults={"is_staff": True, "email": "bench@example.org"}
    )
    client = Client()
    client.force_login(user)
    return client


def rss_bytes():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class PeakRss:
    """Sample the process's resident memory every 5 ms while in the block; `growth` is the
    peak above the resident memory on entry."""

    def __enter__(self):
        self.start = rss_bytes()
        self.peak = self.start
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._done.wait(0.005):
            self.peak = max(self.peak, rss_bytes())

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss_bytes())
        self.growth = self.peak - self.start


def export_part():
    """Child process: grow the network to EXPORT_CENTRES centres inside a transaction, time
    matrix.csv and matrix.xlsx read to their end, roll back; print the figures as JSON."""
    requests = list(Request.objects.filter(decision__title="Bench decision").order_by("pk"))
    region = Centre.objects.filter(name__startswith=PREFIX).values_list(
        "region_id", "host_country_id"
    )
    region_id, country_id = region.first()
    client = staff_client()
    figures = {}
    with transaction.atomic():
        extra = Centre.objects.bulk_create(
            [
                Centre(
                    name=f"{PREFIX} export {i:05d}",
                    serves_stockholm=True,
                    region_id=region_id,
                    host_country_id=country_id,
                )
                for i in range(EXPORT_CENTRES - Centre.objects.count())
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
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE centres_centre, submissions_obligation")
        figures["obligations"] = Obligation.objects.filter(centre__isnull=False).count()
        for fmt in ("csv", "xlsx"):
            url = reverse("dashboard:matrix_export", args=[fmt])
            client.get(url, {"as_at": AS_AT}).getvalue()  # warm: connections, templates
            with PeakRss() as memory:
                started = time.perf_counter()
                response = client.get(url, {"as_at": AS_AT})
                if response.streaming:
                    size = sum(len(chunk) for chunk in response.streaming_content)
                else:  # the registry before exports were streamed
                    size = len(response.content)
                figures[fmt] = {
                    "seconds": time.perf_counter() - started,
                    "rss_growth_mb": None,
                    "bytes": size,
                }
            figures[fmt]["rss_growth_mb"] = memory.growth / 2**20
        # After the measures (its rows stay in memory): the database's share, the same query
        # read through a cursor with nothing done with its rows.
        as_at = parse_bounded_as_at(AS_AT)
        query = (
            Obligation.objects.filter(centre__isnull=False)
            .with_status(as_at)
            .order_by("centre__name", "centre_id")
            .values_list(*COLUMNS)
        )
        sql, params = query.query.sql_with_params()
        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute(sql, params)
            while cursor.fetchmany(5000):
                pass
            figures["database_seconds"] = time.perf_counter() - started
        transaction.set_rollback(True)
    print(json.dumps(figures))


def pdf(n):
    """A small valid PDF, distinct for each `n` (an upload identical to the latest version
    is refused before it is stored)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Title": f"Bench upload {n} {time.time_ns()}"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def measure_uploads(client, url, *, runs):
    """Return the medians (CPU s, wall s) of `runs` upload POSTs of a fresh PDF to `url`, each
    answered by the redirect to its receipt, after one to warm up."""
    cpu, wall = [], []
    for n in range(runs + 1):
        upload = SimpleUploadedFile("report.pdf", pdf(n), content_type="application/pdf")
        started_cpu, started = time.process_time(), time.perf_counter()
        response = client.post(url, {"files": upload, "tz": ""})
        elapsed_cpu, elapsed = time.process_time() - started_cpu, time.perf_counter() - started
        assert response.status_code == 302, (url, response.status_code)
        if n:
            cpu.append(elapsed_cpu)
            wall.append(elapsed)
    return statistics.median(cpu), statistics.median(wall)


def portal_part(runs):
    """Child process, on the demo database: the floor, the portal home of director.br (warm,
    and first after a write) and an upload POST of director.br (CPU time includes the
    receipt queued and, tasks running eagerly here, sent)."""
    from submissions.portal.selectors import obligations_for

    call_command("migrate", verbosity=0)
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    floor = measure(staff_client(), reverse("bench-floor"), runs=runs)
    user = get_user_model().objects.get(username="director.br")
    director = Client()
    director.force_login(user)
    home = measure(director, reverse("portal:home"), runs=runs)
    home_cold = measure(director, reverse("portal:home"), runs=runs, cold=True)
    obligation = (
        obligations_for(user).filter(waived_at=None, centre__isnull=False).order_by("pk").first()
    )
    # Committed, as under load (the receipt is queued on commit), then deleted again so that
    # the next run's portal home reads the same data.
    before = SubmissionVersion.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    try:
        upload = measure_uploads(
            director, reverse("portal:obligation", args=[obligation.pk]), runs=runs
        )
    finally:
        for f in SubmissionFile.objects.filter(version__pk__gt=before):
            f.file.delete(save=False)
            f.delete()
        for version in SubmissionVersion.objects.filter(pk__gt=before):
            version.delete()
    print(json.dumps({"floor": floor, "home": home, "home_cold": home_cold, "upload": upload}))


def demo_database_url():
    """DATABASE_URL with "_demo" after the database's name; the database is made if missing."""
    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/") + "_demo"
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(url._replace(path=f"/{name}"))


def child(part, *, env=None, runs=0):
    result = subprocess.run(
        [sys.executable, __file__, "--part", part, "--runs", str(runs)],
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        sys.exit(f"{part} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def verdict(ok):
    return "met" if ok else "not met"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rebuild", action="store_true", help="delete and rebuild the network")
    parser.add_argument("--part", choices=["export", "portal"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part == "export":
        return export_part()
    if args.part == "portal":
        return portal_part(args.runs)

    prepare(rebuild=args.rebuild)
    staff = staff_client()
    anonymous = Client()
    centre = Centre.objects.filter(name__startswith=PREFIX).order_by("name").first()
    directory = reverse("directory:index")
    rows = [
        (
            "floor (signed in, 20-row table)",
            measure(staff, reverse("bench-floor"), runs=args.runs),
            None,
        ),
        ("directory /, anonymous", measure(anonymous, directory, runs=args.runs), 2),
        ("directory /?page=25", measure(anonymous, directory, {"page": "25"}, runs=args.runs), 2),
        (
            "directory /, first after a write",
            measure(anonymous, directory, runs=args.runs, cold=True),
            2,
        ),
        (
            "dashboards centre page",
            measure(
                staff,
                reverse("dashboard:centre", args=[centre.pk]),
                {"as_at": AS_AT},
                runs=args.runs,
            ),
            4,
        ),
        (
            "matrix.csv, first after a write",
            measure(
                staff,
                reverse("dashboard:matrix_export", args=["csv"]),
                runs=max(5, args.runs // 3),
                cold=True,
            ),
            4,
        ),
        ("/healthz", measure(anonymous, reverse("healthz"), runs=args.runs), None),
    ]
    stamp_bump()  # leave no answer counted from the bench's own bumps behind
    floor_cpu = rows[0][1][0]
    print(f"{'page':36} {'CPU ms':>8} {'wall ms':>8} {'x floor':>8}  target")
    for name, (cpu, wall), target in rows:
        judged = f"within {target}x: {verdict(cpu / floor_cpu <= target)}" if target else ""
        print(f"{name:36} {cpu * 1000:8.1f} {wall * 1000:8.1f} {cpu / floor_cpu:8.1f}  {judged}")

    portal = child("portal", env={"DATABASE_URL": demo_database_url()}, runs=args.runs)
    floor_cpu, floor_wall = portal["floor"]
    print(f"{'floor, demo data':36} {floor_cpu * 1000:8.1f} {floor_wall * 1000:8.1f} {1:8.1f}")
    for name, key, target in [
        ("portal home (director.br), demo data", "home", 2),
        ("portal home, first after a write", "home_cold", 2),
        ("upload POST (director.br), demo data", "upload", 4),
    ]:
        cpu, wall = portal[key]
        print(
            f"{name:36} {cpu * 1000:8.1f} {wall * 1000:8.1f} {cpu / floor_cpu:8.1f}  "
            f"within {target}x: {verdict(cpu / floor_cpu <= target)}"
        )

    export = child("export")
    for fmt in ("csv", "xlsx"):
        figures = export[fmt]
        judged = (
            f"under 3 s: {verdict(figures['seconds'] < 3)}; "
            f"RSS under 50 MB: {verdict(figures['rss_growth_mb'] < 50)}"
            if fmt == "csv"
            else ""
        )
        print(
            f"matrix.{fmt}, {export['obligations']} obligations: {figures['seconds']:.2f} s, "
            f"{figures['bytes'] / 2**20:.1f} MB written, peak RSS growth "
            f"{figures['rss_growth_mb']:.1f} MB  {judged}"
        )
    print(
        f"(the export's query alone, read through a cursor: {export['database_seconds']:.2f} s "
        "of database and driver time)"
    )
    return None


if __name__ == "__main__":
    main()
