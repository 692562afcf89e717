"""Gaps drawn in one step from a Party's feedback or a criterion scored below its maximum."""

import pytest
from django.contrib.admin.sites import site

from evaluations.gaps import gap_from_feedback, gap_from_score
from evaluations.models import PartyFeedback, Score
from submissions.models import Gap, GapSource
from tests import factories
from tests.admin_pages import admin_action
from tests.evaluations.grid import level, make_evaluation, part

pytestmark = pytest.mark.django_db


@pytest.fixture
def feedback(cycle, centre_a):
    return PartyFeedback.objects.create(
        cycle=cycle,
        centre=centre_a,
        party=factories.PartyFactory(name="Colombia"),
        gaps="Laboratory capacity for PCB analysis\nNo trainer in Spanish",
    )


def test_a_partys_gaps_identified_become_one_gap_of_the_centre(feedback, staff):
    gap = gap_from_feedback(feedback=feedback, created_by=staff)
    assert gap.centre == feedback.centre and gap.source == GapSource.PARTY_FEEDBACK
    assert gap.source_record == feedback and "Colombia" in gap.source_detail
    assert gap.title == "Laboratory capacity for PCB analysis"
    assert gap.history.first().history_user == staff
    assert gap_from_feedback(feedback=feedback, created_by=staff) == gap  # once
    assert Gap.objects.count() == 1


def test_feedback_naming_no_gap_records_none(feedback, staff):
    feedback.gaps = "  "
    assert gap_from_feedback(feedback=feedback, created_by=staff) is None


def test_a_criterion_scored_below_its_maximum_becomes_a_gap(methodology, cycle, centre_a, staff):
    evaluation = make_evaluation(cycle, centre_a)
    low = Score.objects.create(
        evaluation=evaluation, part=part(methodology, "a"), level=level(methodology, "a", 1)
    )
    top = Score.objects.create(
        evaluation=evaluation, part=part(methodology, "b"), level=level(methodology, "b", 8)
    )
    gap = gap_from_score(score=low, created_by=staff)
    assert gap.source == GapSource.EVALUATION and gap.centre == centre_a
    assert "1 of 4 points" in gap.source_detail
    assert gap_from_score(score=top, created_by=staff) is None


def test_the_feedback_admin_action_records_the_gaps(client, staff, feedback):
    client.force_login(staff)
    response = admin_action(client, "record_gaps", feedback)
    assert response.status_code == 302
    assert Gap.objects.get().source_record == feedback
    assert site.is_registered(Gap)
