"""Geneva time, in which the Secretariat sets and reads every deadline, for the tests."""

import datetime as dt
from zoneinfo import ZoneInfo

# The zone behind REGISTRY_TIME_ZONE's default: Geneva keeps Zurich's clock (CET/CEST).
GENEVA = ZoneInfo("Europe/Zurich")


def geneva(*args):
    """Return the instant that Geneva's wall clock shows as `dt.datetime(*args)`."""
    return dt.datetime(*args, tzinfo=GENEVA)


ONE_MICROSECOND = dt.timedelta(microseconds=1)


def utc(*args):
    """Return `dt.datetime(*args)` in UTC."""
    return dt.datetime(*args, tzinfo=dt.UTC)
