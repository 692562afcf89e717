"""`ETag` / `If-None-Match` on lists, validated by the data stamp (`datastamp`).

A list's answer depends on the records (the stamp's token changes after every write to centres
and submissions), on who asks (scoping), on the query, and for answers "as at now" on the
clock: statuses are phrased on Geneva days, and a receipt, waiver or extension recorded ahead of
time takes effect at its instant, so "now" answers carry the day and that horizon
(`registry.dashboard.cache.horizon`), as the dashboards' cache does.
"""

import hashlib

from django.http import HttpResponse

from centres.access import is_bureau_member
from datastamp.stamp import stamp_token
from registry.dashboard.cache import horizon
from submissions.status import local_date


def list_etag(request, *, as_at=None, now=False):
    user = request.user
    who = f"{user.pk}:{user.is_staff}:{is_bureau_member(user)}" if user.is_authenticated else "-"
    parts = [stamp_token(), who, request.get_full_path()]
    if now and as_at is not None:
        parts += [local_date(as_at).isoformat(), str(horizon(as_at))]
    return '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'


def not_modified(request, response, etag):
    """Set `etag` on `response`; return a 304 when the caller already holds it, else None."""
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache" if request.user.is_authenticated else "no-cache"
    held = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if etag in held or "*" in held:
        answer = HttpResponse(status=304)
        answer["ETag"] = etag
        answer["Cache-Control"] = response["Cache-Control"]
        return answer
    return None


def list_not_modified(request, response, *, as_at=None, now=False):
    """`not_modified` with the list's ETag (`list_etag`): a 304, or None to answer in full."""
    return not_modified(request, response, list_etag(request, as_at=as_at, now=now))
