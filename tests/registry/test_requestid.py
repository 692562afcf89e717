"""registry.requestid and the logging set-up: every log line carries the request id, taken from
nginx's X-Request-ID when well formed, and carried into the Celery tasks the request enqueues;
JSON lines when configured; Sentry receives errors when SENTRY_DSN is set."""

import http.server
import json
import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory
from pythonjsonlogger.json import JsonFormatter

from registry import requestid
from registry.celery import app
from tests.celery_broker import publishing_to, wait_for, worker_database
from tests.celery_broker import worker as celery_worker

ROOT = Path(__file__).resolve().parents[2]


def run_through_middleware(headers):
    seen = {}

    def view(request):
        record = logging.LogRecord("registry", logging.INFO, __file__, 1, "hello", (), None)
        requestid.RequestIdFilter().filter(record)
        seen["logged"] = record.request_id
        return HttpResponse("ok")

    request = RequestFactory().get("/", headers=headers)
    response = requestid.RequestIdMiddleware(view)(request)
    return response, seen["logged"]


def test_the_proxys_request_id_is_kept_logged_and_sent_back():
    response, logged = run_through_middleware({"X-Request-ID": "nginx-7f3a9c"})
    assert logged == response["X-Request-ID"] == "nginx-7f3a9c"


@pytest.mark.parametrize("sent", [None, "", "a b", "x" * 65, "id\nforged-line", "é"])
def test_a_missing_or_malformed_request_id_is_replaced_by_a_new_one(sent):
    headers = {} if sent is None else {"X-Request-ID": sent}
    response, logged = run_through_middleware(headers)
    assert logged == response["X-Request-ID"] != sent
    assert len(logged) == 32


def test_outside_a_request_the_log_line_says_so():
    record = logging.LogRecord("registry", logging.INFO, __file__, 1, "hello", (), None)
    requestid.RequestIdFilter().filter(record)
    assert record.request_id == requestid.NONE


def test_the_json_format_writes_one_object_a_line_with_the_request_id():
    options = dict(django_settings.LOGGING["formatters"]["json"])
    options.pop("()")
    formatter = JsonFormatter(**options)
    record = logging.LogRecord("registry.views", logging.WARNING, __file__, 1, "a %s", ("b",), None)
    token = requestid.current.set("req-1")
    try:
        requestid.RequestIdFilter().filter(record)
    finally:
        requestid.current.reset(token)
    line = json.loads(formatter.format(record))
    assert line["request_id"] == "req-1"
    assert (line["level"], line["logger"], line["message"]) == ("WARNING", "registry.views", "a b")


def test_an_enqueued_task_carries_the_request_id_in_its_headers():
    headers = {}
    token = requestid.current.set("req-42")
    try:
        requestid._send_request_id(headers=headers)
    finally:
        requestid.current.reset(token)
    assert headers == {requestid.TASK_HEADER: "req-42"}


seen_in_task = []


@app.task(name="tests.record_request_id")
def record_request_id():
    seen_in_task.append(requestid.current.get())


@pytest.mark.redis
def test_a_real_worker_logs_the_task_under_the_request_that_enqueued_it():
    seen_in_task.clear()
    with publishing_to(worker_database(os.environ["REDIS_URL"])), celery_worker():
        token = requestid.current.set("req-from-web")
        try:
            record_request_id.delay()
        finally:
            requestid.current.reset(token)
        record_request_id.delay()  # enqueued outside any request: the task's own id
        assert wait_for(lambda: len(seen_in_task) == 2)
    assert seen_in_task[0] == "req-from-web"
    assert seen_in_task[1].startswith("task-")


class SentrySink(http.server.BaseHTTPRequestHandler):
    received: list[str] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        SentrySink.received.append(self.path + " " + body.decode("utf-8", "replace"))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_sentry_receives_an_error_when_sentry_dsn_is_set():
    server = http.server.HTTPServer(("127.0.0.1", 0), SentrySink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    SentrySink.received.clear()
    code = (
        "import django; django.setup(); import sentry_sdk;"
        "sentry_sdk.capture_exception(RuntimeError('rehearsed failure')); sentry_sdk.flush(5)"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "REGISTRY_MEDIA_ROOT": str(ROOT / "var" / "media"),
        "DJANGO_SETTINGS_MODULE": "registry.settings.local",
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{server.server_port}/7",
    }
    try:
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, timeout=60
        )
    finally:
        server.shutdown()
    assert result.returncode == 0, result.stderr
    # The envelope itself is compressed (brotli or gzip): its arrival at the DSN's project is
    # what the settings decide.
    assert any(hit.startswith("/api/7/envelope/") for hit in SentrySink.received)
