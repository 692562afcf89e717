"""Cached counted answers of the dashboards (overview rows, matrix page, trends).

Counting a network's statuses reads every obligation, and the answer only changes when the
records do, or when time moves past something. So an answer is kept in Django's cache under:
- the data stamp's token (`datastamp.stamp`), which every write changes just after its
  commit, on any host or process (a process dying between the commit and the bump leaves
  answers stale until the time to live below);
- the "as at" instant when one is given (the answer at a fixed instant depends on the
  records only); for "now", the calendar day in Geneva, because statuses are phrased on Geneva
  days (`submissions.status.with_status`, `requests_issued_by`). Within a day the answer can still
  change when the clock passes a timestamp recorded ahead of the time it was counted (a
  receipt, waiver or extension decision dated later that day or after: the forms refuse
  received-in-the-future, but services and the admin could store one), so a "now" answer
  keeps the first such instant after it was counted (its horizon) and is not used from then on;
- the page's query string (filters, page) and the selector's name.
The time to live is a safety net only (`DASHBOARD_CACHE_SECONDS`, see the settings).
Reading the stamp costs one query per page; an answer counted afresh costs two more for the
horizon when "as at now". A page keeping several answers (its counts, then its table's HTML)
passes one `memo` (`request_memo`) so that both are read once per request.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page, Paginator

from datastamp import single_flight
from datastamp.stamp import stamp_token
from submissions.models import Request

from . import selectors
from .precompiled import next_change_after as horizon

logger = logging.getLogger(__name__)


def ttl():
    return settings.DASHBOARD_CACHE_SECONDS


def cache():
    return caches[settings.DASHBOARD_CACHE_ALIAS]


def params_digest(query):
    """A digest of a QueryDict (or mapping of lists) without `as_at`, order-insensitive."""
    items = sorted(
        (key, sorted(query.getlist(key)) if hasattr(query, "getlist") else query[key])
        for key in query
        if key != "as_at"
    )
    return hashlib.sha256(repr(items).encode()).hexdigest()[:32]


def cache_key(name, as_at, *, now, query, token=None):
    when = f"day:{selectors.local_date(as_at).isoformat()}" if now else f"at:{as_at.isoformat()}"
    token = stamp_token() if token is None else token
    return f"dashboard:{name}:{token}:{when}:{params_digest(query)}"


def request_memo(request):
    """A dict kept on `request` for `cached`: the stamp and horizons it read, once each."""
    return request.__dict__.setdefault("_dashboard_memo", {})


def _once(memo, key, read):
    if key not in memo:
        memo[key] = read()
    return memo[key]


def cached(name, as_at, compute, *, now, query, memo=None):
    """Return `compute()` for the page `name` as at `as_at`, from the cache when it still holds.

    `now` says that `as_at` is the time of the request (no "as at" given); `query` is the
    page's query string. One worker at a time counts a missing answer (`single_flight`); a
    cache that fails is skipped, never a page that fails. `compute()` must return plain data
    (dicts, tuples, strings, numbers, dates), never model instances: unpickling models costs
    more than counting some answers. `memo` (`request_memo`), when given, keeps the data
    stamp's token and the horizon for the other answers of the same request.
    """
    memo = {} if memo is None else memo
    token = _once(memo, "stamp", stamp_token)
    key = cache_key(name, as_at, now=now, query=query, token=token)

    def counted():
        value = compute()
        return (value, _once(memo, ("horizon", as_at), lambda: horizon(as_at)) if now else None)

    value, _until = single_flight.get_or_compute(
        cache(), key, counted, timeout=ttl(), usable=lambda entry: _holds(entry, as_at)
    )
    return value


def _holds(entry, as_at):
    _value, until = entry
    return until is None or as_at < until


def kind_labels():
    """{kind: its label in the active language}: `get_kind_display` rebuilds the choices'
    dictionary at each call (40 times a table)."""
    return {value: str(label) for value, label in Request._meta.get_field("kind").flatchoices}


def plain_request(request, kinds=None):
    """A request as the dashboards' tables show it, in plain data (a dict); `kinds` is
    `kind_labels()`, looked up once a table."""
    kinds = kind_labels() if kinds is None else kinds
    return {
        "pk": request.pk,
        "label": request.label,
        "title": request.title,
        "kind": request.kind,
        "get_kind_display": kinds.get(request.kind, str(request.kind)),
        "due_date": request.due_date,
        "issued_on": request.issued_on,  # an invitation's letter
    }


def freeze_matrix(data):
    """`selectors.matrix`'s answer as plain data: dicts for requests and centres, a tuple
    (status, date) per cell, the page's number and size (a Page holds a queryset)."""
    page = data["page"]
    kinds = kind_labels()
    where = None if page is None else {"number": page.number, "per_page": page.paginator.per_page}
    return {
        "requests": [plain_request(r, kinds) for r in data["requests"]],
        "rows": [
            (
                {
                    "pk": c.pk,
                    "name": c.name,
                    "region": {"name": c.region.name},
                    "open_gaps": [
                        {"convention_label": str(gap.convention_label)}
                        for gap in getattr(c, "open_gaps", ())
                    ],
                },
                [(cell.status, cell.date) if cell else None for cell in cells],
            )
            for c, cells in data["rows"]
        ],
        "centre_count": data["centre_count"],
        "page": where,
    }


def thaw_matrix(frozen):
    """The matrix with its cells as `selectors.Cell` and a Page over the cached rows (no query)."""
    data = dict(frozen)
    data["rows"] = [
        (centre, [selectors.Cell(*cell) if cell else None for cell in cells])
        for centre, cells in frozen["rows"]
    ]
    if data.get("page") is not None:
        paginator = Paginator([], data["page"]["per_page"])
        paginator.count = data["centre_count"]  # a cached_property: no query
        data["page"] = Page([c for c, _cells in data["rows"]], data["page"]["number"], paginator)
    return data


def freeze_overview(rows):
    """The overview's rows as plain data (the request a dict, an invitation's repliers names)."""
    kinds = kind_labels()
    return [
        row
        | {"request": plain_request(row["request"], kinds)}
        | ({"repliers": [str(a) for a in row["repliers"]]} if "repliers" in row else {})
        for row in rows
    ]
