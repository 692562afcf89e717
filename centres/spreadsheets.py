"""Safe cells for every CSV and XLSX file the registry writes (formula injection).

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula, and some
skip a leading tab, carriage return or line feed first; a name, title or partner typed by anyone
could then run in the Secretariat's spreadsheet. Following OWASP's advice (and ASVS 1.2.10):
- CSV: every text that starts with one of those characters, after any leading spaces, gets a
  single quote in front (the spreadsheet's "this is text" mark), and every field is quoted, so
  that a separator inside a value cannot start a new cell in a program that splits on `;`;
- XLSX: every text cell is written as a string (openpyxl would store `=...` as a formula) and
  such a text gets the cell's own quote prefix, so the value itself is kept whole.
Numbers, dates and empty cells are written as they are: a negative number is a number.

This module lives in `centres`, the lowest domain app, because both `evaluations` and `registry`
export spreadsheets and imports flow only upwards; it imports nothing of ours.
"""

import csv
import io
import tempfile

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font

# The ASCII triggers, their full-width forms (read as formulas by some spreadsheet locales), and
# the control characters that a spreadsheet may skip before reading a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def is_text(value):
    """Whether `value` is written as text (str, or a lazily translated string)."""
    return isinstance(value, (str, Promise))


def starts_formula(text):
    """Whether a spreadsheet could read `text` as a formula."""
    stripped = text.lstrip(" ")
    return bool(stripped) and stripped[0] in FORMULA_TRIGGERS


def csv_cell(value):
    """Return `value` as a CSV field: None as empty, text neutralised, the rest unchanged."""
    if value is None:
        return ""
    if is_text(value):
        text = str(value)
        return "'" + text if starts_formula(text) else text
    return value


def csv_bytes(header, lines):
    """Return the UTF-8 bytes of a CSV file with `header` and `lines`, every cell neutralised."""
    return b"".join(csv_chunks(header, lines))


def csv_chunks(header, lines, *, lines_per_chunk=500):
    """Yield the UTF-8 bytes of a CSV file with `header` and `lines` (any iterable), every cell
    neutralised, `lines_per_chunk` lines at a time: memory stays constant however many lines."""
    buffer = io.StringIO()
    # A byte-order mark lets spreadsheet programs read the UTF-8 names correctly.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(v) for v in header])
    for n, line in enumerate(lines, start=1):
        writer.writerow([csv_cell(v) for v in line])
        if n % lines_per_chunk == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def xlsx_file(header, lines, *, title):
    """Return an open temporary file holding an XLSX workbook of `header` and `lines`.

    openpyxl's write-only mode keeps rows on disk, not in memory, whatever their number; the
    file (deleted on close) can then be streamed. Every text cell is inert (`xlsx_append`).
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.freeze_panes = "A2"
    xlsx_append(sheet, [str(h) for h in header], bold=True)
    for line in lines:
        xlsx_append(sheet, line)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def xml_text(value):
    """Return `value` as text that an Office XML file can hold (control characters replaced)."""
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))


def xlsx_append(sheet, values, *, bold=False):
    """Append a row of `values` to the openpyxl `sheet`, every text written as inert text.

    Control characters that XML cannot hold become U+FFFD (openpyxl would refuse the whole
    workbook otherwise). A value that needs no style of its own (not bold, not a text a
    spreadsheet could read as a formula or an error code) is appended as it is, which openpyxl
    writes as text, number or date without making a cell object (large exports go faster).
    Return the row's values and cells as appended.
    """
    row = []
    for column, value in enumerate(values, start=1):
        plain = xml_text(value) if is_text(value) else value
        if not bold and not (
            isinstance(plain, str) and (starts_formula(plain) or plain in ERROR_CODES)
        ):
            row.append(plain)
            continue
        # A column, so that a write-only sheet can name the cell (openpyxl formats it then).
        cell = Cell(sheet, column=column, value=plain)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl made "=..." a formula
            cell.quotePrefix = starts_formula(cell.value)
        if bold:
            cell.font = Font(bold=True)
        row.append(cell)
    sheet.append(row)
    return row
