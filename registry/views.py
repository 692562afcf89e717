"""Pages that span apps."""

import functools
import hmac
import logging
import sys

import redis
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app
from .storage import storage_status

logger = logging.getLogger(__name__)

# The container's health probe gives up after 10 s; each check must answer well within that.
BROKER_TIMEOUT_SECONDS = 1.5
# The name of the health check's broker connection (Redis's CLIENT LIST shows it).
HEALTHZ_CLIENT_NAME = "registry-healthz"


def database_status():
    """Return the database's status after a round trip (`SELECT 1`)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"
        # The page is public: the message (host names, user names) goes to the log only.
        logger.warning("Health check: the database is down: %s", exc)
        return {"status": "down", "vendor": connection.vendor, "error": type(exc).__name__}
    return {"status": "ok", "vendor": connection.vendor}


@functools.lru_cache(maxsize=4)
def redis_broker(url):
    """A Redis client for the broker at `url`, kept for the process: its connection pool keeps
    one connection open across probes (opening one per probe was most of a probe's time)."""
    return redis.Redis.from_url(
        url,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        client_name=HEALTHZ_CLIENT_NAME,
    )


def broker_status():
    """Return the Celery broker's status after a round trip to it.

    A Redis broker is pinged over a connection kept from one probe to the next; another
    transport (the filesystem broker of `make run`) is opened as Celery would. One attempt, no
    retry, with socket timeouts: an unreachable broker answers "down" in about
    BROKER_TIMEOUT_SECONDS instead of hanging the probe.
    """
    url = celery_app.conf.broker_url or ""
    try:
        if url.startswith(("redis://", "rediss://")):
            redis_broker(url).ping()
            transport = "redis"
        else:
            transport = _open_broker()
    except Exception as exc:  # kombu and redis raise many kinds; all mean "down"
        logger.warning("Health check: the broker is down: %s", exc)
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok", "transport": str(transport)}


def _open_broker():
    timeouts = {
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    with celery_app.connection_for_write(
        connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=timeouts
    ) as conn:
        conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
        return conn.transport_cls


def may_see_details(request):
    """Whether the caller may read each check's details: staff, or a monitor with the token.

    The token comes as "Authorization: Bearer <token>" and is compared in constant time; an
    empty REGISTRY_HEALTHZ_TOKEN accepts no token at all.
    """
    token = settings.REGISTRY_HEALTHZ_TOKEN
    scheme, _, sent = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and hmac.compare_digest(sent.strip(), token):
        return True
    try:
        # The session lives in the database: when that is down the caller counts as anonymous.
        return bool(request.user.is_staff)
    except DatabaseError:
        return False


@transaction.non_atomic_requests  # ATOMIC_REQUESTS would need the database before the check
@require_GET
@never_cache
def healthz(request):
    """Answer 200 when the database, the broker and the uploads storage answer, 503 otherwise.

    Anonymous callers (the container probe, anyone on the internet) get the status only; the
    details (which service, which vendor or transport) are for staff and the token's holder.
    """
    checks = {
        "database": database_status(),
        "broker": broker_status(),
        "storage": storage_status(),
    }
    healthy = all(c["status"] == "ok" for c in checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    if may_see_details(request):
        body.update(checks)
    return JsonResponse(body, status=200 if healthy else 503)


# Raised when the database cannot be reached or is busy beyond its timeout: a passing outage.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 60


def server_error(request):
    """Answer an unhandled error: 503 "try again" when the database is unreachable, else 500.

    Renders without the request's context, which would read the session from the database.
    """
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        logger.error("Database unavailable while answering %s", request.path)
        return HttpResponse(
            render_to_string("registry/errors/unavailable.html"),
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    return defaults.server_error(request)
