"""CSV and XLSX exports of the overview and of the matrix, as filtered on screen."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from submissions.models import Obligation
from tests import factories
from tests.registry import dashboard_network as net

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    africa = factories.RegionFactory(code="AF", name="Africa")
    (kenya,) = net.sc_centres(1, region=africa, prefix="Kenya centre")
    (spain,) = net.sc_centres(1, prefix="Spain centre")
    workplans = net.workplan_request()
    reports = net.activity_report_request()
    net.submit(Obligation.objects.get(request=workplans, centre=kenya), net.at(2015, 9, 1))
    net.submit(Obligation.objects.get(request=workplans, centre=spain), net.at(2015, 12, 1))
    return {"africa": africa, "workplans": workplans, "reports": reports}


def read_csv(response):
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def test_the_overview_csv_has_one_line_per_request_with_its_counts(client, staff, network):
    client.force_login(staff)

    response = client.get(
        reverse("dashboard:overview_export", args=["csv"]), {"as_at": "2017-01-31"}
    )

    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="overview-2017-01-31.csv"' in response["Content-Disposition"]
    header, *lines = read_csv(response)
    assert header[:3] == ["Decision", "Paragraph", "Kind"]
    by_paragraph = {line[1]: dict(zip(header, line, strict=True)) for line in lines}
    assert by_paragraph["11(a)"]["Expected"] == "2"
    assert by_paragraph["11(a)"]["Submitted on time"] == "1"
    assert by_paragraph["11(a)"]["Submitted late"] == "1"
    assert by_paragraph["11(b)"]["Missing"] == "2"
    assert by_paragraph["11(a)"]["Due date"] == "2015-09-30"


def test_the_overview_xlsx_follows_the_filters(client, staff, network):
    client.force_login(staff)

    response = client.get(
        reverse("dashboard:overview_export", args=["xlsx"]),
        {"as_at": "2017-01-31", "kind": "activity_report"},
    )

    header, *lines = read_xlsx(response)
    assert len(lines) == 1
    row = dict(zip(header, lines[0], strict=True))
    assert (row["Paragraph"], row["Expected"], row["Missing"]) == ("11(b)", 2, 2)


def test_the_matrix_exports_every_centre_with_status_and_date(client, staff, network):
    client.force_login(staff)
    url_csv = reverse("dashboard:matrix_export", args=["csv"])
    url_xlsx = reverse("dashboard:matrix_export", args=["xlsx"])

    as_csv = read_csv(client.get(url_csv, {"as_at": "2017-01-31"}))
    as_xlsx = read_xlsx(
        client.get(url_xlsx, {"as_at": "2017-01-31", "region": network["africa"].pk})
    )

    assert as_csv[0] == [
        "Centre",
        "Region",
        "SC-7/17 11(a) – status",
        "SC-7/17 11(a) – date",
        "SC-7/17 11(b) – status",
        "SC-7/17 11(b) – date",
    ]
    assert as_csv[1:] == [
        ["Kenya centre 0001", "Africa", "Submitted on time", "2015-09-01", "Overdue", "2016-12-31"],
        [
            "Spain centre 0001",
            as_csv[2][1],
            "Submitted late",
            "2015-12-01",
            "Overdue",
            "2016-12-31",
        ],
    ]
    assert [line[0] for line in as_xlsx[1:]] == ["Kenya centre 0001"]


def test_an_unknown_format_is_a_400(client, staff):
    client.force_login(staff)

    response = client.get(reverse("dashboard:overview_export", args=["pdf"]))

    assert response.status_code == 400
    assert "CSV or XLSX" in response.getvalue().decode()


def test_the_overview_xlsx_writes_dates_as_dates_under_a_frozen_header(client, staff, network):
    client.force_login(staff)

    response = client.get(
        reverse("dashboard:overview_export", args=["xlsx"]), {"as_at": "2017-01-31"}
    )

    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    header = [c.value for c in sheet[1]]
    due = sheet.cell(row=2, column=header.index("Due date") + 1)
    assert sheet.freeze_panes == "A2"
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert sheet.column_dimensions["A"].width >= len("Decision")
