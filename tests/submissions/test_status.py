"""Status of an obligation as at an instant, read in Geneva time.

One table of cases runs through both paths that compute a status: `Obligation.status_at` on
prefetched rows and `selectors.obligation_statuses` on annotated rows. They must agree.
"""

import datetime as dt

import pytest

from submissions import selectors
from submissions.models import (
    Extension,
    Obligation,
    ObligationStatus,
    RequestKind,
    Submission,
    SubmissionVersion,
    deadline_for,
    end_of_day,
    status_for,
)
from tests import factories
from tests.clock import geneva

UTC = dt.UTC
S = ObligationStatus
GRANTED, REFUSED, REQUESTED = (
    Extension.Status.GRANTED,
    Extension.Status.REFUSED,
    Extension.Status.REQUESTED,
)
ONE_MICROSECOND = dt.timedelta(microseconds=1)


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


# Each case: due date, versions received, extensions (status, new due date, decided at),
# waived at, the instant asked about, the expected status.
CASES = {
    # -- Received around the deadline, in winter (UTC+1).
    "received at 23:30 Geneva on the due date is on time": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2016, 12, 31, 23, 30)],
        now=geneva(2017, 1, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "received at 00:30 Geneva the next day is late": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 1, 0, 30)],
        now=geneva(2017, 1, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "received in the last microsecond of the due date is on time": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2016, 12, 31, 23, 59, 59, 999999)],
        now=geneva(2017, 1, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "received at the deadline instant itself is late": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 1)],
        now=geneva(2017, 1, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "received at 23:30 UTC on the due date is 00:30 in Geneva, so late": dict(
        due=dt.date(2016, 12, 31),
        received=[utc(2016, 12, 31, 23, 30)],
        now=geneva(2017, 1, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "received at 22:30 UTC on the due date is 23:30 in Geneva, so on time": dict(
        due=dt.date(2016, 12, 31),
        received=[utc(2016, 12, 31, 22, 30)],
        now=geneva(2017, 1, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    # -- Due on the day summer time starts (last Sunday of March: 2016-03-27, UTC+2 at night).
    "due on the spring change, received at 23:30 that day, is on time": dict(
        due=dt.date(2016, 3, 27),
        received=[geneva(2016, 3, 27, 23, 30)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due on the spring change, received at 00:30 the next day, is late": dict(
        due=dt.date(2016, 3, 27),
        received=[geneva(2016, 3, 28, 0, 30)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "due on the spring change, received at 21:59:59 UTC (23:59:59 CEST) is on time": dict(
        due=dt.date(2016, 3, 27),
        received=[utc(2016, 3, 27, 21, 59, 59, 999999)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due on the spring change, received at 22:00 UTC (midnight CEST) is late": dict(
        due=dt.date(2016, 3, 27),
        received=[utc(2016, 3, 27, 22)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "due the day before the spring change, received at 23:30 is on time": dict(
        due=dt.date(2016, 3, 26),
        received=[geneva(2016, 3, 26, 23, 30)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due the day before the spring change, received at 00:30 the next day is late": dict(
        due=dt.date(2016, 3, 26),
        received=[geneva(2016, 3, 27, 0, 30)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "due the day before the spring change, received at 22:59 UTC (23:59 CET) is on time": dict(
        due=dt.date(2016, 3, 26),
        received=[utc(2016, 3, 26, 22, 59)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due the day before the spring change, received at 23:00 UTC (midnight CET) is late": dict(
        due=dt.date(2016, 3, 26),
        received=[utc(2016, 3, 26, 23)],
        now=geneva(2016, 4, 15),
        expected=S.SUBMITTED_LATE,
    ),
    # -- Due on the day summer time ends (last Sunday of October: 2016-10-30, UTC+1 at night).
    "due on the autumn change, received at 23:30 that day, is on time": dict(
        due=dt.date(2016, 10, 30),
        received=[geneva(2016, 10, 30, 23, 30)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due on the autumn change, received at 00:30 the next day, is late": dict(
        due=dt.date(2016, 10, 30),
        received=[geneva(2016, 10, 31, 0, 30)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "due on the autumn change, received at 22:59 UTC (23:59 CET) is on time": dict(
        due=dt.date(2016, 10, 30),
        received=[utc(2016, 10, 30, 22, 59)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due on the autumn change, received at 23:00 UTC (midnight CET) is late": dict(
        due=dt.date(2016, 10, 30),
        received=[utc(2016, 10, 30, 23)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "due the day before the autumn change, received at 23:30 is on time": dict(
        due=dt.date(2016, 10, 29),
        received=[geneva(2016, 10, 29, 23, 30)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due the day before the autumn change, received at 00:30 the next day is late": dict(
        due=dt.date(2016, 10, 29),
        received=[geneva(2016, 10, 30, 0, 30)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_LATE,
    ),
    "due the day before the autumn change, received at 21:59 UTC (23:59 CEST) is on time": dict(
        due=dt.date(2016, 10, 29),
        received=[utc(2016, 10, 29, 21, 59)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "due the day before the autumn change, received at 22:00 UTC (midnight CEST) is late": dict(
        due=dt.date(2016, 10, 29),
        received=[utc(2016, 10, 29, 22)],
        now=geneva(2016, 11, 15),
        expected=S.SUBMITTED_LATE,
    ),
    # -- Nothing received: not yet due, due soon (30 days by default), overdue.
    "long before the due date it is not yet due": dict(
        due=dt.date(2016, 12, 31), now=geneva(2016, 11, 1), expected=S.NOT_YET_DUE
    ),
    "a microsecond before the 30-day window it is not yet due": dict(
        due=dt.date(2016, 12, 31), now=geneva(2016, 12, 2) - ONE_MICROSECOND, expected=S.NOT_YET_DUE
    ),
    "at the opening instant of the 30-day window it is due soon": dict(
        due=dt.date(2016, 12, 31), now=geneva(2016, 12, 2), expected=S.DUE_SOON
    ),
    "in the last microsecond of the due date it is due soon": dict(
        due=dt.date(2016, 12, 31), now=geneva(2016, 12, 31, 23, 59, 59, 999999), expected=S.DUE_SOON
    ),
    "at exactly the deadline instant it is overdue": dict(
        due=dt.date(2016, 12, 31), now=geneva(2017, 1, 1), expected=S.OVERDUE
    ),
    "at 23:30 UTC on the due date (00:30 Geneva) it is overdue": dict(
        due=dt.date(2016, 12, 31), now=utc(2016, 12, 31, 23, 30), expected=S.OVERDUE
    ),
    "the due-soon window counts calendar days across the spring change": dict(
        due=dt.date(2016, 4, 10), now=geneva(2016, 3, 12), expected=S.DUE_SOON
    ),
    "just before that window it is not yet due": dict(
        due=dt.date(2016, 4, 10), now=geneva(2016, 3, 12) - ONE_MICROSECOND, expected=S.NOT_YET_DUE
    ),
    "due on the spring change, overdue from midnight CEST": dict(
        due=dt.date(2016, 3, 27), now=utc(2016, 3, 27, 22), expected=S.OVERDUE
    ),
    "due on the spring change, due soon a microsecond before midnight CEST": dict(
        due=dt.date(2016, 3, 27), now=utc(2016, 3, 27, 22) - ONE_MICROSECOND, expected=S.DUE_SOON
    ),
    "due on the autumn change, overdue from midnight CET": dict(
        due=dt.date(2016, 10, 30), now=utc(2016, 10, 30, 23), expected=S.OVERDUE
    ),
    "due on the autumn change, due soon a microsecond before midnight CET": dict(
        due=dt.date(2016, 10, 30), now=utc(2016, 10, 30, 23) - ONE_MICROSECOND, expected=S.DUE_SOON
    ),
    # -- Extensions: judged against the new date, only once granted, only if granted.
    "extended and the new date not reached: extended": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 1, 10),
        expected=S.EXTENDED,
    ),
    "extended before the original due date: extended, not due soon": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2016, 12, 25),
        expected=S.EXTENDED,
    ),
    "extended, in the last microsecond of the new date: extended": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 1, 31, 23, 59, 59, 999999),
        expected=S.EXTENDED,
    ),
    "extended, at the new deadline instant: overdue": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 2, 1),
        expected=S.OVERDUE,
    ),
    "extended, received after the old date but before the new one: on time": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 20)],
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 3, 1),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "extended, received at 23:30 on the new date: on time": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 31, 23, 30)],
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 3, 1),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "extended, received at 00:30 after the new date: late": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 2, 1, 0, 30)],
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 3, 1),
        expected=S.SUBMITTED_LATE,
    ),
    "an extension granted after the instant asked about does not count": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2017, 1, 5))],
        now=geneva(2017, 1, 3),
        expected=S.OVERDUE,
    ),
    "a late version stays late as at a day before a later extension": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 2)],
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2017, 1, 5))],
        now=geneva(2017, 1, 3),
        expected=S.SUBMITTED_LATE,
    ),
    "the same version is on time as at a day after that extension": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 2)],
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2017, 1, 5))],
        now=geneva(2017, 1, 6),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "an extension granted at exactly the instant asked about counts": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2017, 1, 5))],
        now=geneva(2017, 1, 5),
        expected=S.EXTENDED,
    ),
    "a refused extension does not count": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(REFUSED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 1, 10),
        expected=S.OVERDUE,
    ),
    "a merely requested extension does not count": dict(
        due=dt.date(2016, 12, 31),
        extensions=[(REQUESTED, dt.date(2017, 1, 31), None)],
        now=geneva(2017, 1, 10),
        expected=S.OVERDUE,
    ),
    "a refused extension does not excuse a late version": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 20)],
        extensions=[(REFUSED, dt.date(2017, 1, 31), geneva(2016, 12, 20))],
        now=geneva(2017, 3, 1),
        expected=S.SUBMITTED_LATE,
    ),
    "of two granted extensions the later one applies": dict(
        due=dt.date(2016, 12, 31),
        extensions=[
            (GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20)),
            (GRANTED, dt.date(2017, 2, 28), geneva(2017, 1, 25)),
        ],
        now=geneva(2017, 2, 10),
        expected=S.EXTENDED,
    ),
    "before the second extension is granted, the first one applies": dict(
        due=dt.date(2016, 12, 31),
        extensions=[
            (GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20)),
            (GRANTED, dt.date(2017, 2, 28), geneva(2017, 2, 5)),
        ],
        now=geneva(2017, 2, 3),
        expected=S.OVERDUE,
    ),
    "of two extensions granted at the same instant the one recorded last applies": dict(
        due=dt.date(2016, 12, 31),
        extensions=[
            (GRANTED, dt.date(2017, 2, 28), geneva(2016, 12, 20)),
            (GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20)),
        ],
        now=geneva(2017, 2, 10),
        expected=S.OVERDUE,
    ),
    # -- Waivers.
    "waived: waived": dict(
        due=dt.date(2016, 12, 31),
        waived=geneva(2017, 1, 5),
        now=geneva(2017, 1, 10),
        expected=S.WAIVED,
    ),
    "waived later than the instant asked about: still overdue then": dict(
        due=dt.date(2016, 12, 31),
        waived=geneva(2017, 1, 5),
        now=geneva(2017, 1, 3),
        expected=S.OVERDUE,
    ),
    "waived before the due date: waived, not due soon": dict(
        due=dt.date(2016, 12, 31),
        waived=geneva(2016, 12, 10),
        now=geneva(2016, 12, 20),
        expected=S.WAIVED,
    ),
    "waived but submitted anyway, late: the submission is what counts": dict(
        due=dt.date(2016, 12, 31),
        waived=geneva(2017, 1, 5),
        received=[geneva(2017, 1, 20)],
        now=geneva(2017, 2, 1),
        expected=S.SUBMITTED_LATE,
    ),
    "waived but submitted on time: on time": dict(
        due=dt.date(2016, 12, 31),
        waived=geneva(2017, 1, 5),
        received=[geneva(2016, 12, 30)],
        now=geneva(2017, 2, 1),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "waived, with a version received after the instant asked about: waived": dict(
        due=dt.date(2016, 12, 31),
        waived=geneva(2017, 1, 5),
        received=[geneva(2017, 1, 20)],
        now=geneva(2017, 1, 10),
        expected=S.WAIVED,
    ),
    # -- Open requests (no due date) are never overdue.
    "an open request is never overdue": dict(
        due=None, now=geneva(2030, 1, 1), expected=S.NOT_YET_DUE
    ),
    "an answer to an open request is on time whenever it comes": dict(
        due=None,
        received=[geneva(2029, 12, 31)],
        now=geneva(2030, 1, 1),
        expected=S.SUBMITTED_ON_TIME,
    ),
    # -- Versions received after the instant asked about do not count.
    "a version received after the instant asked about does not count": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 5)],
        now=geneva(2017, 1, 3),
        expected=S.OVERDUE,
    ),
    "before any version, a not-yet-due obligation stays not yet due": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2016, 11, 5)],
        now=geneva(2016, 11, 1),
        expected=S.NOT_YET_DUE,
    ),
    "a version received at exactly the instant asked about counts": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 5)],
        now=geneva(2017, 1, 5),
        expected=S.SUBMITTED_LATE,
    ),
    "the first version decides: on time, then a late second version": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2016, 12, 30), geneva(2017, 1, 20)],
        now=geneva(2017, 2, 1),
        expected=S.SUBMITTED_ON_TIME,
    ),
    "the first version decides even when recorded after a later-numbered one": dict(
        due=dt.date(2016, 12, 31),
        received=[geneva(2017, 1, 20), geneva(2016, 12, 30)],
        now=geneva(2017, 2, 1),
        expected=S.SUBMITTED_ON_TIME,
    ),
}


