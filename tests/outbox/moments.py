"""The instant the outbox tests freeze time at."""

import datetime as dt

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
