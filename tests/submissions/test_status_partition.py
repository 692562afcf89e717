"""Property: as at any instant, the counts of a request partition its addressees.

Hypothesis draws random histories (a due date or none, extensions granted or refused, a waiver,
versions, an obligation or an invitation) and random instants. For each instant every
addressee of an obligation is in exactly one of submitted on time, submitted late, waived,
overdue, extended, due soon and not yet due (and of an invitation in exactly one of replied and
no reply yet); the database (`with_status`, `compliance_summary`) agrees with `status_for`,
and the summary's counts add up to the addressees expected.
"""

import datetime as dt
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from submissions.models import (
    Extension,
    Obligation,
    RequestMode,
    Submission,
    SubmissionVersion,
)
from submissions.selectors import PARTITION_KEYS, compliance_summary
from submissions.status import INVITATION_STATUSES, OBLIGATION_STATUSES
from tests import factories
from tests.clock import GENEVA

pytestmark = pytest.mark.django_db

BASE = dt.datetime(2016, 3, 1, tzinfo=GENEVA)  # spans the change to summer time (27 March)
DAYS = 120

# An instant within DAYS days either side of BASE, to the minute.
instants = st.builds(
    lambda days, minutes: BASE + dt.timedelta(days=days, minutes=minutes),
    st.integers(-DAYS, DAYS),
    st.integers(0, 24 * 60 - 1),
)
extensions = st.tuples(
    instants,  # decided at
    st.integers(1, 60),  # days added to the request's due date
    st.sampled_from([Extension.Status.GRANTED, Extension.Status.REFUSED]),
)
addressees = st.fixed_dictionaries(
    {
        "versions": st.lists(instants, max_size=3),
        "waived_at": st.none() | instants,
        "extensions": st.lists(extensions, max_size=2),
    }
)
histories = st.fixed_dictionaries(
    {
        "mode": st.sampled_from([RequestMode.OBLIGATION, RequestMode.INVITATION]),
        "due": st.none() | st.integers(-DAYS // 2, DAYS // 2),
        "addressees": st.lists(addressees, min_size=1, max_size=5),
        "instants": st.lists(instants, min_size=1, max_size=6),
    }
)


def build(history):
    """Create the request and its addressees' records described by `history`."""
    invitation = history["mode"] == RequestMode.INVITATION
    due = (
        None
        if invitation or history["due"] is None
        else BASE.date() + dt.timedelta(days=history["due"])
    )
    request = factories.RequestFactory(
        convention_centres="",
        mode=history["mode"],
        due_date=due,
        kind="views" if invitation else "workplan",
        period_start=None if invitation else dt.date(2016, 1, 1),
        period_end=None if invitation else dt.date(2019, 12, 31),
    )
    for facts in history["addressees"]:
        obligation = factories.ObligationFactory(request=request)
        if facts["waived_at"] is not None:
            Obligation.objects.filter(pk=obligation.pk).update(
                waived_at=facts["waived_at"], waived_reason="Closed"
            )
        for decided_at, days, status in facts["extensions"] if due else []:
            factories.ExtensionFactory(
                obligation=obligation,
                new_due_date=due + dt.timedelta(days=days),
                decided_at=decided_at,
                status=status,
            )
        if facts["versions"]:
            submission = Submission.objects.create(obligation=obligation)
            for number, received_at in enumerate(facts["versions"], start=1):
                SubmissionVersion.objects.create(
                    submission=submission,
                    number=number,
                    received_through="email",
                    received_at=received_at,
                )
    return request


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories)
def test_the_counts_partition_the_addressees_and_agree_with_the_rule(db, history):
    request = build(history)
    rows = list(
        Obligation.objects.filter(request=request)
        .select_related("request")
        .prefetch_related("submission__versions", "extensions")
    )
    allowed = INVITATION_STATUSES if request.mode == RequestMode.INVITATION else OBLIGATION_STATUSES
    for as_at in history["instants"]:
        by_rule = {o.pk: o.status_at(as_at) for o in rows}
        in_sql = dict(
            Obligation.objects.filter(request=request)
            .with_status(as_at)
            .values_list("pk", "status")
        )
        assert in_sql == by_rule, as_at
        assert set(by_rule.values()) <= set(allowed), as_at
        counts = Counter(by_rule.values())
        (row,) = compliance_summary(as_at, [request])
        assert row["expected"] == len(rows)
        if request.mode == RequestMode.INVITATION:
            assert row["replies"] == counts["replied"]
            assert row["replies"] <= row["expected"]
            continue
        assert sum(row[key] for key in PARTITION_KEYS) == row["expected"], as_at
        for key, status in PARTITION_KEYS.items():
            assert row[key] == counts[status], (as_at, key)
        assert row["submitted"] == row["on_time"] + row["late"]
        assert row["missing"] == row["expected"] - row["submitted"]
