"""The matrix's cells as HTML: a page holds a thousand of them, too many for a template each.

The markup is the one the matrix has always had: a status badge with the date under it (the
date filter's "SHORT_DATE_FORMAT"), or a dash where nothing is owed. Labels and month names are
translated and escaped once per page; each cell is then a concatenation of escaped parts.

The overview's rows are made here too: nine counts per request, each a link to the matrix of
those centres (the URL reversed once per table, the labels translated once).
"""

import datetime as dt

from django.urls import reverse
from django.utils import dateformat, formats
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from submissions.models import ObligationStatus

from .selectors import STATUS_STYLE

NOTHING_OWED = '<td><span class="text-muted">—</span></td>'

# Format characters that read only the day and the month numbers or the year, and those that
# name the month (translated): a page's dates are written from these without a formatter each.
NUMBERS = {
    "j": lambda day: str(day.day),
    "d": lambda day: f"{day.day:02d}",
    "n": lambda day: str(day.month),
    "m": lambda day: f"{day.month:02d}",
    "Y": lambda day: f"{day.year:04d}",
}
MONTH_NAMES = set("bEFMN")


class ShortDates:
    """`day|date:"SHORT_DATE_FORMAT"` in the active language, escaped, each date once.

    `dateformat.format` parses the format and builds a formatter for each date (a matrix page
    holds a thousand); a format made of day, month and year numbers and month names (the
    registry's: "j M Y", "j N Y") is written here, the month names looked up once a page. Any
    other format goes through `dateformat.format`.
    """

    def __init__(self):
        self._format = formats.get_format("SHORT_DATE_FORMAT")
        simple = all(
            c in NUMBERS or c in MONTH_NAMES or not (c.isalpha() or c == "\\") for c in self._format
        )
        self._simple = simple
        self._months: dict = {}
        self._days: dict = {}
        self._texts: dict = {}

    def _month(self, char, month):
        if (char, month) not in self._months:
            self._months[char, month] = dateformat.format(dt.date(2000, month, 1), char)
        return self._months[char, month]

    def _written(self, day):
        if not self._simple or type(day) is not dt.date:
            return dateformat.format(day, self._format)
        parts = []
        for c in self._format:
            if c in NUMBERS:
                parts.append(NUMBERS[c](day))
            elif c in MONTH_NAMES:
                parts.append(self._month(c, day.month))
            else:
                parts.append(c)
        return "".join(parts)

    def text(self, day):
        """`day` written, not escaped (for a label that the template escapes)."""
        if day not in self._texts:
            self._texts[day] = self._written(day)
        return self._texts[day]

    def __call__(self, day):
        if day not in self._days:
            self._days[day] = escape(self.text(day))
        return self._days[day]


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
        self._day = ShortDates()  # the active language's, once a page

    def cell(self, cell):
        if cell is None:
            return NOTHING_OWED
        badge = self._badges[cell.status]
        day = cell.date
        if not day:
            return f"<td>{badge}</td>"
        return f'<td>{badge}<div class="text-muted">{self._day(day)}</div></td>'

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
ROW_INDENT = "\n    "  # the table's cells, one a line, as the template laid them out


def _text(value):
    """`conditional_escape(value)`, without its checks for a number (most of a row's values)."""
    return str(value) if type(value) is int else conditional_escape(value)


class OverviewRowHtml:
    """The overview's rows of obligations in the active language, as its template wrote them:
    a count links to the matrix of those centres (as at `matrix_as_at`, an encoded query
    string, when given). Labels are translated and the matrix's URL reversed once a table."""

    def __init__(self, matrix_as_at=""):
        prefix = f"{reverse('dashboard:matrix')}?"
        if matrix_as_at:
            prefix += f"{escape(matrix_as_at)}&amp;"
        self._prefix = prefix
        self._counts = [
            (
                col,
                f"&amp;status={status}" if status else "",
                f'<td class="text-end" data-label="{escape(label)}" data-col="{col}">',
            )
            for col, status, label in OVERVIEW_COUNTS
        ]
        self._label = {
            key: escape(str(label))  # str: escape() keeps a lazy string lazy
            for key, label in (
                ("decision", _("Decision")),
                ("paragraph", _("Paragraph")),
                ("kind", _("Kind")),
                ("period", _("Period")),
                ("due_date", _("Due date")),
                ("progress", _("Progress")),
            )
        }
        self._open = str(_("open"))  # a template literal: not escaped
        self._submitted = gettext("%(s)s of %(e)s submitted")
        self._day = ShortDates()  # each date formatted once a table: rows share periods

    def counts(self, row):
        """The nine count cells of `row` (a dict of `selectors.overview_rows`)."""
        link = f'<a href="{self._prefix}request={_text(row["request"]["pk"])}'
        parts = []
        for col, status, td in self._counts:
            value = row[col]
            n = _text(value)
            if value:
                n = f'{link}{status}">{n}</a>'
            parts.append(f"{td}{n}</td>")
        return ROW_INDENT.join(parts)

    def row(self, row):
        """The table row (`<tr>`) of `row` as safe HTML."""
        label, request = self._label, row["request"]
        title = request["title"]
        kind = conditional_escape(request["get_kind_display"])
        if title:
            kind += f'<div class="small text-muted">{conditional_escape(title)}</div>'
        period = "—"
        if row["period_start"]:
            period = f"{self._day(row['period_start'])} – {self._day(row['period_end'])}"
        due = self._day(row["due_date"]) if row["due_date"] else self._open
        on_time, late = f"{row['on_time_pct']:.1f}", f"{row['late_pct']:.1f}"
        submitted = self._submitted % {"s": _text(row["submitted"]), "e": _text(row["expected"])}
        decision = conditional_escape(row["decision"] or "—")
        cells = [
            f'<tr data-request="{conditional_escape(request["label"])}">',
            f'<td data-label="{label["decision"]}">{decision}</td>',
            f'<td data-label="{label["paragraph"]}">{_text(row["paragraph"])}</td>',
            f'<td data-label="{label["kind"]}">{kind}</td>',
            f'<td class="small" data-label="{label["period"]}">{period}</td>',
            f'<td data-label="{label["due_date"]}">{due}</td>',
            self.counts(row),
            f'<td data-label="{label["progress"]}">\n      \n'
            f'      <svg class="progress-svg" role="img" aria-label="{submitted}">\n'
            f'        <rect class="progress-on-time" x="0" y="0" height="100%" '
            f'width="{on_time}%"></rect>\n'
            f'        <rect class="progress-late" x="{on_time}%" y="0" height="100%" '
            f'width="{late}%"></rect>\n'
            "      </svg>\n    </td>",
        ]
        # Every part is escaped above, a number or a constant.
        return mark_safe(ROW_INDENT.join(cells) + "\n  </tr>")  # noqa: S308


def checkboxes_html(bound_field):
    """The boxes of a multiple-choice field (the COP report's 40 requests), each as the report's
    template wrote it: a template loop cost more than the report's paragraphs."""
    boxes = []
    for choice in bound_field:
        data, box = choice.data, escape(choice.id_for_label)
        checked = " checked" if data["selected"] else ""
        boxes.append(
            f'<div class="form-check"><input type="checkbox" name="{escape(data["name"])}" '
            f'value="{escape(data["value"])}" class="form-check-input" id="{box}"{checked}>'
            f'<label class="form-check-label" for="{box}">{conditional_escape(choice.choice_label)}'
            "</label></div>"
        )
    # Every part is escaped above.
    return mark_safe("".join(boxes))  # noqa: S308
