"""An action's status: the pure rule (`action_status`) at its edges in Geneva time, and its SQL
twin (`ActionQuerySet.with_status`) agreeing with it on a seeded random set of actions."""

import datetime as dt
import random

import pytest

from submissions.action_plans import action_counts_by_region, centre_action_counts
from submissions.models import Action, ActionState, ActionStatus, action_status
from tests import factories
from tests.clock import GENEVA, geneva

DUE = dt.date(2016, 3, 27)  # the day summer time starts in Geneva


def test_an_open_action_is_late_from_the_start_of_the_day_after_its_due_date_in_geneva():
    last = dt.datetime(2016, 3, 27, 23, 59, 59, 999999, tzinfo=GENEVA)
    for state in (ActionState.PLANNED, ActionState.IN_PROGRESS):
        assert action_status(state=state, due_date=DUE, now=last) == ActionStatus.OPEN
        late = action_status(state=state, due_date=DUE, now=geneva(2016, 3, 28))
        assert late == ActionStatus.LATE


def test_done_and_cancelled_are_final_and_no_due_date_is_never_late():
    long_after = geneva(2030, 1, 1)
    assert action_status(state="done", due_date=DUE, now=long_after) == ActionStatus.DONE
    assert action_status(state="cancelled", due_date=DUE, now=long_after) == ActionStatus.CANCELLED
    assert action_status(state="planned", due_date=None, now=long_after) == ActionStatus.OPEN
    far = dt.date(9999, 12, 31)
    assert action_status(state="planned", due_date=far, now=long_after) == ActionStatus.OPEN


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_sql_twin_agrees_with_the_rule(seed):
    rng = random.Random(seed)
    centre = factories.CentreFactory()
    gap = factories.GapFactory(centre=centre)
    days = [DUE - dt.timedelta(days=1), DUE, DUE + dt.timedelta(days=1), None]
    for _i in range(60):
        state = rng.choice(ActionState.values)
        factories.ActionFactory(
            gap=gap,
            state=state,
            due_date=rng.choice(days),
            done_on=DUE if state == ActionState.DONE else None,
        )
    instants = [
        dt.datetime(2016, 3, 27, 23, 59, 59, 999999, tzinfo=GENEVA),
        geneva(2016, 3, 28),
        geneva(2016, 3, 26, 12),
        geneva(2016, 3, 28, 0, 0, 1),
    ]
    for now in instants:
        sql = dict(Action.objects.with_status(now).values_list("pk", "status"))
        for action in Action.objects.all():
            assert sql[action.pk] == action.status_at(now), (action.state, action.due_date, now)
        counts = centre_action_counts(centre, now)
        expected = {
            s: sum(1 for a in Action.objects.all() if a.status_at(now) == s) for s in ActionStatus
        }
        assert counts == expected
        by_region = {region.pk: c for region, c, _total in action_counts_by_region(now)}
        assert by_region[centre.region_id] == expected
