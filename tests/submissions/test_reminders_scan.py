"""The deadlines scan with eager tasks and the in-memory mailer: what goes out, and once."""

import datetime as dt

import pytest
from django.core import mail

from outbox.models import EmailLog
from submissions import reminders
from submissions.models import (
    DeadlineCheck,
    Obligation,
    RegionBureauContact,
    ReminderPolicy,
    ReminderStep,
)
from tests import factories
from tests.clock import geneva

from ._reminders import FULL_CYCLE, SECRETARIAT, days_sent, owing_centre, scan_full_cycle, sent_to

pytestmark = pytest.mark.django_db


def test_it_sends_the_reminder_due_to_every_contact_in_their_language(scan):
    obligation = owing_centre(languages=("en", "fr", "es"))
    result = scan(geneva(2015, 9, 23, 9))
    assert result.steps == {"reminder": 1}
    assert len(mail.outbox) == 3
    by_language = {e.language: e for e in EmailLog.objects.all()}
    assert set(by_language) == {"en", "fr", "es"}
    assert all(e.status == EmailLog.Status.SENT and e.attempts == 1 for e in by_language.values())
    fr = sent_to(by_language["fr"].recipient)[0]
    assert "30 septembre 2015" in fr.body
    assert "30 de septiembre de 2015" in sent_to(by_language["es"].recipient)[0].body
    en = sent_to(by_language["en"].recipient)[0]
    assert "7 days left" in en.body and obligation.request.label in en.subject
    assert en.alternatives[0].mimetype == "text/html"
    assert en.extra_headers["Message-ID"] == by_language["en"].message_id


def test_a_second_scan_at_the_same_moment_sends_nothing_more(scan):
    owing_centre()
    scan(geneva(2015, 9, 23, 9))
    DeadlineCheck.objects.update(next_check_at=geneva(2000, 1, 1))  # force a full re-check
    again = scan(geneva(2015, 9, 23, 9))
    assert again.checked == 1 and not again.steps and not again.emails
    assert len(mail.outbox) == 1
    assert ReminderStep.objects.count() == 1


def test_nothing_goes_out_for_submitted_waived_or_open_obligations(scan, staff):
    submitted = owing_centre()
    factories.version_received(submitted, received_at=geneva(2015, 9, 1))
    waived = owing_centre()
    Obligation.objects.filter(pk=waived.pk).update(
        waived_at=geneva(2015, 9, 1), waived_reason="Centre ceased", waived_by=staff
    )
    owing_centre(due_date=None)
    result = scan(geneva(2015, 10, 2))
    assert result.checked == 3
    assert not result.steps and not mail.outbox and result.flagged == 0
    assert DeadlineCheck.objects.get(pk=submitted.pk).next_check_at is None


def test_an_extension_moves_the_schedule_to_the_new_date(scan):
    obligation = owing_centre()
    factories.ExtensionFactory(
        obligation=obligation, new_due_date=dt.date(2015, 10, 31), decided_at=geneva(2015, 9, 20)
    )
    result = scan(geneva(2015, 10, 1, 8))
    assert result.flagged == 0
    assert result.steps == {"reminder": 1}
    assert ReminderStep.objects.get().step == "2015-10-31/-30"
    assert "31 October 2015" in mail.outbox[0].body and "extended from" in mail.outbox[0].body


def test_it_tells_the_secretariat_once_when_an_obligation_becomes_overdue(scan):
    obligation = owing_centre(name="Centre in Brazil")
    first = scan(geneva(2015, 10, 1, 0, 30))
    assert first.flagged == 1
    flags = sent_to(SECRETARIAT)
    assert len(flags) == 1 and "Centre in Brazil" in flags[0].subject
    assert Obligation.objects.get(pk=obligation.pk).overdue_flagged_at == geneva(2015, 10, 1, 0, 30)
    DeadlineCheck.objects.update(next_check_at=geneva(2000, 1, 1))
    assert scan(geneva(2015, 10, 1, 1)).flagged == 0
    assert len(sent_to(SECRETARIAT)) == 1


def test_an_escalation_copies_the_focal_point_and_the_regions_bureau_member(scan):
    region = factories.RegionFactory(code="GRULAC")
    RegionBureauContact.objects.create(region=region, name="Bureau", email="bureau@example.org")
    owing_centre(region=region)
    result = scan(geneva(2015, 11, 12, 9))  # 43 days late
    assert result.steps == {"escalation": 1}
    (message,) = [m for m in mail.outbox if m.cc]
    assert message.cc == [SECRETARIAT, "bureau@example.org"]
    assert "43 days overdue" in message.subject


def test_a_policy_per_request_kind_replaces_the_default(scan):
    ReminderPolicy.objects.create(
        request_kind="activity_report", days_before="10", overdue_reminders=0
    )
    owing_centre(kind="activity_report", due_date=dt.date(2016, 12, 31))
    assert not scan(geneva(2016, 12, 20)).steps  # 11 days before: nothing under this policy
    DeadlineCheck.objects.update(next_check_at=geneva(2000, 1, 1))
    assert scan(geneva(2016, 12, 21, 9)).steps == {"reminder": 1}
    assert set(scan(geneva(2017, 1, 1, 9)).steps) == {"late_flag"}


def test_changing_a_policy_rechecks_that_kind_at_the_next_scan(scan):
    owing_centre()
    scan(geneva(2015, 9, 23, 9))
    policy = ReminderPolicy.objects.create(request_kind="workplan", days_before="6")
    reminders.policy_changed(policy=policy)
    assert scan(geneva(2015, 9, 24, 9)).steps == {"reminder": 1}


@pytest.mark.parametrize("centres", [2, 12])
def test_the_scan_runs_a_fixed_number_of_queries(scan, centres, django_assert_max_num_queries):
    for _i in range(centres):
        owing_centre(languages=("en", "fr"))
    # 11, one for the language of the Secretariat's mailbox (the late flags), the stored
    # statuses that ran out re-stamped (a lock, a read, an update) and one more on the first
    # test of a process.
    with django_assert_max_num_queries(16):
        result = reminders.deadlines_scan(now=geneva(2015, 10, 1, 9))
    assert result.checked == centres and result.flagged == centres
    assert len(result.emails) == 3 * centres


def test_a_full_cycle_sends_exactly_the_expected_sequence(scan, settings):
    """From 90 days before the due date to 60 days after, scanned every six hours."""
    obligation = owing_centre(languages=("fr",))
    scan_full_cycle(scan)
    assert days_sent(EmailLog.objects.all()) == FULL_CYCLE
    assert len(mail.outbox) == 10
    assert ReminderStep.objects.filter(obligation=obligation).count() == 10


def test_each_kind_of_request_escalates_under_its_own_policy(scan):
    ReminderPolicy.objects.create(request_kind="activity_report", escalate_after_days=50)
    owing_centre(kind="workplan")
    owing_centre(kind="activity_report")
    result = scan(geneva(2015, 11, 12, 9))  # 43 days late for both
    assert result.steps == {"escalation": 1, "overdue": 1}
