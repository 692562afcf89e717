"""The deadlines engine's two writes that must hold under concurrent scans, as SQL: claiming
ledger rows (`INSERT ... ON CONFLICT DO NOTHING RETURNING`) and storing next checks with their
late-flag claims (an upsert keeping the flag's first value). One statement on PostgreSQL, one per
batch elsewhere. `submissions.reminders` calls them with each track's tables.
"""

from django.db import connection

BATCH = 1000


def chunks(items, size=BATCH):
    items = list(items)
    for i in range(0, len(items), size):
        yield items[i : i + size]


def db_datetime(value):
    return connection.ops.adapt_datetimefield_value(value)


def on_postgres():
    return connection.vendor == "postgresql"


UNIT_SEPARATOR = "\x1f"
NULL_MARK = "\\N"


def pg_array(values, sql_type):
    """Return (SQL, params) of a PostgreSQL array built from one text parameter.

    Sending 100,000 values as one delimited string is far cheaper than binding a list.
    """
    values = list(values)
    # A trailing separator, sliced off, keeps a lone empty string from becoming no element.
    text = "".join(f"{NULL_MARK if v is None else v}{UNIT_SEPARATOR}" for v in values)
    return (
        f"((string_to_array(%s, %s, %s))[1:%s])::{sql_type}[]",
        [text, UNIT_SEPARATOR, NULL_MARK, len(values)],
    )


def pg_unnest(columns):
    """Return (SQL, params) of `unnest(array, ...)` for [(values, sql type), ...]."""
    parts, params = [], []
    for values, sql_type in columns:
        sql, p = pg_array(values, sql_type)
        parts.append(sql)
        params += p
    return f"unnest({', '.join(parts)})", params


def claim_steps(rows, now, *, table, column):
    """Insert ledger rows; return {(deliverable id, step key): ledger id} for the ones inserted.

    Rows another scan already inserted are skipped by the unique key, never duplicated.
    One statement on PostgreSQL, one per batch elsewhere.
    """
    won = {}
    if not rows:
        return won
    with connection.cursor() as cursor:
        if on_postgres():
            source, params = pg_unnest(
                [
                    ([pk for pk, _s in rows], "bigint"),
                    ([s.key for _pk, s in rows], "text"),
                    ([s.kind for _pk, s in rows], "text"),
                    ([s.due_date for _pk, s in rows], "date"),
                    ([s.offset_days for _pk, s in rows], "smallint"),
                ]
            )
            cursor.execute(
                f"INSERT INTO {table} ({column}, step, kind, due_date, offset_days, "
                f"created_at) SELECT o, s, k, d, n, %s FROM {source} AS v(o, s, k, d, n) "
                f"ON CONFLICT ({column}, step) DO NOTHING RETURNING id, {column}, step",
                [now, *params],
            )
            return {(target_id, key): pk for pk, target_id, key in cursor.fetchall()}
        created = db_datetime(now)
        for chunk in chunks(rows):
            values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
            params = []
            for target_id, step in chunk:
                params += [
                    target_id,
                    step.key,
                    step.kind,
                    step.due_date,
                    step.offset_days,
                    created,
                ]
            cursor.execute(
                f"INSERT INTO {table} ({column}, step, kind, due_date, offset_days, "
                f"created_at) VALUES {values} ON CONFLICT ({column}, step) DO NOTHING "
                f"RETURNING id, {column}, step",
                params,
            )
            for pk, target_id, key in cursor.fetchall():
                won[(target_id, key)] = pk
    return won


def store_checks(rows, now, *, table, column):
    """Store each deliverable's next check and claim its late flag; return the ids flagged.

    `rows` are (id, next check, flag wanted). An upsert into the track's check table
    (`DeadlineCheck` for obligations): the flag keeps
    its first value (COALESCE), so only the statement that set it sees its own instant come
    back; a concurrent scan blocks on the row and then finds it set. One statement on
    PostgreSQL, one per batch elsewhere.
    """
    won = set()
    if not rows:
        return won
    upsert = (
        f"ON CONFLICT ({column}) DO UPDATE SET next_check_at = excluded.next_check_at, "
        f"overdue_flagged_at = COALESCE({table}.overdue_flagged_at, "
        f"excluded.overdue_flagged_at) RETURNING {column}, overdue_flagged_at = %s"
    )
    with connection.cursor() as cursor:
        if on_postgres():
            source, params = pg_unnest(
                [
                    ([pk for pk, _at, _f in rows], "bigint"),
                    ([at.isoformat() if at else None for _pk, at, _f in rows], "timestamptz"),
                    (["t" if f else "f" for _pk, _at, f in rows], "boolean"),
                ]
            )
            cursor.execute(
                f"INSERT INTO {table} ({column}, next_check_at, overdue_flagged_at) "
                f"SELECT id, at, CASE WHEN flag THEN %s::timestamptz END "
                f"FROM {source} AS v(id, at, flag) {upsert}",
                [now, *params, now],
            )
            return {pk for pk, mine in cursor.fetchall() if mine}
        stamp = db_datetime(now)
        for chunk in chunks(rows, 300):
            values = ", ".join(["(%s, %s, %s)"] * len(chunk))
            params = []
            for pk, at, flag in chunk:
                params += [pk, db_datetime(at), stamp if flag else None]
            cursor.execute(
                f"INSERT INTO {table} ({column}, next_check_at, overdue_flagged_at) "
                f"VALUES {values} {upsert}",
                [*params, stamp],
            )
            won.update(pk for pk, mine in cursor.fetchall() if mine)
    return won


# The scan's and the digest's email tuples, in this order; `_insert_emails` turns the model they
# are about into the outbox's generic link.