def make_obligation(*, due, received=(), extensions=(), waived=None, **_ignored):
    """An obligation of one chosen centre, with its records written directly."""
    kind = RequestKind.WORKPLAN if due else RequestKind.INFORMATION
    request = factories.RequestFactory(
        kind=kind,
        due_date=due,
        convention_centres="",
        **({} if due else {"period_start": None, "period_end": None}),
    )
    request.centres.add(factories.CentreFactory())
    obligation = request.obligations.get()
    if received:
        submission = Submission.objects.create(obligation=obligation)
        for number, received_at in enumerate(received, start=1):
            SubmissionVersion.objects.create(
                submission=submission,
                number=number,
                received_at=received_at,
                received_through="email",
            )
    for status, new_due_date, decided_at in extensions:
        Extension.objects.create(
            obligation=obligation,
            new_due_date=new_due_date,
            reason="Translation delays",
            status=status,
            decided_at=decided_at,
            requested_at=(decided_at or geneva(2016, 12, 15)) - dt.timedelta(days=1),
        )
    if waived:
        obligation.waived_at = waived
        obligation.waived_reason = "The centre was being re-hosted."
        obligation.save()
    return obligation


def status_prefetched(obligation, now):
    fetched = (
        Obligation.objects.select_related("request")
        .prefetch_related("submission__versions", "extensions")
        .get(pk=obligation.pk)
    )
    return fetched.status_at(now)


