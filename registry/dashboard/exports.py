"""CSV and XLSX exports of the overview and of the matrix, as filtered on screen."""

from django.http import FileResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as _noop

from centres.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, csv_chunks, xlsx_file
from submissions.models import ObligationStatus, RequestKind, RequestMode

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
        return row["request"]["title"]
    return row[key]


def overview_table(rows):
    """Return (header, lines) of the overview rows, obligations and invitations alike."""
    header = [_(label) for label, _key in OVERVIEW_COLUMNS]
    lines = [[_overview_value(r, key) for _label, key in OVERVIEW_COLUMNS] for r in rows]
    return header, lines


def matrix_labels():
    """{status: its label}, translated once for a whole export rather than once per cell."""
    return {status.value: str(status.label) for status in ObligationStatus}


def matrix_table(requests, lines):
    """Return (header, lines) of the matrix: one line per centre, two columns per request.

    `requests` and `lines` come from `selectors.matrix_lines` (given `matrix_labels()`); the
    lines stay an iterator.
    """
    header = [_("Centre"), _("Region")]
    for request in requests:
        header += [f"{request.label} – {_('status')}", f"{request.label} – {_('date')}"]
    return header, ([name, region, *cells] for name, region, cells in lines)


def response(header, lines, *, fmt, title, filename):
    """Return the export as a streamed response: CSV written as it is read, XLSX built on disk
    (openpyxl's write-only mode) and then streamed; memory stays constant either way."""
    if fmt == "csv":
        result = StreamingHttpResponse(csv_chunks(header, lines), content_type=FORMATS[fmt])
    else:
        result = FileResponse(xlsx_file(header, lines, title=title), content_type=FORMATS[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return result
