"""Locust traffic for deploy/loadtest: directors browsing and uploading, the Bureau reading the
dashboards and exports, staff reviewing, anonymous readers of the public directory, and the
floor page (bench.floor) in the same run. Sessions and ids come from deploy/loadtest in
LOADTEST_PLAN (JSON); cookies are sent by hand (production marks them Secure)."""

import json
import os
import random
import sys
from http.cookies import SimpleCookie
from pathlib import Path

from locust import HttpUser, between, task

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy.web_client import CSRF_INPUT, pdf  # noqa: E402

PLAN = json.loads(os.environ.get("LOADTEST_PLAN", "{}"))


class Signed(HttpUser):
    abstract = True
    wait_time = between(0.5, 1.5)
    role = ""

    def on_start(self):
        self.cookies = {"sessionid": random.choice(PLAN["sessions"][self.role])}

    def _cookie_header(self):
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    def _keep(self, response):
        for header in response.raw.headers.getlist("Set-Cookie") if response.raw else ():
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        return response

    def get(self, path, name=None):
        with self.client.get(
            path,
            headers=self._cookie_header(),
            name=name or path,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return self._keep(response)


class Director(Signed):
    weight = 4
    role = "director"

    @task(5)
    def home(self):
        self.get("/portal/", name="portal home")

    @task(4)
    def obligation(self):
        self.get(f"/portal/obligations/{random.choice(PLAN['obligations'])}/", name="obligation")

    @task(1)
    def upload(self):
        pk = random.choice(PLAN["obligations"])
        page = self.get(f"/portal/obligations/{pk}/", name="obligation")
        match = CSRF_INPUT.search(page.text or "")
        if not match:
            return
        body = pdf(f"Load test {random.getrandbits(64):x}")
        with self.client.post(
            f"/portal/obligations/{pk}/",
            data={"csrfmiddlewaretoken": match.group(1), "tz": ""},
            files=[("files", ("report.pdf", body, "application/pdf"))],
            headers={**self._cookie_header(), "Referer": f"{self.host}/portal/obligations/{pk}/"},
            name="upload (POST)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"status {response.status_code}")


class Bureau(Signed):
    weight = 3
    role = "bureau"

    @task(4)
    def overview(self):
        self.get("/dashboard/", name="dashboard overview")

    @task(3)
    def matrix(self):
        self.get("/dashboard/matrix/", name="dashboard matrix")

    @task(2)
    def centre(self):
        self.get(f"/dashboard/centres/{random.choice(PLAN['centres'])}/", name="dashboard centre")

    @task(1)
    def matrix_csv(self):
        self.get("/dashboard/matrix.csv", name="matrix.csv")

    @task(1)
    def report(self):
        query = "&".join(f"requests={pk}" for pk in PLAN["report_requests"])
        self.get(f"/dashboard/report/?{query}", name="COP report")


class Staff(Signed):
    fixed_count = 1
    role = "staff"

    @task(2)
    def queue(self):
        self.get("/portal/staff/review/", name="staff review queue")

    @task(1)
    def obligations(self):
        self.get("/portal/staff/obligations/", name="staff obligations")


class Public(HttpUser):
    weight = 2
    wait_time = between(0.5, 1.5)

    @task
    def directory(self):
        with self.client.get("/", name="public directory", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")


class Floor(Signed):
    fixed_count = 2
    role = "floor"

    @task
    def floor(self):
        self.get("/bench/floor/", name="FLOOR")
