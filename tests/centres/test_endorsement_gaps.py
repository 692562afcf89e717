"""A term that ended with no later endorsement recorded is shown as a gap, never filled in."""

import datetime as dt

import pytest

from centres.models import CentreStatus, Convention
from tests import factories

pytestmark = pytest.mark.django_db


def _endorse(centre, day, **fields):
    return factories.EndorsementFactory(centre=centre, endorsed_on=day, **fields)


def test_a_term_of_2009_and_an_endorsement_of_2015_leave_a_gap_between(centre_a):
    _endorse(centre_a, dt.date(2009, 5, 8), decision_code="SC-4/23", cop=4)
    _endorse(centre_a, dt.date(2015, 5, 15))

    [gap_2013, gap_2019] = centre_a.endorsement_gaps()

    assert gap_2013 == (Convention.STOCKHOLM, dt.date(2013, 5, 8), dt.date(2015, 5, 15))
    assert gap_2019 == (Convention.STOCKHOLM, dt.date(2019, 5, 15), None)
    assert centre_a.gaps_at(dt.date(2014, 1, 1)) == [gap_2013]
    assert centre_a.gaps_at(dt.date(2013, 5, 8)) == []
    assert centre_a.gaps_at(dt.date(2015, 5, 15)) == []
    assert centre_a.gaps_at(dt.date(2020, 1, 1)) == [gap_2019]
    assert centre_a.status_at(dt.date(2014, 1, 1)) == CentreStatus.TERM_EXPIRED


def test_overlapping_terms_leave_no_gap(centre_a):
    _endorse(centre_a, dt.date(2011, 4, 29))
    _endorse(centre_a, dt.date(2015, 4, 1))

    assert [g.term_ended_on for g in centre_a.endorsement_gaps()] == [dt.date(2019, 4, 1)]


def test_an_open_ended_framework_agreement_has_no_gap():
    centre = factories.CentreFactory(serves_basel=True, serves_stockholm=False)
    _endorse(centre, dt.date(2013, 5, 10), convention=Convention.BASEL, open_ended=True, cop=11)

    assert centre.endorsement_gaps() == []


def test_each_convention_has_its_own_terms():
    centre = factories.CentreFactory(serves_basel=True)
    _endorse(centre, dt.date(2013, 5, 10), convention=Convention.BASEL, open_ended=True, cop=11)
    _endorse(centre, dt.date(2009, 5, 8))

    assert centre.gaps_at(dt.date(2014, 1, 1)) == [
        (Convention.STOCKHOLM, dt.date(2013, 5, 8), None)
    ]
    assert centre.status_at(dt.date(2014, 1, 1)) == CentreStatus.ENDORSED
