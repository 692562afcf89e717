"""The matrix's cells as HTML: a page holds a thousand of them, too many for a template each.

The markup is the one the matrix has always had: a status badge with the date under it (the
date filter's "SHORT_DATE_FORMAT"), or a dash where nothing is owed. Labels and month names are
translated and escaped once per page; each cell is then a concatenation of escaped parts.
"""

from django.utils import dateformat, formats
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
