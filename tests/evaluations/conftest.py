"""The cast of the evaluation tests: a grid like SC-6/16's known part, a cycle, evaluations."""

import datetime as dt

import pytest

from evaluations.models import Evaluation, EvaluationCycle
from tests.evaluations.grid import make_methodology


@pytest.fixture
def methodology(db):
    return make_methodology()


@pytest.fixture
def cycle(methodology):
    return EvaluationCycle.objects.create(
        year=2019,
        methodology=methodology,
        cop=9,
        period_start=dt.date(2015, 1, 1),
        period_end=dt.date(2018, 12, 31),
    )


@pytest.fixture
def evaluation_a(cycle, centre_a):
    return Evaluation.objects.create(cycle=cycle, centre=centre_a, max_total=33)


@pytest.fixture
def evaluation_b(cycle, centre_b):
    return Evaluation.objects.create(cycle=cycle, centre=centre_b, max_total=33)
