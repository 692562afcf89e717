"""The matrix's cells, formatted in Python, read exactly as the template used to render them."""

import datetime as dt

import pytest
from django.template import engines
from django.utils import translation

from registry.dashboard import cells
from registry.dashboard.cells import CellHtml, ShortDates, matrix_rows_html
from registry.dashboard.selectors import Cell
from submissions.models import ObligationStatus

# The per-cell markup the matrix template had before the cells moved to Python.
TEMPLATE_CELL = (
    '<td>{% if cell %}<span class="badge badge-status text-bg-{{ cell.style }}" '
    'data-status="{{ cell.status }}">{{ cell.label }}</span>'
    '{% if cell.date %}<div class="text-muted">{{ cell.date|date:"SHORT_DATE_FORMAT" }}</div>'
    "{% endif %}"
    '{% else %}<span class="text-muted">—</span>{% endif %}</td>'
)
DAYS = [dt.date(2016, 12, 31), dt.date(2017, 5, 1), dt.date(2009, 8, 9), None]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_status_and_month_reads_as_the_template_rendered_it(language):
    template = engines["django"].from_string(TEMPLATE_CELL)
    with translation.override(language):
        html = CellHtml()
        cells = [Cell(status, day) for status in ObligationStatus for day in DAYS]
        cells += [Cell(ObligationStatus.OVERDUE, dt.date(2016, month, 3)) for month in range(1, 13)]
        for cell in [*cells, None]:
            assert html.cell(cell) == template.render({"cell": cell})


def test_a_row_joins_its_cells_in_order_and_is_safe_html():
    late = Cell(ObligationStatus.SUBMITTED_LATE, dt.date(2016, 1, 4))
    [(centre, row)] = matrix_rows_html([("Centre in Brazil", [late, None])])

    assert centre == "Centre in Brazil"
    assert row.index('data-status="late"') < row.index("—")
    assert hasattr(row, "__html__")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_short_dates_read_as_the_date_filter_writes_them(language):
    template = engines["django"].from_string('{{ day|date:"SHORT_DATE_FORMAT" }}')
    days = [dt.date(2016, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    days += [dt.date(1, 1, 1), dt.date(999, 12, 31), dt.date(9999, 12, 31)]
    with translation.override(language):
        short = ShortDates()
        assert short._simple  # the registry's formats are written without a formatter
        for day in days:
            assert short(day) == template.render({"day": day}), day


def test_another_format_goes_through_the_formatter(monkeypatch):
    odd = r"l \t\h\e jS F"
    monkeypatch.setattr(cells.formats, "get_format", lambda name: odd)
    with translation.override("en"):
        short = ShortDates()
        assert not short._simple
        assert short(dt.date(2016, 2, 29)) == "Monday the 29th February"
