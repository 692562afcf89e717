"""A request id on every log line: the web request's, carried into the Celery tasks it enqueues.

nginx sets X-Request-ID (its $request_id) on each request it forwards; the middleware keeps it
when it is well formed, makes one otherwise, and sends it back on the response. A task enqueued
while the request runs carries it in a message header, and the worker logs under it.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from celery import signals

HEADER = "X-Request-ID"
TASK_HEADER = "registry_request_id"
NONE = "-"
# What a proxy may hand us: letters, digits and a few separators, at most 64 characters.
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{1,64}", flags=re.ASCII)

current: ContextVar[str] = ContextVar("registry_request_id", default=NONE)


def new_id():
    return uuid.uuid4().hex


def accepted(value):
    """Return `value` when it is a well-formed id, else None (it is then replaced)."""
    return value if value and WELL_FORMED.fullmatch(value) else None


class RequestIdMiddleware:
    """Give each request an id (the proxy's or a new one), for its log lines and its response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = accepted(request.headers.get(HEADER)) or new_id()
        request.request_id = request_id
        token = current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Add `request_id` to every log record (NONE outside a request or a task)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current.get()
        return True


@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    """Put the current request id into the message of a task being enqueued."""
    request_id = current.get()
    if headers is not None and request_id != NONE:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, object] = {}


@signals.task_prerun.connect
def _receive_request_id(task_id=None, task=None, **kwargs):
    """Log a task under the id of the request that enqueued it (or the task's own id)."""
    sent = getattr(task.request, TASK_HEADER, None) if task is not None else None
    _task_tokens[task_id or ""] = current.set(accepted(sent) or f"task-{task_id}")


@signals.task_postrun.connect
def _forget_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id or "", None)
    if token is not None:
        current.reset(token)  # type: ignore[arg-type]
