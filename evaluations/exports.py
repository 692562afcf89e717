"""The cycle table and the mercury-related activities as XLSX and DOCX files."""

import io

from django.utils import formats
from django.utils.translation import gettext as _

from centres.documents import a4_document
from centres.spreadsheets import fit_columns, xlsx_append, xml_text

from .selectors import cycle_table

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _cycle_header(table):
    header = [_("Centre"), _("Region")]
    header += [f"({c.code})" for c in table.criteria]
    header += [_("Total"), _("Maximum"), _("Percentage"), _("Recommended outcome")]
    if table.previous_cycle is not None:
        header += [
            _("Total %(year)s") % {"year": table.previous_cycle.year},
            _("Percentage %(year)s") % {"year": table.previous_cycle.year},
            _("Change (points of percentage)"),
        ]
    return header


def _cycle_values(table, row):
    e = row.evaluation
    values = [e.centre.name, e.centre.region.name]
    values += [row.points[c.pk] for c in table.criteria]
    if row.scored:
        values += [e.total, e.max_total, e.percentage]
    else:
        values += [None, e.max_total, None]
    values += [e.get_outcome_display() or ""]
    if table.previous_cycle is not None:
        values += [
            row.previous.total if row.previous else None,
            row.previous.percentage if row.previous else None,
            row.change,
        ]
    return values


def _title(table):
    cycle = table.cycle
    return _("Evaluation of the regional centres, %(year)s (report to COP-%(cop)s)") % {
        "year": cycle.year,
        "cop": cycle.cop,
    }


def cycle_xlsx(cycle, *, viewer):
    """Return the cycle table, as `viewer` may read it, as the bytes of an XLSX workbook."""
    from openpyxl import Workbook

    table = cycle_table(cycle, viewer=viewer)
    book = Workbook()
    sheet = book.active
    sheet.title = str(cycle.year)
    xlsx_append(sheet, [_title(table)], bold=True)
    xlsx_append(
        sheet,
        [
            _(
                "Methodology: %(methodology)s; activities from %(start)s to %(end)s; "
                "status: %(status)s"
            )
            % {
                "methodology": table.methodology,
                "start": formats.date_format(cycle.period_start),
                "end": formats.date_format(cycle.period_end),
                "status": cycle.get_status_display(),
            }
        ],
    )
    caveat = table.methodology.incompleteness_statement()
    if caveat:  # stated above the scores, in the row left blank otherwise
        xlsx_append(sheet, [caveat], bold=True)
    else:
        sheet.append([])
    xlsx_append(sheet, _cycle_header(table), bold=True)
    for row in table.rows:
        xlsx_append(sheet, _cycle_values(table, row))
    sheet.freeze_panes = "C5"
    fit_columns(sheet, first_row=4)  # the table, not the title rows above it
    criteria = book.create_sheet(_("Criteria"))
    xlsx_append(
        criteria,
        [_("Code"), _("Criterion"), _("Maximum points"), _("Sources of information")],
        bold=True,
    )
    for criterion in table.criteria:
        xlsx_append(
            criteria, [criterion.code, criterion.name, criterion.max_points, criterion.sources]
        )
    criteria.freeze_panes = "A2"
    fit_columns(criteria)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cycle_docx(cycle, *, viewer):
    """Return the cycle table, as `viewer` may read it, as the bytes of a Word document.

    A Word document runs no formulas; its text only has to be XML (`xml_text`).
    """
    table = cycle_table(cycle, viewer=viewer)
    document = a4_document(xml_text(_title(table)))
    document.add_heading(xml_text(_title(table)), level=1)
    document.add_paragraph(
        xml_text(
            _("Methodology: %(methodology)s. Activities from %(start)s to %(end)s.")
            % {
                "methodology": table.methodology,
                "start": formats.date_format(cycle.period_start),
                "end": formats.date_format(cycle.period_end),
            }
        )
    )
    caveat = table.methodology.incompleteness_statement()
    if caveat:
        document.add_paragraph().add_run(xml_text(caveat)).bold = True
    header = _cycle_header(table)
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = xml_text(text)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, _cycle_values(table, row), strict=True):
            cell.text = "" if value is None else xml_text(value)
    document.add_heading(_("Criteria"), level=2)
    for criterion in table.criteria:
        maximum = criterion.max_points if criterion.max_points is not None else _("not set")
        document.add_paragraph(
            xml_text(f"({criterion.code}) {criterion.name} – {_('maximum')}: {maximum}"),
            style="List Bullet",
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mercury_xlsx(activities, start, end):
    """Return the mercury-related activities of a period as XLSX bytes."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("Mercury")
    xlsx_append(
        sheet,
        [
            _("Mercury-related activities of the regional centres, %(start)s to %(end)s")
            % {"start": formats.date_format(start), "end": formats.date_format(end)}
        ],
        bold=True,
    )
    sheet.append([])
    xlsx_append(
        sheet,
        [
            _("Centre"),
            _("Activity"),
            _("Type"),
            _("From"),
            _("To"),
            _("Countries that benefited"),
            _("Partners"),
            _("Funding source"),
        ],
        bold=True,
    )
    for a in activities:
        xlsx_append(
            sheet,
            [
                a.centre.name,
                a.title,
                a.get_kind_display(),
                a.start_date,
                a.end_date or a.start_date,
                ", ".join(p.name for p in a.countries_benefited.all()),
                a.partners,
                a.funding_source,
            ],
        )
    sheet.freeze_panes = "A4"
    fit_columns(sheet, first_row=3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
