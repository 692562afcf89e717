"""CSV and XLSX exports of the overview and of the matrix, as filtered on screen."""

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from centres.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_chunks, xlsx_file
from submissions.models import ObligationStatus, RequestKind

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
            r["request"]["title"],
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


def matrix_table(requests, lines):
    """Return (header, lines) of the matrix: one line per centre, two columns per request.

    `requests` and `lines` come from `selectors.matrix_lines`; the lines stay an iterator, and
    each status is translated once, not once per cell.
    """
    header = [_("Centre"), _("Region")]
    for request in requests:
        header += [f"{request.label} – {_('status')}", f"{request.label} – {_('date')}"]
    labels = {status.value: str(status.label) for status in ObligationStatus}

    def table():
        for name, region, cells in lines:
            line = [name, region]
            for cell in cells:
                line += [labels[cell.status], cell.date] if cell else ["", ""]
            yield line

    return header, table()


def response(header, lines, *, fmt, title, filename):
    """Return the export as a streamed response: CSV written as it is read, XLSX built on disk
    (openpyxl's write-only mode) and then streamed; memory stays constant either way."""
    if fmt == "csv":
        result = StreamingHttpResponse(csv_chunks(header, lines), content_type=FORMATS[fmt])
    else:
        result = FileResponse(xlsx_file(header, lines, title=title), content_type=FORMATS[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return result
