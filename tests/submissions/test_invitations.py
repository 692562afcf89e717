"""Invitations: no due date, replies as at a date, never late, overdue, flagged or digested."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from submissions import reminders
from submissions.models import Obligation, ObligationStatus, RequestMode, status_for
from submissions.reminder_plan import Policy, obligation_plan
from submissions.selectors import (
    compliance_summary,
    digest_content,
    obligation_statuses,
    replies_as_at,
)
from submissions.services import obligation_waive
from tests import factories
from tests.clock import geneva
from tests.registry.dashboard_network import sc_centres, submit

pytestmark = pytest.mark.django_db

POLICY = Policy(
    days_before=(60, 30, 7, 1), overdue_every_days=14, overdue_reminders=5, escalate_after_days=30
)
S = ObligationStatus


@pytest.fixture
def brazil_spain_kenya():
    """Three Stockholm centres invited to give their views (letter of 20 April 2016)."""
    brazil, spain, kenya = sc_centres(3)
    invitation = factories.InvitationFactory()
    obligations = {
        c: Obligation.objects.get(request=invitation, centre=c) for c in (brazil, spain, kenya)
    }
    return invitation, obligations[brazil], obligations[spain], obligations[kenya]


def test_an_invitation_with_a_due_date_is_refused(db):
    invitation = factories.InvitationFactory.build(due_date=dt.date(2016, 6, 30))
    with pytest.raises(ValidationError) as error:
        invitation.full_clean()
    assert "due_date" in error.value.message_dict


def test_the_database_refuses_an_invitation_with_a_due_date_too(db):
    with pytest.raises(IntegrityError):
        factories.InvitationFactory(due_date=dt.date(2016, 6, 30))


def test_an_invitation_may_want_replies_by_a_date_and_an_obligation_may_not(db):
    factories.InvitationFactory.build(replies_wanted_by=dt.date(2016, 6, 30)).full_clean()
    obligation = factories.RequestFactory.build(replies_wanted_by=dt.date(2016, 6, 30))
    with pytest.raises(ValidationError) as error:
        obligation.full_clean()
    assert "replies_wanted_by" in error.value.message_dict


def test_an_invitation_may_be_addressed_to_chosen_centres_only(db):
    mercury, other = sc_centres(2)
    invitation = factories.InvitationFactory(convention_centres="", kind="information")
    invitation.centres.add(mercury)
    assert [o.centre for o in invitation.obligations.all()] == [mercury]


def test_the_rule_says_replied_or_no_reply_yet_whatever_the_dates():
    now = geneva(2020, 1, 1)
    facts = {
        "due_date": dt.date(2016, 6, 30),
        "extended_due_date": dt.date(2016, 7, 30),
        "waived_at": geneva(2016, 5, 1),
        "invitation": True,
    }
    assert status_for(now=now, first_received_at=None, **facts) == S.NO_REPLY_YET
    late_by_any_measure = geneva(2019, 1, 1)
    assert status_for(now=now, first_received_at=late_by_any_measure, **facts) == S.REPLIED


def test_the_database_says_the_same_as_the_rule(brazil_spain_kenya):
    invitation, brazil, spain, _kenya = brazil_spain_kenya
    submit(brazil, geneva(2016, 6, 24, 10))
    submit(spain, geneva(2016, 7, 20, 10))
    for as_at in (geneva(2016, 5, 1), geneva(2016, 7, 13, 23, 59), geneva(2030, 1, 1)):
        obligations = Obligation.objects.filter(request=invitation).prefetch_related(
            "extensions", "submission__versions"
        )
        for obligation, status in obligation_statuses(as_at, obligations):
            assert status == obligation.status_at(as_at)
            assert status in (S.REPLIED, S.NO_REPLY_YET)


def test_replies_as_at_a_day_count_until_its_end_in_geneva_in_order(brazil_spain_kenya):
    invitation, brazil, spain, kenya = brazil_spain_kenya
    submit(spain, geneva(2016, 6, 29, 10))
    submit(brazil, geneva(2016, 6, 24, 10))
    submit(kenya, geneva(2016, 7, 14, 0, 30))  # the next day in Geneva
    replies = replies_as_at(invitation, dt.date(2016, 7, 13))
    assert replies == [brazil, spain]
    assert replies[0].first_received_at == geneva(2016, 6, 24, 10)
    assert replies_as_at(invitation, dt.date(2016, 7, 14)) == [brazil, spain, kenya]
    assert replies_as_at(invitation, geneva(2016, 6, 25)) == [brazil]


def test_the_summary_counts_replies_and_nobody_late_or_missing(brazil_spain_kenya):
    invitation, brazil, _spain, _kenya = brazil_spain_kenya
    submit(brazil, geneva(2016, 6, 24, 10))
    (row,) = compliance_summary(geneva(2017, 1, 1), [invitation])
    assert (row["mode"], row["expected"], row["replies"], row["submitted"]) == (
        RequestMode.INVITATION,
        3,
        1,
        1,
    )
    assert row["late"] is None and row["missing"] is None and row["overdue"] is None


def test_an_invitation_is_not_waived(brazil_spain_kenya, staff):
    _invitation, brazil, _spain, _kenya = brazil_spain_kenya
    with pytest.raises(ValidationError, match="nobody owes a reply"):
        obligation_waive(obligation=brazil, waived_by=staff, reason="Closed")


def plan_invitation(now, replies_wanted_by, replied=False):
    return obligation_plan(
        now=now,
        status=S.REPLIED if replied else S.NO_REPLY_YET,
        due_date=replies_wanted_by,
        flagged=False,
        policy=POLICY,
        stale=dt.timedelta(days=7),
        recheck=dt.timedelta(days=1),
    )


def test_an_invitation_gets_the_reminders_before_the_date_replies_are_wanted_by():
    wanted_by = dt.date(2016, 6, 30)
    step = plan_invitation(geneva(2016, 6, 29, 9), wanted_by).step
    assert (step.kind, step.offset_days) == ("reminder", -1)


def test_an_invitation_gets_nothing_after_that_date():
    wanted_by = dt.date(2016, 6, 30)
    for day in (1, 2, 15, 40):
        result = plan_invitation(geneva(2016, 6, 30, 9) + dt.timedelta(days=day), wanted_by)
        assert result.step is None and not result.flag and not result.flag_email


def test_an_invitation_without_a_date_gets_no_reminder():
    result = plan_invitation(geneva(2016, 6, 29, 9), None)
    assert result.step is None and not result.flag


def test_a_reply_ends_the_checks():
    assert plan_invitation(geneva(2016, 6, 29, 9), dt.date(2016, 6, 30), replied=True).step is None


def test_the_scan_never_flags_an_invitation_late(settings):
    settings.REGISTRY_SECRETARIAT_EMAIL = "secretariat@example.org"
    centre = factories.CentreFactory()
    factories.ContactFactory(centre=centre, email="director@centre.example.org")
    invitation = factories.InvitationFactory(
        convention_centres="", replies_wanted_by=dt.date(2016, 6, 30)
    )
    invitation.centres.add(centre)
    obligation = Obligation.objects.get(request=invitation)
    before = reminders.deadlines_scan(now=geneva(2016, 6, 29, 9))
    assert dict(before.steps) == {"reminder": 1}
    for day in (1, 2, 16, 31, 60):
        result = reminders.deadlines_scan(now=geneva(2016, 6, 30, 9) + dt.timedelta(days=day))
        assert result.flagged == 0 and not result.steps
    assert list(obligation.reminder_steps.values_list("kind", flat=True)) == ["reminder"]


def test_the_digest_lists_no_invitation(brazil_spain_kenya):
    invitation, brazil, _spain, _kenya = brazil_spain_kenya
    submit(brazil, geneva(2016, 6, 24, 10))
    workplan = factories.RequestFactory(due_date=dt.date(2016, 7, 31))
    content = digest_content(since=None, as_at=geneva(2016, 7, 13, 12))
    listed = [r["obligation"].request for r in content["due_soon"] + content["overdue"]]
    listed += [v.submission.obligation.request for v in content["received"]]
    assert invitation not in listed
    assert workplan in listed
