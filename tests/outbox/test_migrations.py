"""The move of EmailLog from submissions to the outbox keeps every row and every link."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from outbox.models import EmailLog
from submissions.models import Digest, Obligation, ReminderStep
from tests.submissions._reminders import owing_centre

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("submissions", "0005_first_received_at")]
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor


def test_old_rows_keep_their_obligation_step_and_digest_links_through_the_move():
    obligation = owing_centre()
    step = ReminderStep.objects.create(
        obligation=obligation, step="2015-09-30/-7", kind="reminder", created_at=NOW
    )
    digest = Digest.objects.create(week=dt.date(2026, 3, 2), covers_to=NOW)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    try:
        _migrate([("outbox", None)])
        old = _migrate(BEFORE).loader.project_state(BEFORE).apps
        OldEmail = old.get_model("submissions", "EmailLog")
        common = {"cc": "", "language": "fr", "created_at": NOW, "status": "sent"}
        OldEmail.objects.create(
            kind="reminder",
            recipient="a@centre.org",
            obligation_id=obligation.pk,
            step_id=step.pk,
            **common,
        )
        OldEmail.objects.create(
            kind="receipt",
            recipient="b@centre.org",
            subject="Receipt",
            body="Text",
            obligation_id=obligation.pk,
            **common,
        )
        OldEmail.objects.create(
            kind="digest", recipient="staff@brsmeas.org", digest_id=digest.pk, **common
        )
    finally:
        _migrate(latest)

    emails = {e.kind: e for e in EmailLog.objects.select_related("content_type")}
    assert set(emails) == {"reminder", "receipt", "digest"}
    obligation_type = ContentType.objects.get_for_model(Obligation)
    assert (emails["reminder"].content_type, emails["reminder"].object_id) == (
        obligation_type,
        obligation.pk,
    )
    assert emails["reminder"].once_key == f"reminderstep:{step.pk}"
    assert emails["receipt"].target == obligation and emails["receipt"].once_key == ""
    assert emails["receipt"].body == "Text" and emails["receipt"].language == "fr"
    assert emails["digest"].target == digest
    assert emails["digest"].once_key == f"digest:{digest.pk}"
    assert set(obligation.emails.values_list("kind", flat=True)) == {"reminder", "receipt"}
