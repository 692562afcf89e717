"""Centres: status as at a day, endorsement terms, constraints, and who changed what."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from simple_history.middleware import HistoryRequestMiddleware

from centres.models import Centre, CentreStatus, Convention, Endorsement, add_years
from tests import factories
from tests.clock import GENEVA

pytestmark = pytest.mark.django_db

S = CentreStatus


@pytest.fixture
def brazil():
    return factories.CentreFactory(name="Centre in Brazil", nominated_on=dt.date(2007, 6, 1))


# -- Status as at a day.


def test_a_centre_without_endorsement_is_nominated(brazil):
    assert brazil.status_at(dt.date(2008, 1, 1)) == S.NOMINATED


def test_a_centre_is_nominated_until_the_day_of_its_endorsement(brazil):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2009, 5, 8))

    assert brazil.status_at(dt.date(2009, 5, 7)) == S.NOMINATED
    assert brazil.status_at(dt.date(2009, 5, 8)) == S.ENDORSED


@pytest.mark.parametrize(
    ("endorsed_on", "last_day"),
    [
        pytest.param(dt.date(2009, 5, 8), dt.date(2013, 5, 8), id="four years to the day"),
        pytest.param(
            dt.date(2096, 2, 29), dt.date(2100, 2, 28), id="29 February to 28 February, no 29th"
        ),
        pytest.param(
            dt.date(2016, 2, 29), dt.date(2020, 2, 29), id="29 February of a leap term to 29th"
        ),
    ],
)
def test_an_endorsement_lasts_four_years_to_the_day(brazil, endorsed_on, last_day):
    endorsement = factories.EndorsementFactory(centre=brazil, endorsed_on=endorsed_on)

    assert endorsement.term_ends_on == last_day
    assert brazil.status_at(last_day) == S.ENDORSED
    assert brazil.status_at(last_day + dt.timedelta(days=1)) == S.TERM_EXPIRED


def test_a_re_endorsement_keeps_the_centre_endorsed(brazil):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2011, 5, 6))
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))

    assert brazil.status_at(dt.date(2015, 5, 7)) == S.TERM_EXPIRED  # the gap between COPs
    assert brazil.status_at(dt.date(2015, 5, 15)) == S.ENDORSED
    assert brazil.status_at(dt.date(2019, 5, 15)) == S.ENDORSED
    assert brazil.status_at(dt.date(2019, 5, 16)) == S.TERM_EXPIRED


def test_a_ceased_centre_is_ceased_from_that_day(brazil):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))
    brazil.ceased_on = dt.date(2016, 6, 30)
    brazil.save()

    assert brazil.status_at(dt.date(2016, 6, 29)) == S.ENDORSED
    assert brazil.status_at(dt.date(2016, 6, 30)) == S.CEASED
    assert brazil.status_at(dt.date(2030, 1, 1)) == S.CEASED


def test_a_centre_that_ceased_while_nominated_is_ceased(brazil):
    brazil.ceased_on = dt.date(2010, 1, 1)

    assert brazil.status_at(dt.date(2009, 12, 31)) == S.NOMINATED
    assert brazil.status_at(dt.date(2010, 1, 1)) == S.CEASED


def test_an_open_ended_endorsement_never_expires():
    egypt = factories.CentreFactory(
        name="Centre in Egypt", serves_basel=True, serves_stockholm=False
    )
    endorsement = factories.EndorsementFactory(
        centre=egypt,
        convention=Convention.BASEL,
        endorsed_on=dt.date(2000, 1, 1),
        term_ends_on=dt.date(2004, 1, 1),
        open_ended=True,
    )

    assert endorsement.term_ends_on is None
    assert egypt.status_at(dt.date(1999, 12, 31)) == S.NOMINATED
    assert egypt.status_at(dt.date(2000, 1, 1)) == S.ENDORSED
    assert egypt.status_at(dt.date(2099, 1, 1)) == S.ENDORSED


def test_an_instant_is_read_as_its_day_in_geneva(brazil):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))

    # 2019-05-15 22:30 UTC is already 16 May in Geneva: the term (to 15 May) is over.
    assert brazil.status_at(dt.datetime(2019, 5, 15, 21, 59, tzinfo=dt.UTC)) == S.ENDORSED
    assert brazil.status_at(dt.datetime(2019, 5, 15, 22, 0, tzinfo=dt.UTC)) == S.TERM_EXPIRED
    assert brazil.status_at(dt.datetime(2019, 5, 16, 0, 30, tzinfo=GENEVA)) == S.TERM_EXPIRED
    assert brazil.status_at(dt.datetime(2019, 5, 15, 23, 59, tzinfo=GENEVA)) == S.ENDORSED


def test_a_ceasing_instant_is_read_in_geneva(brazil):
    brazil.ceased_on = dt.date(2016, 12, 31)

    assert brazil.status_at(dt.datetime(2016, 12, 30, 22, 59, tzinfo=dt.UTC)) == S.NOMINATED
    assert brazil.status_at(dt.datetime(2016, 12, 30, 23, 0, tzinfo=dt.UTC)) == S.CEASED


def test_status_from_prefetched_endorsements_takes_no_query(brazil, django_assert_num_queries):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))
    centre = Centre.objects.prefetch_related("endorsements").get(pk=brazil.pk)

    with django_assert_num_queries(0):
        assert centre.status_at(dt.date(2016, 1, 1)) == S.ENDORSED
        assert (
            centre.status_at(dt.date(2016, 1, 1), endorsements=centre.endorsements.all())
            == S.ENDORSED
        )


# -- Terms and the 29 February.


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (dt.date(2015, 5, 15), 4, dt.date(2019, 5, 15)),
        (dt.date(2016, 2, 29), 4, dt.date(2020, 2, 29)),
        (dt.date(2016, 2, 29), 1, dt.date(2017, 2, 28)),
        (dt.date(2096, 2, 29), 4, dt.date(2100, 2, 28)),  # 2100 is not a leap year
        (dt.date(2016, 2, 28), 4, dt.date(2020, 2, 28)),
    ],
)
def test_add_years(day, years, expected):
    assert add_years(day, years) == expected


def test_a_term_given_explicitly_is_kept(brazil):
    endorsement = factories.EndorsementFactory(
        centre=brazil, endorsed_on=dt.date(2015, 5, 15), term_ends_on=dt.date(2017, 5, 5)
    )

    endorsement.refresh_from_db()
    assert endorsement.term_ends_on == dt.date(2017, 5, 5)


def test_the_database_refuses_a_term_ending_before_the_endorsement(brazil):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EndorsementFactory(
            centre=brazil, endorsed_on=dt.date(2015, 5, 15), term_ends_on=dt.date(2015, 5, 15)
        )


def test_an_endorsement_for_a_convention_the_centre_does_not_serve_is_invalid(brazil):
    endorsement = Endorsement(
        centre=brazil, convention=Convention.BASEL, cop=12, endorsed_on=dt.date(2015, 5, 15)
    )

    with pytest.raises(ValidationError) as excinfo:
        endorsement.full_clean()

    assert excinfo.value.message_dict["convention"] == [
        "This centre does not serve that convention."
    ]


def test_the_same_endorsement_cannot_be_recorded_twice(brazil):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))


def test_the_database_refuses_a_centre_serving_no_convention():
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CentreFactory(serves_basel=False, serves_stockholm=False)


def test_a_centre_has_one_director(brazil):
    factories.ContactFactory(centre=brazil, role="director")

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ContactFactory(centre=brazil, role="director")


# -- Centres active on a day.


def test_active_on_a_day_means_serving_endorsed_for_the_convention_and_not_ceased(brazil):
    factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))
    ceased = factories.CentreFactory(name="Ceased centre", ceased_on=dt.date(2016, 1, 1))
    factories.EndorsementFactory(centre=ceased, endorsed_on=dt.date(2015, 5, 15))
    basel = factories.CentreFactory(name="Basel centre", serves_basel=True, serves_stockholm=False)
    factories.EndorsementFactory(
        centre=basel, convention=Convention.BASEL, endorsed_on=dt.date(2015, 5, 15)
    )

    def active(day, convention):
        return set(Centre.objects.active_on(day, convention).values_list("name", flat=True))

    assert active(dt.date(2015, 12, 31), Convention.STOCKHOLM) == {
        "Centre in Brazil",
        "Ceased centre",
    }
    assert active(dt.date(2016, 1, 1), Convention.STOCKHOLM) == {"Centre in Brazil"}
    assert active(dt.date(2016, 1, 1), Convention.BASEL) == {"Basel centre"}
    assert active(dt.date(2015, 5, 14), Convention.STOCKHOLM) == set()


# -- History records who made a change.


def test_a_change_made_in_a_request_records_its_user(brazil, staff):
    def view(request):
        centre = Centre.objects.get(pk=brazil.pk)
        centre.website = "https://cetesb.example.org"
        centre.save()
        return HttpResponse("ok")

    request = RequestFactory().post("/admin/centres/centre/1/change/")
    request.user = staff

    HistoryRequestMiddleware(view)(request)

    latest = brazil.history.latest()
    assert latest.history_type == "~"
    assert latest.website == "https://cetesb.example.org"
    assert latest.history_user == staff
    assert brazil.history.earliest().history_user is None  # created outside any request


def test_an_anonymous_request_records_no_user(brazil):
    def view(request):
        factories.EndorsementFactory(centre=brazil, endorsed_on=dt.date(2015, 5, 15))
        return HttpResponse("ok")

    request = RequestFactory().post("/")
    request.user = AnonymousUser()

    HistoryRequestMiddleware(view)(request)

    assert Endorsement.history.latest().history_user is None


def test_a_change_saved_in_the_admin_records_the_staff_user(client, staff):
    region = factories.RegionFactory(code="GRULAC", name="Latin America")
    client.force_login(staff)

    response = client.post(
        reverse("admin:centres_region_change", args=[region.pk]),
        {"code": "GRULAC", "name": "Latin America and the Caribbean"},
    )

    assert response.status_code == 302
    latest = region.history.latest()
    assert latest.name == "Latin America and the Caribbean"
    assert latest.history_user == staff
