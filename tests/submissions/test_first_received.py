"""The first receipt stored on an obligation: equal to its earliest version's, whatever the path."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from submissions.models import Obligation, Submission, SubmissionVersion
from tests import factories

pytestmark = pytest.mark.django_db

SEPTEMBER_29 = dt.datetime(2015, 9, 29, 14, 0, tzinfo=dt.UTC)
OCTOBER_5 = dt.datetime(2015, 10, 5, 9, 0, tzinfo=dt.UTC)
SEPTEMBER_10 = dt.datetime(2015, 9, 10, 16, 0, tzinfo=dt.UTC)

backfill = importlib.import_module(
    "submissions.migrations.0005_first_received_at"
).first_receipt_backfill


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def brazil_workplan(centre_a):
    request = factories.RequestFactory(convention_centres="")
    request.centres.add(centre_a)
    return request.obligations.get()


def stored_first(obligation):
    return Obligation.objects.values_list("first_receipt_at", flat=True).get(pk=obligation.pk)


def add_version(obligation, received_at, number):
    submission, _ = Submission.objects.get_or_create(obligation=obligation)
    return SubmissionVersion.objects.create(
        submission=submission,
        number=number,
        received_at=received_at,
        received_through="paper",
    )


def test_an_obligation_without_versions_has_no_first_receipt(brazil_workplan):
    assert stored_first(brazil_workplan) is None


def test_the_first_version_recorded_by_the_service_sets_it(brazil_workplan, staff):
    factories.version_received(brazil_workplan, received_at=SEPTEMBER_29, recorded_by=staff)

    assert stored_first(brazil_workplan) == SEPTEMBER_29


def test_a_later_version_leaves_it_alone(brazil_workplan):
    add_version(brazil_workplan, SEPTEMBER_29, 1)
    add_version(brazil_workplan, OCTOBER_5, 2)

    assert stored_first(brazil_workplan) == SEPTEMBER_29


def test_a_paper_version_received_earlier_but_recorded_later_moves_it_back(brazil_workplan):
    add_version(brazil_workplan, SEPTEMBER_29, 1)
    add_version(brazil_workplan, SEPTEMBER_10, 2)

    assert stored_first(brazil_workplan) == SEPTEMBER_10


def test_correcting_the_received_instant_of_the_first_version_follows(brazil_workplan):
    first = add_version(brazil_workplan, SEPTEMBER_10, 1)
    add_version(brazil_workplan, SEPTEMBER_29, 2)

    first.received_at = OCTOBER_5
    first.save()

    assert stored_first(brazil_workplan) == SEPTEMBER_29


def test_deleting_the_only_version_clears_it(brazil_workplan):
    version = add_version(brazil_workplan, SEPTEMBER_29, 1)

    version.delete()

    assert stored_first(brazil_workplan) is None


def test_saving_a_copy_read_before_the_version_does_not_erase_it(brazil_workplan):
    stale = Obligation.objects.get(pk=brazil_workplan.pk)
    add_version(brazil_workplan, SEPTEMBER_29, 1)

    stale.waived_reason = "Centre closed for renovation"
    stale.waived_at = OCTOBER_5
    stale.save()

    stale.refresh_from_db()
    assert stale.waived_at == OCTOBER_5
    assert stale.first_receipt_at == SEPTEMBER_29


def test_bulk_inserted_versions_are_picked_up_by_the_refresh(brazil_workplan, centre_b):
    spain_workplan = factories.ObligationFactory(request=brazil_workplan.request, centre=centre_b)
    submissions = Submission.objects.bulk_create(
        [Submission(obligation=brazil_workplan), Submission(obligation=spain_workplan)]
    )
    SubmissionVersion.objects.bulk_create(
        [
            SubmissionVersion(
                submission=submissions[0], number=1, received_at=OCTOBER_5, received_through="email"
            ),
            SubmissionVersion(
                submission=submissions[0],
                number=2,
                received_at=SEPTEMBER_10,
                received_through="paper",
            ),
            SubmissionVersion(
                submission=submissions[1],
                number=1,
                received_at=SEPTEMBER_29,
                received_through="email",
            ),
        ]
    )
    assert stored_first(brazil_workplan) is None  # bulk inserts send no signal

    updated = Obligation.objects.filter(
        pk__in=[brazil_workplan.pk, spain_workplan.pk]
    ).first_receipt_refresh()

    assert updated == 2
    assert stored_first(brazil_workplan) == SEPTEMBER_10
    assert stored_first(spain_workplan) == SEPTEMBER_29


def test_status_inputs_show_the_first_receipt_only_once_it_came(brazil_workplan):
    add_version(brazil_workplan, SEPTEMBER_29, 1)
    add_version(brazil_workplan, SEPTEMBER_10, 2)

    def first_as_at(instant):
        return Obligation.objects.with_status(instant).get(pk=brazil_workplan.pk).first_received_at

    assert first_as_at(SEPTEMBER_10 - dt.timedelta(microseconds=1)) is None
    assert first_as_at(SEPTEMBER_10) == SEPTEMBER_10
    assert first_as_at(OCTOBER_5) == SEPTEMBER_10


def test_the_migration_backfills_every_obligation_from_its_versions(brazil_workplan, centre_b):
    spain_workplan = factories.ObligationFactory(request=brazil_workplan.request, centre=centre_b)
    add_version(brazil_workplan, SEPTEMBER_29, 1)
    add_version(brazil_workplan, SEPTEMBER_10, 2)
    Obligation.objects.update(first_receipt_at=None)  # as the column stood when added

    class SchemaEditor:
        pass

    editor = SchemaEditor()
    editor.connection = connection
    backfill(apps, editor)

    assert stored_first(brazil_workplan) == SEPTEMBER_10
    assert stored_first(spain_workplan) is None


def test_a_review_of_the_version_does_not_touch_the_obligation(brazil_workplan):
    version = add_version(brazil_workplan, SEPTEMBER_29, 1)
    version.review_comments = "Thank you"

    with CaptureQueriesContext(connection) as queries:
        version.save(update_fields=["review_comments"])

    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if '"submissions_obligation"' in q["sql"]]
