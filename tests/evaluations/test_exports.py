"""The cycle table exported to XLSX and DOCX, read back."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from evaluations import exports
from evaluations.models import Outcome
from tests.evaluations.grid import level, make_cycle, make_evaluation, make_scored, part


@pytest.fixture
def scored(methodology, cycle, centre_a, centre_b):
    previous = make_cycle(methodology, 2015)
    make_scored(
        previous,
        centre_a,
        levels={part(methodology, "a"): level(methodology, "a", 1)},
    )
    make_scored(
        cycle,
        centre_a,
        levels={
            part(methodology, "a"): level(methodology, "a", 4),
            part(methodology, "b", 0): level(methodology, "b", 4),
            part(methodology, "b", 1): level(methodology, "b", 2, part_position=1),
        },
        outcome=Outcome.REENDORSE,
    )
    make_evaluation(cycle, centre_b)
    return cycle


HEADER = (
    "Centre",
    "Region",
    "(a)",
    "(b)",
    "(c)",
    "Total",
    "Maximum",
    "Percentage",
    "Recommended outcome",
    "Total 2015",
    "Percentage 2015",
    "Change (points of percentage)",
)


def test_the_workbook_holds_every_centres_row(scored, centre_a, staff):
    book = load_workbook(io.BytesIO(exports.cycle_xlsx(scored, viewer=staff)))

    rows = list(book["2019"].iter_rows(values_only=True))
    assert rows[0][0] == "Evaluation of the regional centres, 2019 (report to COP-9)"
    assert rows[3] == HEADER
    assert rows[4] == (
        "Centre in Brazil",
        centre_a.region.name,
        4,
        6,
        None,
        10,
        33,
        30.3,
        "Re-endorse for four years",
        1,
        3.0,
        27.3,
    )
    # Not scored yet: no total nor percentage rather than a misleading 0.
    assert rows[5][:9] == ("Centre in Spain", rows[5][1], None, None, None, None, 33, None, None)
    assert len(rows) == 6
    criteria = list(book["Criteria"].iter_rows(values_only=True))
    assert criteria[1:] == [
        ("a", "Capacity", 4, None),
        ("b", "Results", 10, None),
        ("c", "Cooperation", None, None),
    ]


def test_the_document_holds_the_same_table(scored, centre_a, staff):
    document = Document(io.BytesIO(exports.cycle_docx(scored, viewer=staff)))

    table = document.tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert tuple(cells[0]) == HEADER
    assert cells[1] == [
        "Centre in Brazil",
        centre_a.region.name,
        "4",
        "6",
        "",
        "10",
        "33",
        "30.3",
        "Re-endorse for four years",
        "1",
        "3.0",
        "27.3",
    ]
    assert cells[2][0] == "Centre in Spain" and cells[2][5:8] == ["", "33", ""]
    assert len(cells) == 3
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Evaluation of the regional centres, 2019 (report to COP-9)"
    assert "(c) Cooperation – maximum: not set" in texts


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("xlsx", exports.XLSX_TYPE), ("docx", exports.DOCX_TYPE)]
)
def test_staff_download_the_exports(client, staff, scored, fmt, content_type):
    client.force_login(staff)

    response = client.get(reverse(f"evaluations:cycle_export_{fmt}", args=[scored.pk]))

    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="evaluation-sc-2019.{fmt}"'
    assert response.content[:2] == b"PK"


def test_the_exports_are_laid_out_for_reading(scored, staff):
    from centres.documents import REGISTRY_AUTHOR

    document = Document(io.BytesIO(exports.cycle_docx(scored, viewer=staff)))
    book = load_workbook(io.BytesIO(exports.cycle_xlsx(scored, viewer=staff)))

    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert document.core_properties.author == str(REGISTRY_AUTHOR)
    assert document.core_properties.title.startswith("Evaluation of the regional centres")
    table, criteria = book.worksheets
    assert table.freeze_panes == "C5" and criteria.freeze_panes == "A2"
    # Fitted to the table, not to the title above it; every column sized.
    assert 8 <= table.column_dimensions["A"].width < 60
    assert all(criteria.column_dimensions[c].width >= 8 for c in "ABCD")
