"""Budget-line services: the rules every door (portal, admin) goes through."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.models import Contribution, Meeting
from registry.secretariat import services
from submissions.models import Obligation, RequestKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def workplan(centre_a):
    request = factories.RequestFactory(convention_centres="", paragraph="11(a)")
    request.centres.add(centre_a)
    return Obligation.objects.get(request=request)


def _create(obligation, **fields):
    values = {
        "description": "Workshop",
        "amount": Decimal("100"),
        "currency": "usd",
        "funded_by": None,
        "entered_by": None,
    }
    return services.budget_line_create(obligation=obligation, **(values | fields))


def test_it_stores_the_currency_as_its_iso_code(workplan):
    assert _create(workplan, currency=" eur ").currency == "EUR"


@pytest.mark.parametrize("currency", ["", "US", "DOLLARS", "€€€", "１２３"])
def test_it_refuses_a_currency_that_is_not_a_three_letter_code(workplan, currency):
    with pytest.raises(ValidationError) as error:
        _create(workplan, currency=currency)
    assert error.value.message_dict["currency"] == [str(services.BAD_CURRENCY)]


def test_it_refuses_a_line_on_anything_but_a_centres_workplan(centre_a):
    report = factories.RequestFactory(kind=RequestKind.ACTIVITY_REPORT, convention_centres="")
    report.centres.add(centre_a)
    with pytest.raises(ValidationError) as error:
        _create(Obligation.objects.get(request=report))
    assert error.value.messages == [str(services.NOT_A_WORKPLAN)]


def test_a_contribution_funds_the_centres_it_lists_or_any_when_it_lists_none(
    workplan, centre_a, centre_b
):
    to_the_network = factories.ContributionFactory(donor_name="Switzerland")
    to_a = factories.ContributionFactory(donor_name="Germany")
    to_a.centres.add(centre_a)
    to_b = factories.ContributionFactory(donor_name="Norway")
    to_b.centres.add(centre_b)
    assert _create(workplan, funded_by=to_the_network).is_funded
    assert _create(workplan, funded_by=to_a).is_funded
    with pytest.raises(ValidationError) as error:
        _create(workplan, funded_by=to_b)
    assert error.value.message_dict["funded_by"] == [str(services.NOT_FUNDING_THIS_CENTRE)]


def test_it_refuses_a_negative_amount(workplan):
    with pytest.raises(ValidationError):
        _create(workplan, amount=Decimal("-1"))


def test_the_database_keeps_contributions_and_meetings_consistent(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(donor_name="")  # no donor
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.create(donor_name="Norway", amount=Decimal("5"))  # no currency
    assert Contribution.objects.create(donor_name="Norway").amount is None  # none invented
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.MeetingFactory(ends_on="2016-02-01")  # before it starts
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.MeetingFactory(sessions=0)
    assert not Meeting.objects.exists()
