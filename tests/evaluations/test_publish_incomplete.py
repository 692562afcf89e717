"""A cycle on an incomplete methodology is published only with the incompleteness stated."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import exports, services
from evaluations.models import Criterion, CriterionPart, CycleStatus, Level, Methodology
from evaluations.services import PUBLISH_INCOMPLETE_NOT_ACKNOWLEDGED

STATEMENT = (
    "The methodology is incomplete: Criterion (c) has no maximum yet. Criterion (c) has no "
    "scale yet. The criteria's maxima add up to 14 of the 33 points. Scores are out of the 14 "
    "scorable points of 33."
)


@pytest.fixture
def published(closed, staff):
    services.cycle_set_status(
        cycle=closed, status=CycleStatus.PUBLISHED, acknowledge_incomplete=True, by=staff
    )
    closed.refresh_from_db()
    return closed


def test_the_statement_counts_the_scorable_points(methodology):
    assert methodology.scorable_points() == 14
    assert methodology.incompleteness_statement() == STATEMENT


def test_a_complete_methodology_has_no_statement(db):
    complete = Methodology.objects.create(name="Complete", version=1, max_total=4)
    criterion = Criterion.objects.create(methodology=complete, code="a", name="A", max_points=4)
    scale = CriterionPart.objects.create(criterion=criterion)
    for points in (0, 4):
        Level.objects.create(part=scale, points=points, descriptor=str(points))

    assert complete.incompleteness_statement() == ""


def test_publishing_an_incomplete_methodology_needs_the_acknowledgement(closed, staff):
    with pytest.raises(ValidationError) as raised:
        services.cycle_set_status(cycle=closed, status=CycleStatus.PUBLISHED)

    assert raised.value.messages == [str(PUBLISH_INCOMPLETE_NOT_ACKNOWLEDGED)]
    closed.refresh_from_db()
    assert closed.status == CycleStatus.CLOSED


def test_the_acknowledgement_is_recorded_with_who_and_when(published, staff):
    assert published.status == CycleStatus.PUBLISHED
    assert published.incomplete_acknowledged_by == staff
    assert published.incomplete_acknowledged_at is not None
    assert published.history.first().incomplete_acknowledged_by_id == staff.pk


def test_the_cycle_page_refuses_a_publication_without_the_box_ticked(client, staff, closed):
    client.force_login(staff)

    page = client.get(reverse("evaluations:cycle_detail", args=[closed.pk])).content.decode()
    refused = client.post(
        reverse("evaluations:cycle_status", args=[closed.pk]), {"status": "published"}
    )

    assert 'name="acknowledge_incomplete"' in page
    assert refused.status_code == 400
    closed.refresh_from_db()
    assert closed.status == CycleStatus.CLOSED
    client.post(
        reverse("evaluations:cycle_status", args=[closed.pk]),
        {"status": "published", "acknowledge_incomplete": "on"},
    )
    closed.refresh_from_db()
    assert (closed.status, closed.incomplete_acknowledged_by) == (CycleStatus.PUBLISHED, staff)


def test_every_page_showing_the_scores_states_it(
    client, staff, bureau_member, director_a, published, evaluation_a
):
    pages = [
        (bureau_member, reverse("evaluations:cycle_detail", args=[published.pk])),
        (director_a, reverse("evaluations:my_evaluation", args=[evaluation_a.pk])),
        (staff, reverse("evaluations:score", args=[evaluation_a.pk])),
        (
            bureau_member,
            reverse("dashboard:centre_records", args=[evaluation_a.centre_id]),
        ),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode().replace("&#x27;", "'")
        assert STATEMENT in html, url


def test_the_exports_state_it(published, staff):
    book = load_workbook(io.BytesIO(exports.cycle_xlsx(published, viewer=staff)))
    rows = list(book[str(published.year)].iter_rows(values_only=True))
    document = docx.Document(io.BytesIO(exports.cycle_docx(published, viewer=staff)))

    assert rows[2][0] == STATEMENT
    assert rows[3][0] == "Centre"
    assert STATEMENT in [p.text for p in document.paragraphs]
