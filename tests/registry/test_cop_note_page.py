"""The COP note page: bureau members read it, staff edit its dates, toggles and wording, and
export it as DOCX with the notes saying where each figure came from."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from registry.models import CopNote
from submissions.models import Obligation
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request

pytestmark = pytest.mark.django_db

PAGE = reverse("dashboard:cop_note", args=["SC", 8])
DOCX = reverse("dashboard:cop_note_docx", args=["SC", 8])


@pytest.fixture
def workplans():
    centres = sc_centres(3)
    request = workplan_request()
    for centre in centres[:2]:
        submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))
    return request, centres


def test_a_bureau_member_reads_the_draft_without_the_form(client, bureau_member, workplans):
    client.force_login(bureau_member)

    page = client.get(PAGE)

    assert page.status_code == 200
    assert "two of the 3 regional and subregional centres" in page.content.decode()
    assert 'id="cop-note-form"' not in page.content.decode()


def test_staff_set_a_paragraphs_date_and_wording_and_the_figures_stay_computed(
    client, staff, workplans
):
    request, centres = workplans
    client.force_login(staff)

    response = client.post(
        PAGE,
        {
            "workplans_as_at": "2015-09-15",
            "wording__workplans": "By {as_at}, {submitted} of {expected} workplans were in.",
        },
    )

    assert response.status_code == 302
    page = client.get(PAGE).content.decode()
    assert "By 15 September 2015, two of 3 workplans were in." in page
    note = CopNote.objects.get(convention="SC", cop=8)
    assert note.updated_by == staff
    assert note.history.count() == 1
    # A later version received before the date changes the figure, not the wording.
    submit(Obligation.objects.get(request=request, centre=centres[2]), at(2015, 9, 10))
    page = client.get(PAGE).content.decode()
    assert "By 15 September 2015, three of 3 workplans were in." in page


def test_the_centres_that_had_not_submitted_are_named_only_when_staff_ask(client, staff, workplans):
    _request, centres = workplans
    client.force_login(staff)

    assert centres[2].name not in client.get(PAGE).content.decode()
    client.post(PAGE, {"name_missing": "on"})

    assert centres[2].name in client.get(PAGE).content.decode()


def test_an_unknown_placeholder_or_a_wild_date_is_a_400_and_nothing_is_stored(
    client, staff, workplans
):
    client.force_login(staff)

    unknown = client.post(PAGE, {"wording__workplans": "{as_at}: {total} workplans"})
    wild = client.post(PAGE, {"reports_as_at": "9999-12-31"})

    assert unknown.status_code == 400
    assert "Unknown placeholders: {total}" in unknown.content.decode()
    assert wild.status_code == 400
    assert not CopNote.objects.exists()


def test_a_bureau_member_cannot_edit_the_draft(client, bureau_member, workplans):
    client.force_login(bureau_member)

    response = client.post(PAGE, {"name_missing": "on"})

    assert response.status_code == 403
    assert not CopNote.objects.exists()


def test_an_unknown_convention_or_meeting_is_a_404(client, staff):
    client.force_login(staff)

    assert client.get(reverse("dashboard:cop_note", args=["XX", 8])).status_code == 404
    assert client.get(reverse("dashboard:cop_note", args=["SC", 1000])).status_code == 404


def test_the_index_lists_the_meetings_requests_report_to(client, bureau_member, workplans):
    client.force_login(bureau_member)

    page = client.get(reverse("dashboard:cop_note_index")).content.decode()

    assert PAGE in page


def test_the_docx_is_a4_with_numbered_paragraphs_and_notes_naming_records_and_instants(
    client, staff, workplans
):
    request, _centres = workplans
    CopNote.objects.create(convention="SC", cop=8, workplans_as_at=dt.date(2016, 12, 31))
    client.force_login(staff)

    response = client.get(DOCX)

    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    texts = [p.text for p in document.paragraphs]
    first = next(t for t in texts if t.startswith("1.\t"))
    assert "As at 31 December 2016, two of the 3 regional and subregional centres" in first
    assert first.endswith("12")  # the marks of its two notes
    notes = texts[texts.index("Notes") + 1 :]
    assert f"request SC-7/17 11(a) (record #{request.pk})" in notes[0]
    assert "2016-12-31T23:59:59.999999+01:00" in notes[0]
    assert "public directory" in notes[1]
