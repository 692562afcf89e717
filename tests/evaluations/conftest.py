"""The cast of the evaluation tests: a grid like SC-6/16's known part, a cycle, evaluations."""

import pytest

from tests.evaluations.grid import make_cycle, make_evaluation, make_methodology


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
