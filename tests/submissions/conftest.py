"""Fixtures of the submissions tests: one workplan request owed by two centres, in Geneva time."""

import datetime as dt

import pytest
import time_machine

from submissions import reminders
from submissions.models import Obligation
from tests import factories
from tests.submissions._reminders import SECRETARIAT
from tests.submissions.moments import BEFORE_DUE


@pytest.fixture
def frozen():
    with time_machine.travel(BEFORE_DUE, tick=False) as traveller:
        yield traveller


@pytest.fixture
def scan(django_capture_on_commit_callbacks, settings):
    """Run the deadlines scan at `now` (the clock stopped there), its emails sent on commit."""
    settings.REGISTRY_SECRETARIAT_EMAIL = SECRETARIAT

    def run(now, **kwargs):
        with time_machine.travel(now, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                return reminders.deadlines_scan(now=now, **kwargs)

    return run


@pytest.fixture
def workplan_request(db, centre_a, centre_b):
    request = factories.RequestFactory(
        convention_centres="", paragraph="11(a)", due_date=dt.date(2015, 9, 30)
    )
    request.centres.add(centre_a, centre_b)
    return request


@pytest.fixture
def obligation_a(workplan_request, centre_a):
    return Obligation.objects.get(request=workplan_request, centre=centre_a)


@pytest.fixture
def obligation_b(workplan_request, centre_b):
    return Obligation.objects.get(request=workplan_request, centre=centre_b)


@pytest.fixture
def records(staff, centre_a, centre_b):
    """Brazil submitted on time, Spain has an extension, Chile (a Party) owes information."""
    from tests.submissions.admin_records import admin_records

    return admin_records(staff, centre_a, centre_b)
