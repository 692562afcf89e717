"""The pure status rule: the deadline in Geneva time and the due-soon window."""

import datetime as dt

from submissions.models import ObligationStatus as S
from submissions.models import deadline_for, end_of_day, status_for
from tests.clock import ONE_MICROSECOND, geneva, utc


def test_deadline_is_midnight_after_the_due_date_in_geneva():
    assert deadline_for(dt.date(2016, 12, 31)) == utc(2016, 12, 31, 23)
    assert deadline_for(dt.date(2016, 3, 26)) == utc(2016, 3, 26, 23)
    assert deadline_for(dt.date(2016, 3, 27)) == utc(2016, 3, 27, 22)
    assert deadline_for(dt.date(2016, 10, 29)) == utc(2016, 10, 29, 22)
    assert deadline_for(dt.date(2016, 10, 30)) == utc(2016, 10, 30, 23)


def test_end_of_day_is_the_last_microsecond_before_the_deadline():
    assert end_of_day(dt.date(2016, 3, 27)).isoformat() == "2016-03-27T23:59:59.999999+02:00"
    assert end_of_day(dt.date(2016, 10, 30)).isoformat() == "2016-10-30T23:59:59.999999+01:00"
    assert end_of_day(dt.date(2016, 10, 30)) + ONE_MICROSECOND == deadline_for(
        dt.date(2016, 10, 30)
    )


def rule(now, due=dt.date(2016, 12, 31), **overrides):
    facts = dict(
        now=now, due_date=due, first_received_at=None, extended_due_date=None, waived_at=None
    )
    facts.update(overrides)
    return status_for(**facts)


def test_the_due_soon_window_follows_the_setting(settings):
    settings.REGISTRY_DUE_SOON_DAYS = 7

    assert rule(geneva(2016, 12, 25) - ONE_MICROSECOND) == S.NOT_YET_DUE
    assert rule(geneva(2016, 12, 25)) == S.DUE_SOON
    assert rule(geneva(2016, 12, 2)) == S.NOT_YET_DUE


def test_a_zero_day_window_goes_straight_from_not_yet_due_to_overdue(settings):
    settings.REGISTRY_DUE_SOON_DAYS = 0

    assert rule(geneva(2016, 12, 31, 23, 59, 59, 999999)) == S.NOT_YET_DUE
    assert rule(geneva(2017, 1, 1)) == S.OVERDUE


def test_an_explicit_window_overrides_the_setting(settings):
    settings.REGISTRY_DUE_SOON_DAYS = 30

    assert rule(geneva(2016, 12, 20), due_soon_days=5) == S.NOT_YET_DUE
    assert rule(geneva(2016, 12, 27), due_soon_days=5) == S.DUE_SOON
