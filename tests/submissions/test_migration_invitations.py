"""Migration 0010: the requests that are invitations by the decisions' words become
invitations, on data shaped like today's, and no obligation row, version or date is lost."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from submissions.models import (
    DeadlineCheck,
    Obligation,
    Request,
    RequestKind,
    RequestMode,
    SubmissionVersion,
)
from tests import factories
from tests.clock import geneva
from tests.registry.dashboard_network import sc_centres, submit

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("submissions", "0009_request_mode")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def todays_requests():
    """The demo's requests as they were stored before invitations: 12(b) with a due date."""
    decision = factories.DecisionFactory()
    sc_centres(3)
    workplan = factories.RequestFactory(decision=decision, paragraph="11(a)")
    views = factories.ViewsLetterFactory(
        decision=decision, paragraph="12(b)", convention_centres="SC", all_parties=True
    )
    mercury = factories.MercuryInformationFactory(decision=decision)
    letter = factories.ViewsLetterFactory(convention_centres="SC")  # views, no period, a date
    information_for_a_period = factories.RequestFactory(
        decision=decision,
        paragraph="19",
        kind=RequestKind.INFORMATION,
        period_start=dt.date(2016, 1, 1),
        period_end=dt.date(2016, 12, 31),
        due_date=dt.date(2017, 3, 31),
    )
    return workplan, views, mercury, letter, information_for_a_period


def test_invitations_by_the_words_and_by_the_rule_lose_nothing():
    workplan, views, mercury, letter, information_for_a_period = todays_requests()
    replied = Obligation.objects.filter(request=views).order_by("pk").first()
    submit(replied, geneva(2016, 6, 24, 10))
    submit(Obligation.objects.filter(request=workplan).first(), geneva(2015, 9, 1, 10))
    DeadlineCheck.objects.create(
        obligation=Obligation.objects.filter(request=views).last(),
        next_check_at=geneva(2030, 1, 1),
        overdue_flagged_at=geneva(2016, 7, 1),
    )
    obligations = set(Obligation.objects.values_list("pk", "request_id", "centre_id", "party_id"))
    versions = set(SubmissionVersion.objects.values_list("pk", "received_at"))

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate(BEFORE)
    _migrate(latest)

    modes = dict(Request.objects.values_list("pk", "mode"))
    assert modes[views.pk] == modes[mercury.pk] == modes[letter.pk] == RequestMode.INVITATION
    assert modes[workplan.pk] == modes[information_for_a_period.pk] == RequestMode.OBLIGATION
    views.refresh_from_db()
    assert (views.due_date, views.replies_wanted_by) == (None, dt.date(2016, 6, 30))
    letter.refresh_from_db()
    assert (letter.due_date, letter.replies_wanted_by) == (None, dt.date(2016, 6, 30))
    workplan.refresh_from_db()
    assert (workplan.due_date, workplan.replies_wanted_by) == (dt.date(2015, 9, 30), None)
    assert set(Obligation.objects.values_list("pk", "request_id", "centre_id", "party_id")) == (
        obligations
    )
    assert set(SubmissionVersion.objects.values_list("pk", "received_at")) == versions
    # The scan looks at the invitation's addressees again at once.
    check = DeadlineCheck.objects.get(obligation__request=views)
    assert check.next_check_at < geneva(2001, 1, 1)
    assert replied.status_at(geneva(2016, 7, 13, 12)) == "replied"
