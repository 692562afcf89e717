"""CSV and XLSX exports of the overview and of the matrix, as filtered on screen."""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop
from openpyxl import Workbook

from centres.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_append
from submissions.models import RequestKind, RequestMode

FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


# (header, row key) of the overview's columns. An invitation's row leaves the obligation's
# counts empty (nobody is late or missing in it) and fills its replies.
OVERVIEW_COLUMNS = [
    (_noop("Decision"), "decision"),
    (_noop("Paragraph"), "paragraph"),
    (_noop("Kind"), "kind"),
    (_noop("Mode"), "mode"),
    (_noop("Title"), "title"),
    (_noop("Period start"), "period_start"),
    (_noop("Period end"), "period_end"),
    (_noop("Due date"), "due_date"),
    (_noop("Replies wanted by"), "replies_wanted_by"),
    (_noop("Expected"), "expected"),
    (_noop("Submitted"), "submitted"),
    (_noop("Submitted on time"), "on_time"),
    (_noop("Submitted late"), "late"),
    (_noop("Overdue"), "overdue"),
    (_noop("Not yet due"), "not_yet_due"),
    (_noop("Due soon"), "due_soon"),
    (_noop("Extended"), "extended"),
    (_noop("Waived"), "waived"),
    (_noop("Missing"), "missing"),
    (_noop("Replies"), "replies"),
]


def _overview_value(row, key):
    if key == "kind":
        return str(RequestKind(row["kind"]).label)
    if key == "mode":
        return str(RequestMode(row["mode"]).label)
    if key == "title":
        return row["request"].title
    return row[key]


def overview_table(rows):
    """Return (header, lines) of the overview rows, obligations and invitations alike."""
    header = [_(label) for label, _key in OVERVIEW_COLUMNS]
    lines = [[_overview_value(r, key) for _label, key in OVERVIEW_COLUMNS] for r in rows]
    return header, lines


def matrix_table(data):
    """Return (header, lines) of the matrix: one line per centre, two columns per request."""
    header = [_("Centre"), _("Region")]
    for request in data["requests"]:
        header += [f"{request.label} – {_('status')}", f"{request.label} – {_('date')}"]
    lines = []
    for centre, cells in data["rows"]:
        line = [centre.name, centre.region.name]
        for cell in cells:
            line += [str(cell.label), cell.date] if cell else ["", ""]
        lines.append(line)
    return header, lines


def as_csv(header, lines):
    return csv_bytes(header, lines)


def as_xlsx(header, lines, *, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    xlsx_append(sheet, [str(h) for h in header], bold=True)
    for line in lines:
        xlsx_append(sheet, line)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(header, lines, *, fmt, title):
    if fmt == "csv":
        return as_csv(header, lines)
    return as_xlsx(header, lines, title=title)
