"""Recording scores: the total follows the chosen levels and never passes the maximum."""

import pytest
from django.core.exceptions import ValidationError

from evaluations import services
from evaluations.models import CycleStatus, Evidence, Outcome
from tests.evaluations.grid import level, make_version, part


def test_the_total_is_the_sum_of_the_chosen_levels(evaluation_a, methodology):
    services.evaluation_score(
        evaluation=evaluation_a,
        levels={
            part(methodology, "a"): level(methodology, "a", 4),
            part(methodology, "b", 0): level(methodology, "b", 4),
            part(methodology, "b", 1): level(methodology, "b", 2, part_position=1),
        },
        outcome=Outcome.REENDORSE,
    )

    evaluation_a.refresh_from_db()
    assert (evaluation_a.total, evaluation_a.percentage, evaluation_a.outcome) == (
        10,
        30.3,
        Outcome.REENDORSE,
    )
    assert evaluation_a.scores.count() == 3


def test_changing_and_clearing_a_level_updates_the_total(evaluation_a, methodology):
    services.evaluation_score(
        evaluation=evaluation_a,
        levels={
            part(methodology, "a"): level(methodology, "a", 4),
            part(methodology, "b"): level(methodology, "b", 8),
        },
    )

    services.evaluation_score(
        evaluation=evaluation_a,
        levels={
            part(methodology, "a"): None,
            part(methodology, "b"): level(methodology, "b", 1),
        },
    )

    evaluation_a.refresh_from_db()
    assert evaluation_a.total == 1
    assert list(evaluation_a.scores.values_list("level__points", flat=True)) == [1]


def test_a_level_of_another_part_is_refused_and_nothing_is_saved(evaluation_a, methodology):
    with pytest.raises(ValidationError) as error:
        services.evaluation_score(
            evaluation=evaluation_a, levels={part(methodology, "a"): level(methodology, "b", 8)}
        )

    assert error.value.messages == [str(services.LEVEL_NOT_OF_PART)]
    assert not evaluation_a.scores.exists()


def test_a_total_above_the_maximum_is_refused(evaluation_a, methodology):
    methodology.max_total = 5  # bypassing the methodology's own checks
    methodology.save()

    with pytest.raises(ValidationError) as error:
        services.evaluation_score(
            evaluation=evaluation_a,
            levels={
                part(methodology, "a"): level(methodology, "a", 4),
                part(methodology, "b"): level(methodology, "b", 2),
            },
        )

    assert error.value.messages == [services.TOTAL_ABOVE_MAX % {"total": 6, "max": 5}]
    evaluation_a.refresh_from_db()
    assert (evaluation_a.total, evaluation_a.scores.count()) == (0, 0)


def test_the_evaluations_of_a_closed_cycle_cannot_change(evaluation_a, cycle, methodology):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)

    with pytest.raises(ValidationError) as error:
        services.evaluation_score(
            evaluation=evaluation_a, levels={part(methodology, "a"): level(methodology, "a", 4)}
        )

    assert error.value.messages == [str(services.CYCLE_NOT_OPEN)]


def test_evidence_links_the_centres_own_versions(evaluation_a, centre_a, methodology):
    report = make_version(centre_a)
    criterion = methodology.criteria.get(code="b")

    services.evaluation_score(evaluation=evaluation_a, levels={}, evidence={criterion: [report]})
    services.evaluation_score(evaluation=evaluation_a, levels={}, evidence={criterion: [report]})

    assert list(Evidence.objects.values_list("criterion__code", "version")) == [("b", report.pk)]


def test_evidence_from_another_centre_is_refused(evaluation_a, centre_b, methodology):
    foreign = make_version(centre_b)

    with pytest.raises(ValidationError) as error:
        services.evaluation_score(
            evaluation=evaluation_a,
            levels={},
            evidence={methodology.criteria.get(code="a"): [foreign]},
        )

    assert error.value.messages == [str(services.EVIDENCE_NOT_OF_CENTRE)]
    assert not Evidence.objects.exists()


def test_populating_a_cycle_starts_one_evaluation_per_centre_in_scope(cycle, centre_a, centre_b):
    import datetime as dt

    from tests import factories

    factories.EndorsementFactory(centre=centre_a)  # 2015-2019: in force in the period
    gone = factories.CentreFactory(ceased_on=dt.date(2014, 6, 30))
    factories.EndorsementFactory(centre=gone, endorsed_on=dt.date(2011, 5, 6))
    factories.EndorsementFactory(  # its term ended in 2013
        centre=factories.CentreFactory(), endorsed_on=dt.date(2009, 5, 8)
    )

    assert services.cycle_populate(cycle=cycle) == 1
    assert services.cycle_populate(cycle=cycle) == 0
    assert list(cycle.evaluations.values_list("centre", "max_total")) == [(centre_a.pk, 33)]


def test_a_new_methodology_for_the_open_cycle_drops_the_old_grids_scores(
    evaluation_a, cycle, methodology, centre_a
):
    services.evaluation_score(
        evaluation=evaluation_a,
        levels={part(methodology, "a"): level(methodology, "a", 4)},
        evidence={methodology.criteria.get(code="a"): [make_version(centre_a)]},
    )
    revised = services.methodology_new_version(methodology=methodology)
    revised.max_total = 30
    revised.save()
    cycle.methodology = revised
    cycle.save()

    services.evaluation_score(
        evaluation=evaluation_a, levels={part(revised, "b"): level(revised, "b", 2)}
    )

    evaluation_a.refresh_from_db()
    assert (evaluation_a.total, evaluation_a.max_total) == (2, 30)
    assert list(evaluation_a.scores.values_list("part__criterion__methodology", flat=True)) == [
        revised.pk
    ]
    assert not evaluation_a.evidence.exists()
