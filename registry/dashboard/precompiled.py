"""Status queries compiled once per process and run again with fresh values: the overview's
counts and the instant until which they hold, the COP report's rows.

Compiling the overview's counts (`submissions.selectors.status_counts_query`: the stored
statuses where their stamp holds, `UNION ALL` the status rule `with_status` for the others,
a few hundred expressions) costs Django about 7 ms of CPU a request, forty times what reading
PostgreSQL's answer costs. Its SQL depends only on the query's shape (how many requests, as at
now or not, the settings the rule reads); what changes from one request to the next (the
instant, the days derived from it, the requests' ids) is passed as parameters. So the ORM
compiles each shape once, from probe values, and each request runs that SQL with its own
values where the probes' were. The SQL stays the ORM's: the rule is still written once.

Each parameter that differs between the probes must be, at every probe, the probe's instant
plus a fixed duration, its day (or year) in Geneva plus a fixed number of days (or years), or
the n-th id given; a last probe checks the substitution against the ORM's own compilation.
Anything else (SQL that differs between the probes, values the ORM converts as it reads them)
leaves the query to the ORM at every call: never a wrong answer, only a slower one
(`tests/registry/test_dashboard_precompiled.py`).
"""

import datetime as dt

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from submissions.models import Decision, Obligation, Request
from submissions.selectors import later_facts_queries, requests_issued_by, status_counts_query
from submissions.status import local_date

# Instants whose day in Geneva is not their day in UTC (the second in summer time, the third
# in winter time, on a leap day), with distinct microseconds; the last one only checks.
PROBES = (
    dt.datetime(2001, 1, 15, 12, 34, 56, 789012, tzinfo=dt.UTC),
    dt.datetime(2011, 7, 20, 22, 45, 1, 234567, tzinfo=dt.UTC),
    dt.datetime(2020, 2, 28, 23, 30, 0, 500001, tzinfo=dt.UTC),
    dt.datetime(2033, 10, 29, 23, 15, 7, 654321, tzinfo=dt.UTC),
)
# The n-th id of a probe is its base plus n: values no constant of a query takes.
ID_PROBES = (1_900_000_000, 1_910_000_000, 1_920_000_000, 1_930_000_000)

CONSTANT, INSTANT, DAY, YEAR, ID = "constant", "instant", "day", "year", "id"


class Precompiled:
    """A query `build(as_at, ids, *key)` (a queryset of plain rows), compiled once per shape.

    The shape is `key` (what else the SQL depends on) with the number of ids and the settings
    the status rule reads. `rows(as_at, ids)` returns the query's rows as tuples.
    """

    def __init__(self, build, *, uses_ids=True):
        self.build = build
        self.uses_ids = uses_ids  # else `build` reads no id, and none is given
        self._templates: dict = {}

    def rows(self, as_at, ids=(), *, key=(), using=DEFAULT_DB_ALIAS):
        ids = list(dict.fromkeys(ids))  # `__in` drops repeated values: so do the probes
        if not ids and self.uses_ids:
            return list(self.build(as_at, ids, *key).using(using))
        shape = (
            using,
            len(ids),
            key,
            settings.REGISTRY_DUE_SOON_DAYS,
            settings.REGISTRY_TIME_ZONE,
        )
        if shape not in self._templates:
            self._templates[shape] = self._learn(len(ids), key, using)
        template = self._templates[shape]
        if template is None:
            return list(self.build(as_at, ids, *key).using(using))
        sql, slots, _compiler, converters = template
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(sql, _values(slots, as_at, ids))
            rows = cursor.fetchall()
        return _converted(rows, converters, connection) if converters else rows

    def _compiled(self, probe, base, count, key, using):
        compiler = self.build(probe, [base + n for n in range(count)], *key).query.get_compiler(
            using
        )
        sql, params = compiler.as_sql()
        return sql, tuple(params), compiler

    def _learn(self, count, key, using):
        """Return (sql, slots) for `count` ids, or None when the parameters cannot be told."""
        learnt = [
            self._compiled(probe, base, count, key, using)
            for probe, base in zip(PROBES[:-1], ID_PROBES[:-1], strict=True)
        ]
        if len({sql for sql, _params, _compiler in learnt}) != 1:
            return None
        sql, _params, compiler = learnt[0]
        lists = [params for _sql, params, _compiler in learnt]
        if len({len(params) for params in lists}) != 1:
            return None
        slots = [_slot(values, count) for values in zip(*lists, strict=True)]
        if None in slots:
            return None
        check_sql, check_params, _compiler = self._compiled(
            PROBES[-1], ID_PROBES[-1], count, key, using
        )
        ids = [ID_PROBES[-1] + n for n in range(count)]
        if check_sql != sql or tuple(_values(slots, PROBES[-1], ids)) != check_params:
            return None
        # What the ORM does to the values it reads (an integer made an int, a JSON parsed).
        converters = compiler.get_converters([column for column, *_rest in compiler.select])
        return sql, slots, compiler, converters


