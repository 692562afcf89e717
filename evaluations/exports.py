"""The cycle table and the mercury-related activities as XLSX and DOCX files."""

import io

from django.utils.translation import gettext as _

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
        "year": cycle.year, "cop": cycle.cop}


def cycle_xlsx(cycle):
    """Return the cycle table as the bytes of an XLSX workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    table = cycle_table(cycle)
    book = Workbook()
    sheet = book.active
    sheet.title = str(cycle.year)
    sheet.append([_title(table)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([
        _("Methodology: %(methodology)s; activities from %(start)s to %(end)s; status: %(status)s")
        % {"methodology": table.methodology, "start": cycle.period_start.isoformat(),
           "end": cycle.period_end.isoformat(), "status": cycle.get_status_display()}
    ])
    sheet.append([])
    sheet.append(_cycle_header(table))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(_cycle_values(table, row))
    sheet.freeze_panes = "C5"
    sheet.column_dimensions["A"].width = 60
    criteria = book.create_sheet(_("Criteria"))
    criteria.append([_("Code"), _("Criterion"), _("Maximum points"), _("Sources of information")])
    for criterion in table.criteria:
        criteria.append([criterion.code, criterion.name, criterion.max_points,
                         criterion.sources])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cycle_docx(cycle):
    """Return the cycle table as the bytes of a Word document."""
    from docx import Document

    table = cycle_table(cycle)
    document = Document()
    document.add_heading(_title(table), level=1)
    document.add_paragraph(
        _("Methodology: %(methodology)s. Activities from %(start)s to %(end)s.") % {
            "methodology": table.methodology, "start": cycle.period_start.isoformat(),
            "end": cycle.period_end.isoformat()}
    )
    header = _cycle_header(table)
    grid = document.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = str(text)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, _cycle_values(table, row), strict=True):
            cell.text = "" if value is None else str(value)
    document.add_heading(_("Criteria"), level=2)
    for criterion in table.criteria:
        maximum = criterion.max_points if criterion.max_points is not None else _("not set")
        document.add_paragraph(
            f"({criterion.code}) {criterion.name} – {_('maximum')}: {maximum}",
            style="List Bullet",
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mercury_xlsx(activities, start, end):
    """Return the mercury-related activities of a period as XLSX bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Mercury")
    sheet.append([_("Mercury-related activities of the regional centres, %(start)s to %(end)s")
                  % {"start": start.isoformat(), "end": end.isoformat()}])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append([_("Centre"), _("Activity"), _("Type"), _("From"), _("To"),
                  _("Countries that benefited"), _("Partners"), _("Funding source")])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for a in activities:
        sheet.append([
            a.centre.name, a.title, a.get_kind_display(), a.start_date, a.end_date or a.start_date,
            ", ".join(p.name for p in a.countries_benefited.all()), a.partners, a.funding_source,
        ])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
