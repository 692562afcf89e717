"""`manage.py compliance_summary`: counts per request as at an instant."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from submissions.selectors import compliance_summary
from tests import factories
from tests.clock import GENEVA


def run(*args):
    out = io.StringIO()
    call_command("compliance_summary", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def workplans(db):
    """Three Stockholm centres owing a workplan due 30 September 2015."""
    centres = [factories.CentreFactory(name=f"Centre {n}") for n in range(3)]
    for centre in centres:
        factories.EndorsementFactory(centre=centre)
    request = factories.RequestFactory(paragraph="11(a)")
    obligations = {o.centre.name: o for o in request.obligations.select_related("centre")}

    def receive(name, when):
        factories.version_received(obligations[name], received_at=when)

    receive("Centre 0", dt.datetime(2015, 9, 30, 23, 30, tzinfo=GENEVA))
    receive("Centre 1", dt.datetime(2015, 10, 1, 0, 30, tzinfo=GENEVA))
    return request


def test_it_prints_json_with_the_documented_keys(workplans):
    rows = json.loads(run("--as-at", "2015-12-31", "--json"))
    assert rows == [
        {
            "mode": "obligation",
            "decision": "SC-7/17",
            "paragraph": "11(a)",
            "kind": "workplan",
            "period_start": "2016-01-01",
            "period_end": "2019-12-31",
            "due_date": "2015-09-30",
            "expected": 3,
            "submitted": 2,
            "on_time": 1,
            "late": 1,
            "missing": 1,
            "waived": 0,
            "overdue": 1,
            "extended": 0,
            "due_soon": 0,
            "not_yet_due": 0,
            "replies": None,
        }
    ]


def test_a_date_means_the_end_of_that_day_in_geneva(workplans):
    # Received at 00:30 Geneva on 1 October: not yet there at the end of 30 September.
    assert json.loads(run("--as-at", "2015-09-30", "--json"))[0]["submitted"] == 1
    assert json.loads(run("--as-at", "2015-10-01", "--json"))[0]["submitted"] == 2


def test_a_full_timestamp_is_accepted(workplans):
    rows = json.loads(run("--as-at", "2015-09-30T22:00:00+00:00", "--json"))
    # 22:00 UTC is midnight in Geneva: the 23:30 version is in, the 00:30 one just not.
    assert rows[0]["submitted"] == 1


def test_the_table_names_each_request(workplans):
    out = run("--as-at", "2015-12-31")
    assert "As at 2015-12-31T23:59:59.999999+01:00" in out
    assert "SC-7/17" in out and "11(a)" in out and "2015-09-30" in out


def test_a_request_not_yet_issued_is_left_out(workplans):
    # SC-7/17 was adopted on 15 May 2015.
    assert json.loads(run("--as-at", "2015-05-01", "--json")) == []


def test_a_waived_obligation_is_counted_as_waived_not_overdue(workplans, staff):
    obligation = workplans.obligations.get(centre__name="Centre 2")
    obligation.waived_at = dt.datetime(2015, 11, 1, tzinfo=GENEVA)
    obligation.waived_reason = "The centre ceased operating."
    obligation.waived_by = staff
    obligation.save()
    row = json.loads(run("--as-at", "2015-12-31", "--json"))[0]
    assert (row["expected"], row["waived"], row["overdue"]) == (3, 1, 0)
    # Before the waiver it was overdue.
    before = json.loads(run("--as-at", "2015-10-31", "--json"))[0]
    assert (before["waived"], before["overdue"]) == (0, 1)


@pytest.mark.parametrize("bad", ["yesterday", "2016-02-30", "2016-12-31T10:00:00"])
def test_bad_as_at_is_refused_with_a_readable_message(db, bad):
    with pytest.raises(CommandError, match="Give a date"):
        run("--as-at", bad)


def test_the_summary_runs_a_fixed_number_of_queries(workplans, django_assert_max_num_queries):
    from submissions.selectors import parse_as_at

    as_at = parse_as_at("2016-12-31")
    with django_assert_max_num_queries(2):
        compliance_summary(as_at)
    for n in range(20):
        factories.EndorsementFactory(centre=factories.CentreFactory(name=f"More {n}"))
    factories.RequestFactory(
        paragraph="11(b)",
        kind="activity_report",
        period_start=dt.date(2015, 1, 1),
        period_end=dt.date(2016, 12, 31),
        due_date=dt.date(2016, 12, 31),
    )
    with django_assert_max_num_queries(2):
        rows = compliance_summary(as_at)
    assert [r["expected"] for r in rows] == [23, 23]
