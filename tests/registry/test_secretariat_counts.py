"""`activity_counts`: the meetings log counted per period and kind, for the COP note."""

import datetime as dt

import pytest

from registry.models import MeetingKind
from registry.secretariat.selectors import activity_counts, meetings_between
from tests import factories

pytestmark = pytest.mark.django_db

JAN_2015, DEC_2016 = dt.date(2015, 1, 1), dt.date(2016, 12, 31)


def test_it_counts_each_event_once_where_it_starts():
    factories.MeetingFactory(starts_on=dt.date(2015, 1, 1))
    factories.MeetingFactory(starts_on=dt.date(2016, 12, 31))
    factories.MeetingFactory(kind=MeetingKind.WEBINAR, starts_on=dt.date(2016, 5, 4))
    factories.MeetingFactory(starts_on=dt.date(2014, 12, 31))  # before the period
    factories.MeetingFactory(starts_on=dt.date(2017, 1, 1))  # after it
    # Starts on the last day of the period, ends after it: counted in the period.
    factories.MeetingFactory(
        kind=MeetingKind.JOINT_DIRECTORS,
        starts_on=dt.date(2016, 12, 31),
        ends_on=dt.date(2017, 1, 2),
    )
    counts = activity_counts(JAN_2015, DEC_2016)
    assert counts.by_kind == {"online_meeting": 2, "webinar": 1, "joint_directors": 1}
    assert counts.online_and_webinars == 3
    assert counts.joint_meetings_of_directors == 1
    assert counts.count() == 4
    assert counts.complete


def test_a_count_entry_counts_only_in_a_period_that_holds_all_its_dates():
    factories.MeetingFactory(
        kind=MeetingKind.ONLINE_MEETING_OR_WEBINAR,
        starts_on=JAN_2015,
        ends_on=DEC_2016,
        sessions=23,
    )
    assert activity_counts(JAN_2015, DEC_2016).online_and_webinars == 23
    assert activity_counts(dt.date(2014, 1, 1), dt.date(2017, 12, 31)).online_and_webinars == 23

    in_2015 = activity_counts(JAN_2015, dt.date(2015, 12, 31))
    assert in_2015.online_and_webinars == 0
    assert in_2015.unplaced == {"online_or_webinar": 23}
    assert not in_2015.complete


def test_it_says_how_many_counted_events_are_illustrative():
    factories.MeetingFactory(illustrative=True)
    factories.MeetingFactory(illustrative=True, kind=MeetingKind.WEBINAR)
    factories.MeetingFactory()
    counts = activity_counts(JAN_2015, DEC_2016)
    assert counts.count() == 3
    assert counts.illustrative == 2


def test_meetings_between_lists_single_events_of_the_kinds_asked_by_date():
    later = factories.MeetingFactory(
        kind=MeetingKind.JOINT_DIRECTORS, starts_on=dt.date(2016, 10, 31)
    )
    earlier = factories.MeetingFactory(
        kind=MeetingKind.JOINT_DIRECTORS, starts_on=dt.date(2015, 10, 5)
    )
    factories.MeetingFactory(starts_on=dt.date(2015, 11, 1))
    factories.MeetingFactory(
        kind=MeetingKind.JOINT_DIRECTORS, starts_on=JAN_2015, ends_on=DEC_2016, sessions=2
    )
    found = meetings_between(JAN_2015, DEC_2016, kinds=[MeetingKind.JOINT_DIRECTORS])
    assert found == [earlier, later]


def test_it_reads_the_log_in_one_query(django_assert_num_queries):
    factories.MeetingFactory.create_batch(3)
    with django_assert_num_queries(1):
        activity_counts(JAN_2015, DEC_2016)
    factories.MeetingFactory.create_batch(30)
    with django_assert_num_queries(1):
        activity_counts(JAN_2015, DEC_2016)