def _converted(rows, converters, connection):
    """`SQLCompiler.apply_converters` with this thread's connection, rows as tuples."""
    converted = []
    for row in rows:
        values = list(row)
        for position, (functions, expression) in converters.items():
            value = values[position]
            for function in functions:
                value = function(value, expression, connection)
            values[position] = value
        converted.append(tuple(values))
    return converted


def _slot(values, count):
    """How the parameter taking `values` at the probes is made, or None when it cannot be told."""
    first = values[0]
    if all(type(v) is type(first) and v == first for v in values):
        return (CONSTANT, first)
    if all(isinstance(v, dt.datetime) for v in values):
        deltas = {v - probe for v, probe in zip(values, PROBES, strict=False)}
        return (INSTANT, deltas.pop()) if len(deltas) == 1 else None
    if all(type(v) is dt.date for v in values):
        days = {v - local_date(probe) for v, probe in zip(values, PROBES, strict=False)}
        return (DAY, days.pop()) if len(days) == 1 else None
    kind = type(first)  # an int, or the database driver's subclass for a small integer
    if issubclass(kind, int) and kind is not bool and all(type(v) is kind for v in values):
        nths = {v - base for v, base in zip(values, ID_PROBES, strict=False)}
        nth = nths.pop() if len(nths) == 1 else -1
        if 0 <= nth < count and kind is int:
            return (ID, nth)
        years = {v - local_date(probe).year for v, probe in zip(values, PROBES, strict=False)}
        return (YEAR, (years.pop(), kind)) if len(years) == 1 else None
    return None


def _values(slots, as_at, ids):
    day = local_date(as_at)
    made = {CONSTANT: None, INSTANT: as_at, DAY: day, YEAR: day.year}
    values = []
    for kind, how in slots:
        if kind == CONSTANT:
            values.append(how)
        elif kind == ID:
            values.append(ids[how])
        elif kind == YEAR:
            years, integer = how
            values.append(integer(made[YEAR] + years))
        else:
            values.append(made[kind] + how)
    return values


def _counts_query(as_at, request_ids, now=False):
    obligations = Obligation.objects.filter(request_id__in=request_ids)
    return status_counts_query(as_at, obligations, now=now)


_COUNTS = Precompiled(_counts_query)


def request_status_rows(as_at, request_ids, *, now=False):
    """Return the rows (request id, status, n) of `status_counts_query` for the obligations of
    `request_ids` as at `as_at` (`now`: the present, the stored statuses count), in one query.
    A request and status may take two rows (`submissions.selectors.fold_counts`)."""
    return _COUNTS.rows(as_at, request_ids, key=(now,))


def _later_facts(i):
    return Precompiled(lambda as_at, _ids: later_facts_queries(as_at)[i], uses_ids=False)


_LATER_FACTS = [_later_facts(i) for i in range(len(later_facts_queries(PROBES[0])))]


def next_change_after(as_at):
    """`submissions.selectors.next_change_after`, its queries compiled once per process."""
    instants = [t for query in _LATER_FACTS for row in query.rows(as_at) for t in row]
    return min((t for t in instants if t is not None), default=None)


REQUEST_FIELDS = [f.attname for f in Request._meta.concrete_fields]
DECISION_FIELDS = [f.attname for f in Decision._meta.concrete_fields]


def _requests_query(as_at, _ids):
    return requests_issued_by(as_at).values_list(
        *REQUEST_FIELDS, *(f"decision__{name}" for name in DECISION_FIELDS)
    )


_REQUESTS = Precompiled(_requests_query, uses_ids=False)


def requests_issued(as_at, *, using=DEFAULT_DB_ALIAS):
    """`list(submissions.selectors.requests_issued_by(as_at))`, its SQL compiled once per
    process: the requests, each with its decision (or None) as `select_related` leaves it."""
    requests = []
    cut = len(REQUEST_FIELDS)
    decision_of = Request.decision.field  # type: ignore[attr-defined]
    for row in _REQUESTS.rows(as_at, using=using):
        request = Request.from_db(using, REQUEST_FIELDS, row[:cut])
        decision = None
        if request.decision_id is not None:
            decision = Decision.from_db(using, DECISION_FIELDS, row[cut:])
        decision_of.set_cached_value(request, decision)
        requests.append(request)
    return requests


def _matrix_cells_query(as_at, centre_ids):
    from . import selectors  # which imports this module

    shown = selectors.matrix_obligations(as_at, Obligation.objects.all())
    return selectors.matrix_cells_query(as_at, shown, centre_ids)


_MATRIX_CELLS = Precompiled(_matrix_cells_query)


def matrix_cell_rows(as_at, centre_ids):
    """The rows of `selectors.matrix_cells_query` for `centre_ids` when the matrix is not
    filtered (of every obligation it shows), its SQL compiled once per process."""
    return _MATRIX_CELLS.rows(as_at, centre_ids)
