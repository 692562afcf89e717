"""Validated converters of query parameters: ids and days are understood exactly or refused."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from centres import params


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        (None, None),
        ("  ", None),
        ("7", 7),
        (" 12 ", 12),
        (str(params.MAX_ID), params.MAX_ID),
    ],
)
def test_an_id_is_ascii_digits_in_range(raw, expected):
    assert params.parse_id(raw, message="bad") == expected


@pytest.mark.parametrize(
    "raw",
    [
        "²",
        "٣",
        "0",
        "-1",
        "+1",
        "1_000",
        "1.0",
        "1e3",
        "abc",
        "1\x00",
        str(params.MAX_ID + 1),
        "9" * 10_000,
        "0x1F",
    ],
)
def test_anything_else_is_refused_with_the_message(raw):
    with pytest.raises(params.BadParameter, match="^bad$"):
        params.parse_id(raw, message="bad")


@time_machine.travel(dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC), tick=False)
def test_days_are_bounded_by_the_settings():
    assert params.day_range() == (dt.date(1990, 1, 1), dt.date(2036, 12, 31))
    assert params.parse_day("2036-12-31") == dt.date(2036, 12, 31)
    assert params.parse_day("1990-01-01") == dt.date(1990, 1, 1)
    for far in ("2037-01-01", "9999-12-31", "0001-01-01", "1989-12-31"):
        with pytest.raises(params.BadParameter, match="from 1990-01-01 to 2036-12-31"):
            params.parse_day(far)
    with override_settings(REGISTRY_EARLIEST_DATE="2000-01-01", REGISTRY_YEARS_AHEAD=1):
        assert params.day_range() == (dt.date(2000, 1, 1), dt.date(2027, 12, 31))


@pytest.mark.parametrize(
    "raw",
    [
        "20160101",
        "2016-W01-1",
        "2016-02-30",
        "٢٠١٦-٠١-٠١",
        "2016-01-01T00:00",
        "2016-1-1",
        "x" * 10_000,
    ],
)
def test_a_day_is_written_yyyy_mm_dd(raw):
    with pytest.raises(params.BadParameter, match="YYYY-MM-DD"):
        params.parse_day(raw)
