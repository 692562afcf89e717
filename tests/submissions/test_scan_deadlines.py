"""`manage.py scan_deadlines`: the same scan, synchronously, as at any instant."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from outbox.models import EmailLog
from submissions.models import ReminderStep
from submissions.selectors import BAD_AS_AT

from ._reminders import owing_centre

pytestmark = pytest.mark.django_db


def scan(*args):
    out = StringIO()
    call_command("scan_deadlines", *args, stdout=out)
    return out.getvalue()


def test_it_scans_as_of_the_given_instant_and_prints_what_it_did():
    owing_centre(languages=("en", "fr"))
    out = scan("--as-of", "2015-09-23T09:00:00+02:00")
    assert "As at 2015-09-23T09:00:00+02:00: checked 1 obligations" in out
    assert "claimed steps (reminder: 1)" in out and "queued 2 emails" in out
    assert ReminderStep.objects.get().step == "2015-09-30/-7"
    assert EmailLog.objects.count() == 2


def test_a_date_means_the_end_of_that_day_in_geneva():
    owing_centre()
    out = scan("--as-of", "2015-09-30")
    assert "flagged 0 as overdue" in out
    assert "flagged 1 as overdue" in scan("--as-of", "2015-10-01")


def test_it_can_queue_the_weekly_digest_once(staff):
    assert "Queued the digest of the week of 2015-09-21" in scan(
        "--as-of", "2015-09-23", "--digest"
    )
    assert "already queued" in scan("--as-of", "2015-09-24", "--digest")


def test_a_bad_timestamp_is_a_clear_error():
    with pytest.raises(CommandError) as error:
        scan("--as-of", "2015-09-23T09:00")
    assert str(error.value) == str(BAD_AS_AT)
