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
)
from tests import factories
from tests.clock import ONE_MICROSECOND, geneva, utc

S = ObligationStatus
GRANTED, REFUSED, REQUESTED = (
    Extension.Status.GRANTED,
    Extension.Status.REFUSED,
    Extension.Status.REQUESTED,
)


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


@pytest.mark.django_db
def test_both_paths_read_the_setting_at_call_time(settings):
    obligation = make_obligation(due=dt.date(2016, 12, 31))
    now = geneva(2016, 12, 20)
    assert status_prefetched(obligation, now) == status_annotated(obligation, now) == S.DUE_SOON

    settings.REGISTRY_DUE_SOON_DAYS = 7

    assert status_prefetched(obligation, now) == S.NOT_YET_DUE
    assert status_annotated(obligation, now) == S.NOT_YET_DUE


def make_mixed_obligations(size):
    """Make `size` obligations, some received, some extended, some both."""
    for i in range(size):
        make_obligation(
            due=dt.date(2016, 12, 31),
            received=[geneva(2016, 12, 30)] if i % 2 else (),
            extensions=[(GRANTED, dt.date(2017, 1, 31), geneva(2016, 12, 20))] if i % 3 else (),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 12])
def test_annotated_statuses_take_one_query_whatever_the_number(size, django_assert_num_queries):
    make_mixed_obligations(size)

    with django_assert_num_queries(1):
        pairs = selectors.obligation_statuses(geneva(2017, 1, 10))
        assert len(pairs) == size
        assert {p[0].centre.name for p in pairs}  # the centre came with the row


@pytest.mark.django_db
@pytest.mark.parametrize("size", [3, 12])
def test_prefetched_statuses_take_a_fixed_number_of_queries(size, django_assert_num_queries):
    make_mixed_obligations(size)

    # obligations with their requests, submissions, versions, extensions
    with django_assert_num_queries(4):
        obligations = Obligation.objects.select_related("request").prefetch_related(
            "submission__versions", "extensions"
        )
        statuses = [o.status_at(geneva(2017, 1, 10)) for o in obligations]
    assert len(statuses) == size