def status_annotated(obligation, now):
    [(fetched, status)] = selectors.obligation_statuses(
        now, Obligation.objects.filter(pk=obligation.pk)
    )
    assert fetched.pk == obligation.pk
    return status


PATHS = {"prefetched": status_prefetched, "annotated": status_annotated}


@pytest.mark.django_db
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("case", CASES)
def test_both_paths_give_the_expected_status(case, path):
    facts = CASES[case]
    obligation = make_obligation(**facts)

    assert PATHS[path](obligation, facts["now"]) == facts["expected"]


@pytest.mark.django_db
def test_the_paths_agree_on_every_case_at_once():
    obligations = {case: make_obligation(**facts) for case, facts in CASES.items()}
    for case, obligation in obligations.items():
        now = CASES[case]["now"]
        annotated = dict(selectors.obligation_statuses(now, Obligation.objects.all()))
        by_pk = {o.pk: status for o, status in annotated.items()}
        assert by_pk[obligation.pk] == status_prefetched(obligation, now), case


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


@pytest.mark.django_db
def test_both_paths_read_the_setting_at_call_time(settings):
    obligation = make_obligation(due=dt.date(2016, 12, 31))
    now = geneva(2016, 12, 20)
    assert status_prefetched(obligation, now) == status_annotated(obligation, now) == S.DUE_SOON

    settings.REGISTRY_DUE_SOON_DAYS = 7

    assert status_prefetched(obligation, now) == S.NOT_YET_DUE
    assert status_annotated(obligation, now) == S.NOT_YET_DUE


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 12])
def test_annotated_statuses_take_one_query_whatever_the_number(size, django_assert_num_queries):
    for i in range(size):
        make_obligation(
            due=dt.date(2016, 12, 31),
            received=[geneva(2016, 12, 30)] if i % 2 else (),
            extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))] if i % 3 else (),
        )

    with django_assert_num_queries(1):
        pairs = selectors.obligation_statuses(geneva(2017, 1, 10))
        assert len(pairs) == size
        assert {p[0].centre.name for p in pairs}  # the centre came with the row


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 12])
def test_prefetched_statuses_take_a_fixed_number_of_queries(size, django_assert_num_queries):
    for i in range(size):
        make_obligation(
            due=dt.date(2016, 12, 31),
            received=[geneva(2016, 12, 30)] if i % 2 else (),
            extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))] if i % 3 else (),
        )

    # obligations with their requests, submissions, versions, extensions
    with django_assert_num_queries(4):
        obligations = Obligation.objects.select_related("request").prefetch_related(
            "submission__versions", "extensions"
        )
        statuses = [o.status_at(geneva(2017, 1, 10)) for o in obligations]
    assert len(statuses) == size


# -- Reading "as at" values: a date is the end of that day in Geneva.


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
    letter = factories.RequestFactory(
        decision=None,
        issued_on=dt.date(2016, 4, 20),
        kind=RequestKind.VIEWS,
        period_start=None,
        period_end=None,
        due_date=dt.date(2016, 6, 30),
        convention_centres="",
    )

    # 2016-04-19 22:00 UTC is midnight of 20 April in Geneva (summer time).
    assert letter not in selectors.requests_issued_by(utc(2016, 4, 19, 21, 59))
    assert letter in selectors.requests_issued_by(utc(2016, 4, 19, 22, 0))
    assert letter in selectors.requests_issued_by(selectors.parse_as_at("2016-04-20"))
    assert letter not in selectors.requests_issued_by(selectors.parse_as_at("2016-04-19"))
    assert letter in selectors.requests_issued_by(dt.date(2016, 4, 20))
