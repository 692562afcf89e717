"""Tasks published to a real Redis broker and run by an in-process worker, as in production."""

import os
import time
from contextlib import contextmanager
from urllib.parse import urlsplit, urlunsplit

from celery.contrib.testing.worker import start_worker
from django.db import connections

from registry.celery import app


def worker_database(url):
    """Return the Redis `url` on a database of this test process's own (10, 11, ... per pytest
    worker), so that parallel workers never empty or read each other's queue."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = 10 + int(worker.removeprefix("gw") or 0)
    return urlunsplit(urlsplit(url)._replace(path=f"/{number}"))


@contextmanager
def publishing_to(url):
    """Publish tasks to the Redis at `url` (not eagerly) while the block runs."""
    saved = {
        k: app.conf[k] for k in ("task_always_eager", "broker_url", "broker_transport_options")
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=url,
        broker_transport_options={"visibility_timeout": 3600},
    )
    app._pool = None
    app.amqp._producer_pool = None
    # Worker threads must not keep connections open past their task (the test DB is dropped).
    max_age = connections.settings["default"].get("CONN_MAX_AGE")
    connections.settings["default"]["CONN_MAX_AGE"] = 0
    try:
        yield
    finally:
        connections.settings["default"]["CONN_MAX_AGE"] = max_age
        app.conf.update(saved)
        app._pool = None
        app.amqp._producer_pool = None


def worker(concurrency=1):
    """Return a context manager running a threaded worker of the registry's Celery app."""
    return start_worker(
        app,
        pool="threads",
        concurrency=concurrency,
        perform_ping_check=False,
        loglevel="WARNING",
        shutdown_timeout=15,
    )


def wait_for(condition, timeout=30, step=0.1):
    """Return True as soon as `condition()` holds, False once `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False
