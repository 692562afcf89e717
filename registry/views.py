"""Pages that span apps."""

import logging

from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .celery import app as celery_app

logger = logging.getLogger(__name__)

# The container's health probe gives up after 10 s; each check must answer well within that.
BROKER_TIMEOUT_SECONDS = 1.5


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


def broker_status():
    """Return the Celery broker's status after opening a connection to it.

    One attempt, no retry, with socket timeouts: an unreachable broker answers "down" in about
    BROKER_TIMEOUT_SECONDS instead of hanging the probe.
    """
    timeouts = {
        "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
        "socket_timeout": BROKER_TIMEOUT_SECONDS,
    }
    try:
        with celery_app.connection_for_write(
            connect_timeout=BROKER_TIMEOUT_SECONDS, transport_options=timeouts
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
            transport = conn.transport_cls
    except Exception as exc:  # kombu raises many kinds; all mean "down"
        logger.warning("Health check: the broker is down: %s", exc)
        return {"status": "down", "error": type(exc).__name__}
    return {"status": "ok", "transport": str(transport)}


@transaction.non_atomic_requests  # ATOMIC_REQUESTS would need the database before the check
@require_GET
@never_cache
def healthz(request):
    """Answer 200 when the database and the broker both answer, 503 otherwise."""
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(c["status"] == "ok" for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503
    )
