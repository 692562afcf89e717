"""The demo's Secretariat records reproduce the note's statements, with nothing invented."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from registry.models import Contribution, Mandate, MandateState, Meeting, MeetingKind
from registry.secretariat.selectors import (
    activity_counts,
    contributions_between,
    mandates_by_cop,
    meetings_between,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_it_counts_23_online_meetings_and_webinars_in_2015_2016(demo):
    counts = activity_counts(dt.date(2015, 1, 1), dt.date(2016, 12, 31))
    assert counts.online_and_webinars == 23
    assert counts.complete
    assert counts.illustrative == 0  # one entry records the published count; none is invented


def test_it_holds_the_two_joint_meetings_of_directors_in_geneva(demo):
    meetings = meetings_between(
        dt.date(2015, 1, 1), dt.date(2016, 12, 31), kinds=[MeetingKind.JOINT_DIRECTORS]
    )
    assert [(m.starts_on, m.ends_on, m.place) for m in meetings] == [
        (dt.date(2015, 10, 5), dt.date(2015, 10, 8), "Geneva"),
        (dt.date(2016, 10, 31), dt.date(2016, 11, 2), "Geneva"),
    ]
    assert {str(m.mandate) for m in meetings} == {"SC-7/17 para 18"}
    assert all(not m.centres.exists() for m in meetings)  # attendance is not in the note


def test_it_holds_the_permanent_missions_meeting_and_the_two_bureau_briefings(demo):
    [missions] = Meeting.objects.filter(kind=MeetingKind.PERMANENT_MISSIONS)
    assert missions.starts_on == dt.date(2015, 12, 10)
    assert "observers" in missions.outcomes
    briefings = Meeting.objects.filter(kind=MeetingKind.BUREAU_BRIEFING).order_by("starts_on")
    assert [(b.starts_on, b.ends_on) for b in briefings] == [
        (dt.date(2016, 6, 28), dt.date(2016, 6, 29)),
        (dt.date(2016, 7, 11), dt.date(2016, 7, 12)),
    ]
    assert all("Russian Federation developments" in b.title for b in briefings)


def test_it_holds_the_mandates_with_their_outputs(demo):
    assert Mandate.objects.count() == 5
    mercury = Mandate.objects.get(decision__code="SC-7/17", paragraph="17")
    assert [o.document_symbol for o in mercury.outputs.all()] == ["UNEP(DTIE)/Hg/INC.7/INF/9"]
    assert [r.paragraph for r in mercury.forwarded_requests.all()] == ["17"]
    [(convention, cop, open_mandates)] = mandates_by_cop()
    assert cop == 9
    assert [m.state for m in open_mandates] == [MandateState.OPEN]


def test_its_four_donors_have_no_invented_amount(demo):
    contributions = Contribution.objects.all()
    assert sorted(c.donor for c in contributions) == [
        "European Union",
        "Germany",
        "Norway",
        "Switzerland",
    ]
    assert all(c.amount is None and c.currency == "" for c in contributions)
    assert all(
        (c.period_start, c.period_end) == (dt.date(2015, 1, 1), dt.date(2016, 12, 31))
        for c in contributions
    )


def test_the_donors_of_2015_2016_come_from_the_records(demo):
    donors = [c.donor for c in contributions_between(dt.date(2015, 1, 1), dt.date(2016, 12, 31))]
    assert sorted(donors) == ["European Union", "Germany", "Norway", "Switzerland"]
    assert contributions_between(dt.date(2017, 1, 1), dt.date(2018, 12, 31)) == []


def test_seeding_twice_adds_nothing(demo):
    before = (Mandate.objects.count(), Meeting.objects.count(), Contribution.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    after = (Mandate.objects.count(), Meeting.objects.count(), Contribution.objects.count())
    assert after == before == (5, 6, 4)
