"""The safe cells every CSV and XLSX export is written with."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from centres.spreadsheets import (
    csv_bytes,
    csv_cell,
    csv_chunks,
    starts_formula,
    xlsx_append,
    xlsx_file,
)


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        "+1",
        "-1+1",
        "@A1",
        "\t=1",
        "\r=1",
        "\n=1",
        "\x00=1",
        "   =1",
        "\uff1d1",
        "\uff0b1",
        "\uff0d1",
        "\uff201",
    ],
)
def test_it_quotes_every_text_a_spreadsheet_could_run(text):
    assert starts_formula(text)
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize(
    "text", ["", "Centre in Brazil", "'already quoted", "a=b", "e-waste", "1+1", " plain"]
)
def test_it_leaves_ordinary_text_alone(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize("value", [-5, -2.5, Decimal("-1.5"), 0, dt.date(2016, 12, 31), True])
def test_numbers_and_dates_stay_as_they_are(value):
    assert csv_cell(value) == value


def test_a_lazy_translation_is_text():
    assert csv_cell(gettext_lazy("=Total")) == "'=Total"


def test_the_csv_quotes_every_field_so_no_separator_opens_a_cell():
    content = csv_bytes(["Name"], [["a;=1+1", -3, None, "=2"]]).decode("utf-8")

    assert content == '\ufeff"Name"\r\n"a;=1+1","-3","","\'=2"\r\n'


def test_the_xlsx_row_holds_strings_numbers_and_dates():
    book = Workbook()
    sheet = book.active
    xlsx_append(sheet, ["Header"], bold=True)
    xlsx_append(sheet, ["=1+1", -5, None, dt.date(2016, 1, 1), "plain", "bell\x07"])
    buffer = io.BytesIO()
    book.save(buffer)

    header, row = load_workbook(buffer).active.iter_rows()
    assert header[0].font.b
    assert [(c.value, c.data_type) for c in row] == [
        ("=1+1", "s"),
        (-5, "n"),
        (None, "n"),
        (dt.datetime(2016, 1, 1), "d"),  # noqa: DTZ001 (XLSX dates are naive)
        ("plain", "s"),
        ("bell\ufffd", "s"),
    ]
    assert [c.quotePrefix for c in row] == [True, False, False, False, False, False]


def test_a_write_only_workbook_holds_inert_text_and_error_codes_as_text():
    handle = xlsx_file(["Name", "Note"], iter([["=HYPERLINK(1)", "#N/A"], ["plain", 3]]), title="T")

    header, first, second = load_workbook(handle).active.iter_rows()
    assert header[0].font.b
    assert [(c.value, c.data_type, c.quotePrefix) for c in first] == [
        ("=HYPERLINK(1)", "s", True),
        ("#N/A", "s", False),
    ]
    assert [(c.value, c.data_type) for c in second] == [("plain", "s"), (3, "n")]


def test_csv_chunks_stream_the_same_bytes_as_one_file():
    lines = [[f"=centre {i}", i] for i in range(1200)]

    chunks = list(csv_chunks(["Name", "N"], iter(lines), lines_per_chunk=500))

    assert len(chunks) == 3
    assert b"".join(chunks) == csv_bytes(["Name", "N"], lines)


def reference_csv(header, lines):
    """The CSV written cell by cell through csv_cell, as csv_chunks always wrote it."""
    import csv

    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(v) for v in header])
    for line in lines:
        writer.writerow([csv_cell(v) for v in line])
    return buffer.getvalue().encode("utf-8")


def test_lines_of_known_values_are_written_whole_and_read_as_cell_by_cell():
    day = dt.date(2016, 1, 4)
    lines = [
        ["Centre A", "Submitted", day, "", None, 1, 2.5, Decimal("3.10"), True],
        ["Centre A", "Submitted", day, "", None, 1, 2.5, Decimal("3.10"), True],  # all known
        ["=cmd()", "Submitted", day],  # a formula after known values
        ["Submitted", " -2", "@x", "\tz", "ok"],
        [gettext_lazy("Submitted"), gettext_lazy("=lazy"), day],  # lazy texts
        (v for v in ["+1", "Centre A", None]),  # a line that is an iterator
        ("tuple", "-x", 1),
        ["list", [1, 2], "=y"],  # an unhashable value
        [1, True, 1.0, Decimal(1), dt.datetime(2016, 1, 4, 9, 30, tzinfo=dt.UTC), day],
        ["Centre A", "=cmd()", "Submitted"],  # a formula met before, again
    ]
    expected = reference_csv(
        ["Centre", "=h"], [list(x) for x in lines[:5]] + [["+1", "Centre A", None], *lines[6:]]
    )

    assert csv_bytes(["Centre", "=h"], lines) == expected
    assert b"'=cmd()" in expected
    assert b"'=lazy" in expected
