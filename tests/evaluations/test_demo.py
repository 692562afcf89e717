"""The demo hook that `seed_demo` calls once the centres exist."""

import io

import pytest

from evaluations import demo
from evaluations.models import (
    Activity,
    CycleStatus,
    Evaluation,
    EvaluationCycle,
    Level,
    Methodology,
    PartyFeedback,
    Score,
)
from evaluations.selectors import methodology_grid
from tests import factories


@pytest.fixture
def network(db):
    """A minimal network: the centres in Brazil and Spain, and one without demo scores."""
    centres = {}
    for code in ("BR", "ES", "KW"):
        country = factories.PartyFactory(code=code, name=f"Country {code}")
        centres[code] = factories.CentreFactory(
            name=f"Stockholm centre {code}", host_country=country
        )
    for code in ("CO", "EG", "AR"):
        factories.PartyFactory(code=code)
    return centres


def counts():
    return [
        m.objects.count()
        for m in (Methodology, Level, EvaluationCycle, Evaluation, Score, Activity, PartyFeedback)
    ]


def test_it_loads_the_known_grid_cycles_and_illustrative_scores(network):
    out = io.StringIO()

    demo.seed(stdout=out)

    v1, v2 = methodology_grid().order_by("version")
    assert (v1.decision.code, v1.max_total, v2.previous_version) == ("SC-6/16", 33, v1)
    for m in (v1, v2):
        criteria = {c.code: c for c in m.criteria.all()}
        assert [lv.points for lv in criteria["a"].parts.all()[0].levels.all()] == [0, 1, 2, 4]
        b_activities, b_parties = criteria["b"].parts.all()
        assert [lv.points for lv in b_activities.levels.all()] == [0, 1, 2, 4, 8]
        assert [lv.points for lv in b_parties.levels.all()] == [1, 2]
        assert criteria["c"].name.startswith("Cooperation") and criteria["c"].max_points is None
        assert "Criterion (c) has no scale yet." in [str(p) for p in m.problems()]
    assert v1.is_locked and not v2.is_locked

    cycles = {c.year: c for c in EvaluationCycle.objects.all()}
    assert (cycles[2015].status, cycles[2015].methodology) == (CycleStatus.PUBLISHED, v1)
    assert (cycles[2019].status, cycles[2019].methodology) == (CycleStatus.OPEN, v2)
    brazil_2015 = Evaluation.objects.get(cycle=cycles[2015], centre=network["BR"])
    assert (brazil_2015.total, brazil_2015.outcome) == (10, "reendorse")
    assert Evaluation.objects.get(cycle=cycles[2019], centre=network["ES"]).open_for_comments
    assert Activity.objects.filter(mercury_related=True, centre=network["BR"]).count() == 2
    assert PartyFeedback.objects.filter(centre=network["BR"]).exists()
    assert "2 cycles" in out.getvalue()


def test_it_can_run_twice_without_adding_anything(network):
    demo.seed(stdout=io.StringIO())
    first = counts()

    demo.seed(stdout=io.StringIO())

    assert counts() == first


def test_it_runs_on_a_network_without_the_scored_centres(db):
    demo.seed(stdout=io.StringIO())

    assert EvaluationCycle.objects.count() == 2
    assert not Evaluation.objects.exists()
