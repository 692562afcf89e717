"""Safe cells for every CSV and XLSX file the registry writes (formula injection).

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula, and some
skip a leading tab, carriage return or line feed first; a name, title or partner typed by anyone
could then run in the Secretariat's spreadsheet. Following OWASP's advice (and ASVS 1.2.10):
- CSV: every text that starts with one of those characters, after any leading spaces, gets a
  single quote in front (the spreadsheet's "this is text" mark), and every field is quoted, so
  that a separator inside a value cannot start a new cell in a program that splits on `;`;
- XLSX: every text cell is written as a string (openpyxl would store `=...` as a formula) and
  such a text gets the cell's own quote prefix, so the value itself is kept whole.
Numbers, dates and empty cells are written as they are: a negative number is a number; dates
are real dates with a date format, date-times the naive Geneva time (the header says so).

This module lives in `centres`, the lowest domain app, because both `evaluations` and `registry`
export spreadsheets and imports flow only upwards; it imports nothing of ours.
"""

import csv
import datetime as dt
import decimal
import io
import itertools
import tempfile
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# The ASCII triggers, their full-width forms (read as formulas by some spreadsheet locales), and
# the control characters that a spreadsheet may skip before reading a formula.
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Dates and date-times are written as such (sortable, filterable), shown unambiguously.
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Column widths (in characters) fitted to the header and the first lines, within bounds.
MIN_WIDTH, MAX_WIDTH, WIDTH_SAMPLE = 8, 60, 200
GENEVA_TIME_HEADER = _("%(header)s (Geneva time)")
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


# Written as they are by `csv_cell`: checked by type alone, without a call per value.
CSV_PLAIN_TYPES = frozenset({int, float, bool, decimal.Decimal, dt.date, dt.datetime})
# Texts neutralised once per export (labels, names that repeat), up to this many.
CSV_MEMO_SIZE = 1024
# Values met before that are written as they are (texts no spreadsheet reads as a formula,
# numbers, dates, None), remembered up to this many.
CSV_KNOWN_SIZE = 8192


def csv_chunks(header, lines, *, lines_per_chunk=500):
    """Yield the UTF-8 bytes of a CSV file with `header` and `lines` (any iterable), every cell
    neutralised, `lines_per_chunk` lines at a time: memory stays constant however many lines.

    A line whose values were all met before as written as they are (after the first lines of
    a matrix: its labels, dates and empty cells) goes to the csv module whole, without a call
    per value; only the values not met before are looked at, and a line holding one that
    neutralising changes is written cell by cell as before.
    """
    buffer = io.StringIO()
    # A byte-order mark lets spreadsheet programs read the UTF-8 names correctly.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow([csv_cell(v) for v in header])
    memo: dict[str, str] = {}
    known: set = {None}  # the csv module writes None as an empty field, as csv_cell does

    def cell(value):
        kind = type(value)
        if kind is str:
            safe = memo.get(value)
            if safe is None:
                safe = csv_cell(value)
                if len(memo) < CSV_MEMO_SIZE:
                    memo[value] = safe
            return safe
        return value if kind in CSV_PLAIN_TYPES else csv_cell(value)

    def as_they_are(row):
        try:
            unknown = set(row).difference(known)
        except TypeError:  # an unhashable value: cell by cell
            return False
        for value in unknown:
            kind = type(value)
            if kind is str:
                if starts_formula(value):
                    return False
            elif kind not in CSV_PLAIN_TYPES:
                return False  # lazy texts and any other type: cell by cell
            if len(known) < CSV_KNOWN_SIZE:
                known.add(value)
        return True

    for n, line in enumerate(lines, start=1):
        row = line if type(line) in (list, tuple) else list(line)
        writer.writerow(row if as_they_are(row) else map(cell, row))
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
    lines = iter(lines)
    # A write-only sheet takes its widths before its rows: they are fitted to the first lines.
    sample = list(itertools.islice(lines, WIDTH_SAMPLE))
    header = geneva_headers(header, sample)
    for column, width in enumerate(column_widths([header, *sample]), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    xlsx_append(sheet, header, bold=True)
    for line in itertools.chain(sample, lines):
        xlsx_append(sheet, line)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return handle


def geneva_headers(header, lines):
    """Return `header` as texts, naming Geneva time in those of columns holding date-times."""
    timed = {i for line in lines for i, value in enumerate(line) if isinstance(value, dt.datetime)}
    return [
        str(GENEVA_TIME_HEADER % {"header": h}) if i in timed else str(h)
        for i, h in enumerate(header)
    ]


def shown_length(value):
    """Return how many characters `value` takes in its cell (its longest line)."""
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len("2000-01-01 00:00")
    if isinstance(value, dt.date):
        return len("2000-01-01")
    return max((len(line) for line in str(value).splitlines()), default=0)


def column_widths(rows):
    """Return the width of each column fitted to `rows`, between MIN_WIDTH and MAX_WIDTH."""
    widths: list[int] = []
    for row in rows:
        for i, value in enumerate(row):
            if i == len(widths):
                widths.append(0)
            widths[i] = max(widths[i], shown_length(value))
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def fit_columns(sheet, *, first_row=1):
    """Fit the widths of a (not write-only) openpyxl `sheet`'s columns to its rows from
    `first_row` on (a title above a table would otherwise widen its first column)."""
    rows = sheet.iter_rows(min_row=first_row, values_only=True)
    for column, width in enumerate(column_widths(rows), start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def xlsx_value(value):
    """Return `value` as a spreadsheet holds it: an aware date-time as the naive Geneva time
    (spreadsheets know no zones; the header names it), anything else unchanged."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(ZoneInfo(settings.REGISTRY_TIME_ZONE)).replace(tzinfo=None)
    return value


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
        plain = xml_text(value) if is_text(value) else xlsx_value(value)
        dated = isinstance(plain, dt.date)
        if (
            not bold
            and not dated
            and not (isinstance(plain, str) and (starts_formula(plain) or plain in ERROR_CODES))
        ):
            row.append(plain)
            continue
        # A column, so that a write-only sheet can name the cell (openpyxl formats it then).
        cell = Cell(sheet, column=column, value=plain)
        if isinstance(cell.value, str):
            cell.data_type = "s"  # openpyxl made "=..." a formula
            cell.quotePrefix = starts_formula(cell.value)
        if dated:
            is_datetime = isinstance(plain, dt.datetime)
            cell.number_format = XLSX_DATETIME_FORMAT if is_datetime else XLSX_DATE_FORMAT
        if bold:
            cell.font = Font(bold=True)
        row.append(cell)
    sheet.append(row)
    return row
