"""Instants the submissions tests share (the fixtures in conftest.py freeze time at them)."""

import datetime as dt

from tests.clock import GENEVA

# Ten days before the workplan's due date of 30 September 2015.
BEFORE_DUE = dt.datetime(2015, 9, 20, 10, 0, tzinfo=GENEVA)
