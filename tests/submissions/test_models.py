"""Rules of requests and extensions, and the database constraints behind them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from submissions.models import (
    Extension,
    Obligation,
    Request,
    RequestKind,
    Submission,
    SubmissionVersion,
)
from tests import factories

pytestmark = pytest.mark.django_db


def request_errors(**fields):
    """Return {field: [messages]} from Request.full_clean, or {} when valid."""
    defaults = dict(
        decision=factories.DecisionFactory(),
        paragraph="11(a)",
        kind=RequestKind.WORKPLAN,
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2019, 12, 31),
        due_date=dt.date(2015, 9, 30),
    )
    defaults.update(fields)
    try:
        Request(**defaults).full_clean()
    except ValidationError as exc:
        return exc.message_dict
    return {}


# -- Reporting periods.


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({}, id="a workplan covering four calendar years"),
        pytest.param(
            dict(
                kind=RequestKind.ACTIVITY_REPORT,
                period_start=dt.date(2015, 1, 1),
                period_end=dt.date(2016, 12, 31),
                due_date=dt.date(2016, 12, 31),
            ),
            id="an activity report covering two calendar years",
        ),
        *[
            pytest.param(
                dict(kind=kind, period_start=None, period_end=None, due_date=None),
                id=f"{kind} with no period",
            )
            for kind in [RequestKind.INFORMATION, RequestKind.VIEWS]
        ],
        pytest.param(
            dict(
                kind=RequestKind.INFORMATION,
                period_start=dt.date(2015, 5, 1),
                period_end=dt.date(2015, 11, 30),
            ),
            id="information with any ordered period",
        ),
    ],
)
def test_a_request_is_valid(fields):
    assert request_errors(**fields) == {}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2016, 1, 1), dt.date(2018, 12, 31)),  # three years
        (dt.date(2016, 1, 1), dt.date(2020, 12, 31)),  # five years
        (dt.date(2016, 1, 2), dt.date(2019, 12, 31)),  # not from 1 January
        (dt.date(2016, 1, 1), dt.date(2019, 12, 30)),  # not to 31 December
        (dt.date(2016, 1, 1), dt.date(2020, 1, 1)),  # four years and a day
        (dt.date(2016, 7, 1), dt.date(2020, 6, 30)),  # four years, but not calendar years
    ],
)
def test_a_workplan_must_cover_exactly_four_calendar_years(start, end):
    errors = request_errors(period_start=start, period_end=end)

    assert errors == {
        "period_end": [
            "A workplan covers 4 calendar years, from 1 January of its first year to 31 December "
            f"of its last, e.g. 1 January {start.year} to 31 December {start.year + 3}."
        ]
    }


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2015, 1, 1), dt.date(2015, 12, 31)),
        (dt.date(2015, 1, 1), dt.date(2018, 12, 31)),
        (dt.date(2015, 3, 1), dt.date(2017, 2, 28)),
    ],
)
def test_an_activity_report_must_cover_exactly_two_calendar_years(start, end):
    errors = request_errors(kind=RequestKind.ACTIVITY_REPORT, period_start=start, period_end=end)

    assert list(errors) == ["period_end"]
    assert "activity report covers 2 calendar years" in errors["period_end"][0]


@pytest.mark.parametrize("kind", [RequestKind.WORKPLAN, RequestKind.ACTIVITY_REPORT])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, None),
        (dt.date(2016, 1, 1), None),
        (None, dt.date(2019, 12, 31)),
    ],
)
def test_workplans_and_reports_need_a_period(kind, start, end):
    errors = request_errors(kind=kind, period_start=start, period_end=end)

    assert list(errors) == ["period_start"]
    assert errors["period_start"][0].endswith("needs a reporting period.")


def test_a_period_must_end_after_it_starts():
    errors = request_errors(
        kind=RequestKind.INFORMATION,
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2016, 1, 1),
    )

    assert errors["period_end"] == ["The period must end after it starts."]


# -- Where a request comes from.


def test_a_request_needs_a_decision_or_a_letter_date():
    errors = request_errors(
        decision=None, issued_on=None, kind=RequestKind.VIEWS, period_start=None, period_end=None
    )

    assert errors["issued_on"] == ["Give the decision, or the date of the letter."]


def test_a_letter_alone_is_enough():
    assert (
        request_errors(
            decision=None,
            issued_on=dt.date(2016, 4, 20),
            kind=RequestKind.VIEWS,
            period_start=None,
            period_end=None,
        )
        == {}
    )


def test_a_paragraph_of_a_decision_is_requested_once():
    factories.RequestFactory(paragraph="11(a)")

    errors = request_errors(paragraph="11(a)")

    assert "__all__" in errors


# -- The database refuses bad rows even without clean().


def assert_refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_the_database_refuses_a_request_without_decision_or_letter():
    assert_refused(lambda: Request.objects.create(kind=RequestKind.VIEWS))


@pytest.mark.parametrize("end", [dt.date(2016, 1, 1), dt.date(2015, 12, 31)])
def test_the_database_refuses_a_period_that_does_not_move_forward(end):
    assert_refused(
        lambda: Request.objects.create(
            kind=RequestKind.INFORMATION,
            issued_on=dt.date(2016, 4, 20),
            period_start=dt.date(2016, 1, 1),
            period_end=end,
        )
    )


def test_the_database_refuses_a_second_request_for_the_same_paragraph():
    first = factories.RequestFactory()

    assert_refused(lambda: factories.RequestFactory(paragraph=first.paragraph))


def test_two_letters_without_decision_may_share_an_empty_paragraph():
    factories.RequestFactory(decision=None, issued_on=dt.date(2016, 4, 20), paragraph="")
    factories.RequestFactory(decision=None, issued_on=dt.date(2016, 4, 20), paragraph="")

    assert Request.objects.count() == 2


@pytest.fixture
def request_():
    return factories.RequestFactory(convention_centres="")


def test_the_database_refuses_an_obligation_owed_by_nobody(request_):
    assert_refused(lambda: Obligation.objects.create(request=request_))


def test_the_database_refuses_an_obligation_owed_by_a_centre_and_a_party(request_, centre_a):
    party = factories.PartyFactory()

    assert_refused(
        lambda: Obligation.objects.create(request=request_, centre=centre_a, party=party)
    )


def test_the_database_refuses_a_second_obligation_for_the_same_centre(request_, centre_a):
    Obligation.objects.create(request=request_, centre=centre_a)

    assert_refused(lambda: Obligation.objects.create(request=request_, centre=centre_a))


def test_the_database_refuses_a_second_obligation_for_the_same_party(request_):
    party = factories.PartyFactory()
    Obligation.objects.create(request=request_, party=party)

    assert_refused(lambda: Obligation.objects.create(request=request_, party=party))


def test_the_database_refuses_a_waiver_without_a_reason(request_, centre_a):
    assert_refused(
        lambda: Obligation.objects.create(
            request=request_, centre=centre_a, waived_at=dt.datetime(2016, 1, 1, tzinfo=dt.UTC)
        )
    )


def test_the_database_refuses_a_decided_extension_without_a_decision_time():
    obligation = factories.ObligationFactory()

    for status in (Extension.Status.GRANTED, Extension.Status.REFUSED):
        assert_refused(
            lambda s=status: factories.ExtensionFactory(
                obligation=obligation, status=s, decided_at=None
            )
        )


def test_a_requested_extension_needs_no_decision_time():
    extension = factories.ExtensionFactory(status=Extension.Status.REQUESTED, decided_at=None)

    assert extension.pk


def test_the_database_refuses_version_zero_and_a_repeated_number():
    submission = Submission.objects.create(obligation=factories.ObligationFactory())
    received = dt.datetime(2015, 9, 1, tzinfo=dt.UTC)
    SubmissionVersion.objects.create(
        submission=submission, number=1, received_at=received, received_through="email"
    )

    assert_refused(
        lambda: SubmissionVersion.objects.create(
            submission=submission, number=0, received_at=received, received_through="email"
        )
    )
    assert_refused(
        lambda: SubmissionVersion.objects.create(
            submission=submission, number=1, received_at=received, received_through="email"
        )
    )


def test_an_obligation_has_at_most_one_submission():
    obligation = factories.ObligationFactory()
    Submission.objects.create(obligation=obligation)

    assert_refused(lambda: Submission.objects.create(obligation=obligation))


# -- Extensions.


def extension_errors(obligation, new_due_date):
    extension = Extension(
        obligation=obligation,
        new_due_date=new_due_date,
        reason="Delays",
        status=Extension.Status.REQUESTED,
    )
    try:
        extension.full_clean()
    except ValidationError as exc:
        return exc.messages
    return []


def test_an_extension_must_move_the_due_date_later():
    obligation = factories.ObligationFactory()  # due 2015-09-30

    assert extension_errors(obligation, dt.date(2015, 10, 1)) == []
    assert extension_errors(obligation, dt.date(2015, 9, 30)) == [
        "The new due date must be after the due date (30 September 2015)."
    ]
    assert extension_errors(obligation, dt.date(2015, 9, 1)) == [
        "The new due date must be after the due date (30 September 2015)."
    ]


def test_an_open_request_has_no_due_date_to_extend():
    obligation = factories.ObligationFactory(
        request=factories.OpenRequestFactory(convention_centres="")
    )

    assert extension_errors(obligation, dt.date(2016, 1, 1)) == [
        "An open request has no due date to extend."
    ]


# -- Derived dates and labels.


def test_the_reference_date_is_the_due_date_else_the_letter_else_the_adoption():
    with_due = factories.RequestFactory.build(
        due_date=dt.date(2015, 9, 30), issued_on=dt.date(2015, 6, 1)
    )
    letter = factories.RequestFactory.build(due_date=None, issued_on=dt.date(2015, 12, 22))
    decision_only = factories.RequestFactory.build(due_date=None, issued_on=None)

    assert with_due.reference_date == dt.date(2015, 9, 30)
    assert letter.reference_date == dt.date(2015, 12, 22)
    assert decision_only.reference_date == dt.date(2015, 5, 15)


def test_labels_name_the_decision_paragraph_or_the_letter():
    by_decision = factories.RequestFactory(paragraph="11(b)")
    by_letter = factories.RequestFactory(decision=None, issued_on=dt.date(2016, 4, 20))

    assert by_decision.label == "SC-7/17 11(b)"
    assert by_letter.label == "Letter of 2016-04-20"


# -- Bounded dates.


@pytest.mark.parametrize(
    "field, day",
    [
        ("due_date", dt.date(9999, 12, 31)),
        ("issued_on", dt.date(1900, 1, 1)),
        ("period_end", dt.date(9999, 12, 31)),
    ],
)
def test_a_request_date_outside_the_registrys_range_is_refused(field, day):
    request = factories.RequestFactory.build(**{field: day})

    with pytest.raises(ValidationError) as raised:
        request.clean()

    assert raised.value.message_dict[field] == ["Give a date between 1989-01-01 and 2100-12-31."]


def test_a_decision_of_year_9999_is_refused():
    decision = factories.DecisionFactory.build(adopted_on=dt.date(9999, 1, 1), year=9999)

    with pytest.raises(ValidationError) as raised:
        decision.clean()

    assert set(raised.value.message_dict) == {"adopted_on", "year"}
