"""The layout of every export: XLSX fitted, frozen and with real dates; DOCX on A4 by the
registry."""

import datetime as dt
import io

from docx import Document
from openpyxl import load_workbook

from centres.documents import REGISTRY_AUTHOR, a4_document
from centres.spreadsheets import MAX_WIDTH, MIN_WIDTH, xlsx_file
from registry.dashboard.report import report_docx

LONG = "A centre whose name is far longer than any column should ever be allowed to grow " * 2


def _sheet():
    lines = [
        ["Kenya", dt.date(2015, 9, 30), dt.datetime(2016, 7, 1, 22, 15, tzinfo=dt.UTC), 3],
        [LONG, None, None, -1],
    ]
    handle = xlsx_file(["Centre", "Due date", "Received", "N"], iter(lines), title="Overview")
    return load_workbook(io.BytesIO(handle.read())).active


def test_the_header_row_is_frozen_and_the_widths_fit_within_bounds():
    sheet = _sheet()

    assert sheet.freeze_panes == "A2"
    widths = {c: sheet.column_dimensions[c].width for c in "ABCD"}
    assert widths["A"] == MAX_WIDTH  # the long name is cut to the bound
    assert widths["B"] == len("2015-09-30") + 2
    assert widths["D"] == MIN_WIDTH


def test_dates_are_dates_and_date_times_the_naive_geneva_time_named_in_the_header():
    sheet = _sheet()

    assert [c.value for c in sheet[1]] == ["Centre", "Due date", "Received (Geneva time)", "N"]
    due, received = sheet["B2"], sheet["C2"]
    assert due.is_date and due.value.date() == dt.date(2015, 9, 30)
    assert due.number_format == "yyyy-mm-dd"
    assert received.is_date and received.value.timetuple()[:5] == (2016, 7, 2, 0, 15)  # CEST, naive
    assert received.number_format == "yyyy-mm-dd hh:mm"
    assert sheet["D3"].value == -1


def _assert_a4_by_the_registry(document, title):
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == round(section.top_margin.mm) == 25
    assert document.core_properties.author == str(REGISTRY_AUTHOR)
    assert document.core_properties.title == title


def test_a_document_is_on_a4_with_the_registry_as_author():
    _assert_a4_by_the_registry(a4_document("A title"), "A title")
    assert str(REGISTRY_AUTHOR) == "Basel and Stockholm Conventions — regional centres registry"


def test_the_draft_report_to_the_cop_is_on_a4_with_the_registry_as_author(db):
    data = report_docx(dt.datetime(2017, 1, 31, tzinfo=dt.UTC), [])

    _assert_a4_by_the_registry(
        Document(io.BytesIO(data)),
        "Regional and subregional centres: draft report to the Conference of the Parties",
    )
