"""The matrix's cells as HTML: a page holds a thousand of them, too many for a template each.

The markup is the one the matrix has always had: a status badge with the date under it (the
template filter's "j M Y"), or a dash where nothing is owed. Labels and month names are
translated and escaped once per page; each cell is then a concatenation of escaped parts.
"""

from django.utils.dates import MONTHS_3
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
        # As the template filter formats "M": the month's three-letter name, capitalised.
        self._months = {n: escape(str(name).title()) for n, name in MONTHS_3.items()}

    def cell(self, cell):
        if cell is None:
            return NOTHING_OWED
        badge = self._badges[cell.status]
        day = cell.date
        if not day:
            return f"<td>{badge}</td>"
        return (
            f'<td>{badge}<div class="text-muted">'
            f"{day.day} {self._months[day.month]} {day.year:04d}</div></td>"
        )

    def row(self, cells):
        # Every part is escaped above or a number.
        return mark_safe("".join([self.cell(c) for c in cells]))  # noqa: S308


def matrix_rows_html(rows):
    """Return [(centre, its cells as safe HTML)] for the matrix's `rows` [(centre, [cell])]."""
    html = CellHtml()
    return [(centre, html.row(cells)) for centre, cells in rows]
