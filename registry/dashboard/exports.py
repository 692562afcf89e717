"""CSV and XLSX exports of the overview and of the matrix, as filtered on screen."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from centres.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_bytes, xlsx_append
from submissions.models import RequestKind

FORMATS = {"csv": CSV_CONTENT_TYPE, "xlsx": XLSX_CONTENT_TYPE}


def overview_table(rows):
    """Return (header, lines) of the overview rows."""
    header = [
        _("Decision"),
        _("Paragraph"),
        _("Kind"),
        _("Title"),
        _("Period start"),
        _("Period end"),
        _("Due date"),
        _("Expected"),
        _("Submitted"),
        _("Submitted on time"),
        _("Submitted late"),
        _("Missing"),
        _("Extended"),
        _("Waived"),
    ]
    lines = [
        [
            r["decision"],
            r["paragraph"],
            str(RequestKind(r["kind"]).label),
            r["request"].title,
            r["period_start"],
            r["period_end"],
            r["due_date"],
            r["expected"],
            r["submitted"],
            r["on_time"],
            r["late"],
            r["missing"],
            r["extended"],
            r["waived"],
        ]
        for r in rows
    ]
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
