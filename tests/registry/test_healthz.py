"""/healthz tells the container runtime whether the database, the broker and the storage answer.

Anonymous callers get the status only; staff and a monitor holding the token get the details.
"""

import os
import socket
import threading
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from registry import views
from registry.celery import app as celery_app

pytestmark = pytest.mark.django_db

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"
TOKEN = "monitor-token-5f1c2e"


@pytest.fixture(autouse=True)
def _token(settings):
    settings.REGISTRY_HEALTHZ_TOKEN = TOKEN


@pytest.fixture
def monitor(client):
    """A client that sends the health token, as an external monitor would."""
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {TOKEN}"
    return client


@pytest.fixture
def broker_url(monkeypatch):
    """Point the Celery app (not only Django's settings) at another broker for one test."""

    def use(url):
        monkeypatch.setitem(celery_app.conf, "broker_url", url)

    return use


@pytest.fixture
def silent_redis():
    """A TCP port that accepts connections and never answers, like a hung Redis."""
    with socket.create_server(("127.0.0.1", 0), backlog=8) as server:
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def get_healthz(client):
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    return response, time.monotonic() - started


def assert_down(response, service, *, error, up):
    """Assert a 503 that names `service` down with `error`, and the `up` one answering."""
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body[service]["status"] == "down"
    assert body[service]["error"] == error
    assert body[up]["status"] == "ok"


def test_it_reports_ok_when_the_database_and_the_broker_answer(monitor, settings):
    # The filesystem transport, or Redis when REDIS_URL is set.
    transport = settings.CELERY_BROKER_URL.split("://")[0]

    response, _ = get_healthz(monitor)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"status": "ok", "vendor": connection.vendor}
    # Tests run tasks eagerly, yet the check still opens a connection to the configured broker.
    assert body["broker"] == {"status": "ok", "transport": transport}


def test_it_reports_the_database_down_when_its_cursor_raises(monitor, caplog):
    failure = OperationalError("connection to server at db-secret-host failed")
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response, _ = get_healthz(monitor)

    assert_down(response, "database", error="OperationalError", up="broker")
    assert "db-secret-host" in caplog.text


def test_it_keeps_the_failure_details_out_of_the_public_answer(monitor):
    failure = OperationalError('password authentication failed for user "registry-owner"')
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response, _ = get_healthz(monitor)

    assert b"registry-owner" not in response.content


def test_it_reports_the_broker_down_fast_when_nothing_listens(monitor, broker_url):
    broker_url(CLOSED_PORT_BROKER)

    response, elapsed = get_healthz(monitor)

    assert_down(response, "broker", error="ConnectionError", up="database")
    assert elapsed < 3


def test_it_reports_the_broker_down_within_its_timeout_when_the_broker_hangs(
    broker_url, silent_redis
):
    broker_url(silent_redis)
    answers = []
    # In a thread, so that a check without a timeout fails this test instead of hanging it.
    probe = threading.Thread(target=lambda: answers.append(views.broker_status()), daemon=True)

    started = time.monotonic()
    probe.start()
    probe.join(timeout=10)

    assert answers == [{"status": "down", "error": "TimeoutError"}]
    assert time.monotonic() - started < 3


@pytest.mark.redis
def test_it_reports_a_real_redis_broker_ok(monitor, broker_url):
    broker_url(os.environ["REDIS_URL"])

    response, _ = get_healthz(monitor)

    assert response.status_code == 200
    assert response.json()["broker"] == {"status": "ok", "transport": "redis"}


def test_probes_reuse_one_broker_connection(monitor, broker_url, own_redis):
    # A Redis of this test's own: another pytest worker's probes must not be counted.
    broker_url(own_redis.url)
    admin = own_redis.client()

    get_healthz(monitor)
    first = healthz_connections(admin)
    answers = [get_healthz(monitor)[0].status_code for _ in range(5)]

    assert answers == [200] * 5
    assert len(first) == 1
    assert healthz_connections(admin) == first


def healthz_connections(admin):
    """The ids of the Redis connections the health check holds open."""
    return {c["id"] for c in admin.client_list() if c["name"] == views.HEALTHZ_CLIENT_NAME}


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_it_allows_only_get(client, method):
    response = getattr(client, method)(reverse("healthz"))

    assert response.status_code == 405
    assert response["Allow"] == "GET"


def test_it_forbids_caching_the_answer(client):
    response, _ = get_healthz(client)

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-cache", "no-store", "must-revalidate"} <= cache_control
    assert "Expires" in response


def test_it_is_served_without_a_request_transaction(client):
    """Under ATOMIC_REQUESTS a dead database would fail before the check could say so."""
    assert connection.settings_dict["ATOMIC_REQUESTS"]
    opened = AssertionError("healthz opened a transaction")
    with mock.patch.object(connection, "savepoint", side_effect=opened):
        response, _ = get_healthz(client)

    assert response.status_code == 200


# --- Who sees what -------------------------------------------------------------------------------


def test_an_anonymous_caller_gets_only_ok(client):
    response, _ = get_healthz(client)

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_an_anonymous_caller_gets_only_unavailable_when_a_service_is_down(client, broker_url):
    broker_url(CLOSED_PORT_BROKER)

    response, _ = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_an_anonymous_caller_gets_only_unavailable_when_the_database_is_down(client):
    failure = OperationalError("connection to server at db-secret-host failed")
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response, _ = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token", f"Basic {TOKEN}", TOKEN, "Bearer", ""]
)
def test_a_wrong_or_malformed_token_gets_only_the_status(client, authorization):
    response = client.get(reverse("healthz"), HTTP_AUTHORIZATION=authorization)

    assert response.json() == {"status": "ok"}


def test_no_token_is_accepted_when_none_is_configured(client, settings):
    settings.REGISTRY_HEALTHZ_TOKEN = ""

    response = client.get(reverse("healthz"), HTTP_AUTHORIZATION="Bearer ")

    assert response.json() == {"status": "ok"}


def test_the_token_gets_the_details(monitor):
    response, _ = get_healthz(monitor)

    assert set(response.json()) == {"status", "database", "broker", "storage"}


def test_a_signed_in_staff_member_gets_the_details(client, staff):
    client.force_login(staff)

    response, _ = get_healthz(client)

    assert response.json()["database"] == {"status": "ok", "vendor": connection.vendor}


def test_a_signed_in_director_gets_only_the_status(client, director_a):
    client.force_login(director_a)

    response, _ = get_healthz(client)

    assert response.json() == {"status": "ok"}


def test_a_staff_session_that_cannot_be_read_counts_as_anonymous(client, staff):
    """The session lives in the database: when that is down the answer is still an answer."""
    client.force_login(staff)
    failure = OperationalError("connection to server at db-secret-host failed")
    with mock.patch.object(connection, "cursor", side_effect=failure):
        response, _ = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
