"""The cast of the evaluation tests: a grid like SC-6/16's known part, a cycle, evaluations."""

import pytest

from evaluations import services
from evaluations.models import CycleStatus
from tests.evaluations.grid import level, make_cycle, make_evaluation, make_methodology, part


@pytest.fixture
def methodology(db):
    return make_methodology()


@pytest.fixture
def cycle(methodology):
    return make_cycle(methodology)


@pytest.fixture
def evaluation_a(cycle, centre_a):
    return make_evaluation(cycle, centre_a)


@pytest.fixture
def evaluation_b(cycle, centre_b):
    return make_evaluation(cycle, centre_b)


@pytest.fixture
def closed(cycle, evaluation_a):
    """The cycle with centre A scored on parts (a) and (b)(0), then closed (not published)."""
    methodology = cycle.methodology
    services.evaluation_score(
        evaluation=evaluation_a,
        levels={
            part(methodology, "a"): level(methodology, "a", 4),
            part(methodology, "b", 0): level(methodology, "b", 2),
        },
    )
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    cycle.refresh_from_db()
    return cycle
