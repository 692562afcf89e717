"""On PostgreSQL: two people scoring the same evaluation at once never lose a score's points."""

import threading
import time

import pytest
from django.db import transaction

from evaluations import services
from tests import factories
from tests.evaluations.grid import level, make_cycle, make_evaluation, make_methodology, part
from tests.threads import run_together


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_scores_of_two_parts_add_up():
    methodology = make_methodology()
    cycle = make_cycle(methodology)
    evaluation = make_evaluation(cycle, factories.CentreFactory())
    a_part, a_level = part(methodology, "a"), level(methodology, "a", 4)
    b_part, b_level = part(methodology, "b"), level(methodology, "b", 8)
    first_wrote = threading.Event()

    def first():
        try:
            with transaction.atomic():
                services.evaluation_score(evaluation=evaluation, levels={a_part: a_level})
                first_wrote.set()
                time.sleep(0.5)  # hold the row lock while the second one starts
        finally:
            first_wrote.set()

    def second():
        first_wrote.wait(5)
        services.evaluation_score(evaluation=evaluation, levels={b_part: b_level})

    assert run_together(first, second, timeout=10) == []
    evaluation.refresh_from_db()
    assert evaluation.total == 12
    assert evaluation.scores.count() == 2
