"""Reading "as at" values: a date is the end of that day in Geneva."""

import datetime as dt

import pytest

from submissions import selectors
from submissions.models import end_of_day
from tests import factories
from tests.clock import utc


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-31", "2016-12-31T23:59:59.999999+01:00"),
        ("2016-07-13", "2016-07-13T23:59:59.999999+02:00"),
        ("2016-03-26", "2016-03-26T23:59:59.999999+01:00"),
        ("2016-03-27", "2016-03-27T23:59:59.999999+02:00"),
        ("2016-10-29", "2016-10-29T23:59:59.999999+02:00"),
        ("2016-10-30", "2016-10-30T23:59:59.999999+01:00"),
        (" 2017-01-23 ", "2017-01-23T23:59:59.999999+01:00"),
    ],
)
def test_a_date_means_the_end_of_that_day_in_geneva(value, expected):
    instant = selectors.parse_as_at(value)

    assert instant.isoformat() == expected
    assert instant == end_of_day(dt.date.fromisoformat(value.strip()))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-31T23:59:59+01:00", utc(2016, 12, 31, 22, 59, 59)),
        ("2016-12-31 12:00:00+05:30", utc(2016, 12, 31, 6, 30)),
        ("2016-07-13T10:00:00Z", utc(2016, 7, 13, 10)),
        ("2016-07-13T10:00:00.250000-04:00", utc(2016, 7, 13, 14, 0, 0, 250000)),
    ],
)
def test_a_full_timestamp_with_an_offset_is_taken_as_given(value, expected):
    assert selectors.parse_as_at(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        None,
        "yesterday",
        "31/12/2016",
        "2016-02-30",
        "2016-13-01",
        "2016-12-31T25:00:00+01:00",
        "2016-12-31T23:59:59",
        "2016-12-31 23:59",
        "9999-12-31",
        "0001-01-01T00:00:00+01:00",
    ],
)
def test_garbage_and_naive_timestamps_are_refused_with_a_readable_message(value):
    with pytest.raises(ValueError) as excinfo:
        selectors.parse_as_at(value)

    assert str(excinfo.value) == str(selectors.BAD_AS_AT)


@pytest.mark.django_db
def test_requests_issued_by_reads_an_instant_as_its_day_in_geneva():
    letter = factories.ViewsLetterFactory()

    # 2016-04-19 22:00 UTC is midnight of 20 April in Geneva (summer time).
    assert letter not in selectors.requests_issued_by(utc(2016, 4, 19, 21, 59))
    assert letter in selectors.requests_issued_by(utc(2016, 4, 19, 22, 0))
    assert letter in selectors.requests_issued_by(selectors.parse_as_at("2016-04-20"))
    assert letter not in selectors.requests_issued_by(selectors.parse_as_at("2016-04-19"))
    assert letter in selectors.requests_issued_by(dt.date(2016, 4, 20))
