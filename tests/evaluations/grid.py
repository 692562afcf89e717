"""Builders of the evaluation tests: a grid like SC-6/16's known part, and evidence to score."""

import datetime as dt

from evaluations.models import (
    Criterion,
    CriterionPart,
    Evaluation,
    EvaluationCycle,
    Level,
    Methodology,
    SuggestFrom,
)
from tests import factories


def make_methodology(name="SC-6/16 methodology", version=1):
    """Criteria (a) 0/1/2/4, (b) activities 0/1/2/4/8 plus Parties 1/2, (c) with no scale."""
    methodology = Methodology.objects.create(name=name, version=version, max_total=33)
    a = Criterion.objects.create(
        methodology=methodology, code="a", name="Capacity", max_points=4, position=0
    )
    a_scale = CriterionPart.objects.create(criterion=a)
    for points in (0, 1, 2, 4):
        Level.objects.create(part=a_scale, points=points, descriptor=f"a{points}")
    b = Criterion.objects.create(
        methodology=methodology, code="b", name="Results", max_points=10, position=1
    )
    activities = CriterionPart.objects.create(
        criterion=b, name="activities", suggest_from=SuggestFrom.ACTIVITIES, position=0
    )
    for points, low, high in ((0, 0, 0), (1, 1, 5), (2, 6, 10), (4, 11, 15), (8, 16, None)):
        Level.objects.create(
            part=activities, points=points, descriptor=f"b{points}", count_from=low, count_to=high
        )
    parties = CriterionPart.objects.create(
        criterion=b,
        name="Parties benefited",
        suggest_from=SuggestFrom.PARTIES_BENEFITED,
        position=1,
    )
    Level.objects.create(part=parties, points=1, descriptor="up to 5", count_from=1, count_to=5)
    Level.objects.create(part=parties, points=2, descriptor="more than 5", count_from=6)
    Criterion.objects.create(methodology=methodology, code="c", name="Cooperation", position=2)
    return methodology


def level(methodology, code, points, part_position=0):
    return Level.objects.get(
        part__criterion__methodology=methodology,
        part__criterion__code=code,
        part__position=part_position,
        points=points,
    )


def part(methodology, code, position=0):
    return CriterionPart.objects.select_related("criterion").get(
        criterion__methodology=methodology, criterion__code=code, position=position
    )


def make_version(centre, *, kind="activity_report", received_at=None):
    """A submission version of `centre` for a request of `kind`."""
    obligation = factories.ObligationFactory(
        centre=centre,
        request=factories.RequestFactory(
            convention_centres="",
            kind=kind,
            period_start=dt.date(2015, 1, 1),
            period_end=dt.date(2016, 12, 31)
            if kind == "activity_report"
            else dt.date(2018, 12, 31),
            due_date=dt.date(2016, 12, 31),
        ),
    )
    return factories.version_received(
        obligation, received_at=received_at or dt.datetime(2016, 12, 15, 10, tzinfo=dt.UTC)
    )


def make_cycle(methodology, year=2019, **kwargs):
    """Create the cycle of `year`: the four years before it, reported to the COP of that year."""
    values = {
        "year": year,
        "methodology": methodology,
        "cop": (year - 2001) // 2,  # COP-7 met in 2015, COP-9 in 2019
        "period_start": dt.date(year - 4, 1, 1),
        "period_end": dt.date(year - 1, 12, 31),
    }
    return EvaluationCycle.objects.create(**(values | kwargs))


def make_evaluation(cycle, centre, **kwargs):
    """Create the evaluation of `centre` in `cycle`, out of the grid's 33 points."""
    return Evaluation.objects.create(cycle=cycle, centre=centre, max_total=33, **kwargs)


def make_scored(cycle, centre, levels, **kwargs):
    """Create the evaluation of `centre` in `cycle` and score it with `levels` ({part: level})."""
    from evaluations import services

    evaluation = make_evaluation(cycle, centre)
    services.evaluation_score(evaluation=evaluation, levels=levels, **kwargs)
    return evaluation
