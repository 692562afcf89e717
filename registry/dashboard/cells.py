"""The matrix's cells as HTML: a page holds a thousand of them, too many for a template each.

The markup is the one the matrix has always had: a status badge with the date under it (the
date filter's "SHORT_DATE_FORMAT"), or a dash where nothing is owed. Labels and month names are
translated and escaped once per page; each cell is then a concatenation of escaped parts.

The overview's counts are made here too: nine per request, each a link to the matrix of those
centres (the URL reversed once per table, the labels translated once).
"""

from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from submissions.models import ObligationStatus

from .selectors import STATUS_STYLE

NOTHING_OWED = '<td><span class="text-muted">—</span></td>'


class CellHtml:
    """Formats cells in the active language."""

    def __init__(self):
        self._badges = {
            status.value: (
                f'<span class="badge badge-status text-bg-{STATUS_STYLE[status]}" '
                f'data-status="{escape(status.value)}">{escape(status.label)}</span>'
            )
            for status in ObligationStatus
        }
        # The active language's short date format, looked up once per page.
        self._date_format = formats.get_format("SHORT_DATE_FORMAT")

    def cell(self, cell):
        if cell is None:
            return NOTHING_OWED
        badge = self._badges[cell.status]
        day = cell.date
        if not day:
            return f"<td>{badge}</td>"
        return (
            f'<td>{badge}<div class="text-muted">'
            f"{escape(dateformat.format(day, self._date_format))}</div></td>"
        )

    def row(self, cells):
        # Every part is escaped above or a number.
        return mark_safe("".join([self.cell(c) for c in cells]))  # noqa: S308


def matrix_rows_html(rows):
    """Return [(centre, its cells as safe HTML)] for the matrix's `rows` [(centre, [cell])]."""
    html = CellHtml()
    return [(centre, html.row(cells)) for centre, cells in rows]


# The overview's counts in the order of its columns: (data-col, the matrix's status, label).
OVERVIEW_COUNTS = (
    ("expected", "", _("Expected")),
    ("submitted", "submitted", _("Submitted")),
    ("on_time", "on_time", _("On time")),
    ("late", "late", _("Late")),
    ("overdue", "overdue", _("Overdue")),
    ("pending", "pending", _("Not yet due")),
    ("due_soon", "due_soon", _("Due soon")),
    ("extended", "extended", _("Extended")),
    ("waived", "waived", _("Waived")),
)
OVERVIEW_CELL_SEPARATOR = "\n    "  # as between the template's other cells


class OverviewCountsHtml:
    """The overview's count cells of a row, in the active language: a count links to the
    matrix of those centres (as at `matrix_as_at`, an encoded query string, when given)."""

    def __init__(self, matrix_as_at=""):
        prefix = f"{reverse('dashboard:matrix')}?"
        if matrix_as_at:
            prefix += f"{escape(matrix_as_at)}&amp;"
        self._prefix = prefix
        self._cells = [
            (
                col,
                f"&amp;status={status}" if status else "",
                f'<td class="text-end" data-label="{escape(label)}" data-col="{col}">',
            )
            for col, status, label in OVERVIEW_COUNTS
        ]

    def row(self, row):
        """Return the count cells of the overview's `row` (a dict) as safe HTML."""
        request = conditional_escape(row["request"]["pk"])
        parts = []
        for col, status, td in self._cells:
            n = conditional_escape(row[col])
            if row[col]:
                n = f'<a href="{self._prefix}request={request}{status}">{n}</a>'
            parts.append(f"{td}{n}</td>")
        # Every part is escaped above or a constant.
        return mark_safe(OVERVIEW_CELL_SEPARATOR.join(parts))  # noqa: S308
