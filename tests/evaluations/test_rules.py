"""Scoring rules on the models: maxima, levels belonging to their part, completeness."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from evaluations import models
from evaluations.models import Criterion, CriterionPart, Evaluation, Level, Score
from tests.evaluations.grid import level, make_methodology, part


@pytest.mark.parametrize(
    ("code", "position", "points", "expected"),
    [
        pytest.param(
            "a",
            0,
            5,
            models.LEVEL_ABOVE_CRITERION_MAX % {"points": 5, "max": 4},
            id="a level above its criterion's maximum",
        ),
        # (b): activities up to 8 plus Parties up to 2 is exactly 10; Parties at 3 would be 11.
        pytest.param(
            "b",
            1,
            3,
            models.PARTS_ABOVE_CRITERION_MAX % {"points": 11, "max": 10},
            id="parts that together exceed the criterion",
        ),
    ],
)
def test_a_level_that_takes_its_criterion_above_the_maximum_is_refused(
    methodology, code, position, points, expected
):
    candidate = Level(part=part(methodology, code, position), points=points, descriptor="too many")

    with pytest.raises(ValidationError) as error:
        candidate.full_clean()

    assert error.value.message_dict["points"] == [expected]


def test_a_level_within_the_maximum_is_accepted(methodology):
    Level(part=part(methodology, "a"), points=3, descriptor="between").full_clean()


def test_criteria_cannot_promise_more_than_the_methodologys_total(methodology):
    c = Criterion.objects.get(methodology=methodology, code="c")
    c.max_points = 20  # 4 + 10 + 20 = 34 > 33

    with pytest.raises(ValidationError) as error:
        c.full_clean()

    assert error.value.message_dict["max_points"] == [
        models.CRITERIA_ABOVE_METHODOLOGY_MAX % {"points": 34, "max": 33}
    ]


def test_a_score_must_choose_a_level_of_its_own_part(evaluation_a, methodology):
    score = Score(
        evaluation=evaluation_a, part=part(methodology, "a"), level=level(methodology, "b", 8)
    )

    with pytest.raises(ValidationError) as error:
        score.full_clean()

    assert error.value.message_dict["level"] == [models.LEVEL_NOT_OF_PART]


def test_a_score_must_belong_to_the_cycles_methodology(evaluation_a):
    other = make_methodology(name="Another grid")
    score = Score(evaluation=evaluation_a, part=part(other, "a"), level=level(other, "a", 4))

    with pytest.raises(ValidationError) as error:
        score.full_clean()

    assert error.value.message_dict["part"] == [models.PART_NOT_OF_METHODOLOGY]


def test_the_database_refuses_a_total_above_the_maximum(evaluation_a):
    Evaluation.objects.filter(pk=evaluation_a.pk).update(total=33)

    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.filter(pk=evaluation_a.pk).update(total=34)


def test_a_part_cannot_have_two_levels_with_the_same_points(methodology):
    with pytest.raises(IntegrityError), transaction.atomic():
        Level.objects.create(part=part(methodology, "a"), points=4, descriptor="again")


def test_an_incomplete_grid_says_what_is_missing(methodology):
    methodology = (
        type(methodology).objects.prefetch_related("criteria__parts__levels").get(pk=methodology.pk)
    )

    problems = [str(p) for p in methodology.problems()]

    assert problems == [
        "Criterion (c) has no maximum yet.",
        "Criterion (c) has no scale yet.",
        "The criteria's maxima add up to 14 of the 33 points.",
    ]
    assert not methodology.is_complete


def test_a_grid_whose_levels_reach_every_point_is_complete(db):
    methodology = make_methodology()
    methodology.max_total = 14
    methodology.save()
    Criterion.objects.get(methodology=methodology, code="c").delete()

    assert methodology.problems() == []


def test_a_criterion_whose_levels_fall_short_of_its_maximum_is_incomplete(methodology):
    c = Criterion.objects.get(methodology=methodology, code="c")
    c.max_points = 6
    c.save()
    scale = CriterionPart.objects.create(criterion=c)
    Level.objects.create(part=scale, points=3, descriptor="some")

    assert [str(p) for p in c.problems()] == ["Criterion (c): its levels reach 3 of its 6 points."]


def test_the_percentage_is_of_the_maximum(evaluation_a):
    evaluation_a.total = 11

    assert evaluation_a.percentage == 33.3
