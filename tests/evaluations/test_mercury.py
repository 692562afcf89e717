"""The Secretariat lists the mercury-related activities of all centres for a period."""

import io

from django.urls import reverse
from openpyxl import load_workbook

from evaluations.models import Activity
from tests import factories


def activity(centre, start, *, mercury=True, end=None, title=None):
    return Activity.objects.create(
        centre=centre,
        title=title or f"Mercury {start}",
        kind="workshop",
        start_date=start,
        end_date=end,
        mercury_related=mercury,
    )


def test_the_list_holds_the_mercury_activities_within_the_period(client, staff, centre_a, centre_b):
    activity(centre_a, "2015-01-01", title="First day")
    activity(centre_a, "2014-12-20", end="2015-01-02", title="Across the start")
    activity(centre_b, "2016-12-31", title="Last day")
    activity(centre_b, "2014-12-31", title="Day before")
    activity(centre_b, "2017-01-01", title="Day after")
    activity(centre_a, "2016-06-01", mercury=False, title="Not mercury")
    client.force_login(staff)

    page = client.get(
        reverse("evaluations:mercury_list"), {"start": "2015-01-01", "end": "2016-12-31"}
    )

    titles = [a.title for a in page.context["activities"]]
    assert titles == ["Across the start", "First day", "Last day"]
    assert "3 mercury-related activities of 2 centres" in page.content.decode()


def test_the_export_lists_the_same_activities(client, staff, centre_a):
    chile = factories.PartyFactory(code="CL", name="Chile")
    activity(centre_a, "2016-02-01", title="Mercury in gold mining").countries_benefited.add(chile)
    activity(centre_a, "2019-02-01", title="Later")
    client.force_login(staff)

    response = client.get(
        reverse("evaluations:mercury_export"), {"start": "2015-01-01", "end": "2016-12-31"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == (
        "Mercury-related activities of the regional centres, 1 January 2015 to 31 December 2016"
    )
    assert rows[3][:2] == ("Centre in Brazil", "Mercury in gold mining")
    assert rows[3][5] == "Chile"
    assert len(rows) == 4


def test_a_bad_period_is_a_400(client, staff):
    client.force_login(staff)
    for query in (
        {"start": "2016-13-01", "end": "2016-12-31"},
        {"start": "2017-01-01", "end": "2016-12-31"},
        {"start": "2016-01-01"},
    ):
        response = client.get(reverse("evaluations:mercury_list"), query)
        assert response.status_code == 400
        assert b"YYYY-MM-DD" in response.content


def test_only_staff_list_them(client, director_a, bureau_member):
    for user in (director_a, bureau_member):
        client.force_login(user)
        assert client.get(reverse("evaluations:mercury_list")).status_code == 403


def test_the_list_runs_a_fixed_number_of_queries(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("evaluations:mercury_list")
    query = {"start": "2015-01-01", "end": "2016-12-31"}

    def grow(n):
        for _ in range(n):
            a = activity(factories.CentreFactory(), "2016-01-01")
            a.countries_benefited.add(factories.PartyFactory())

    grow(2)
    with django_assert_max_num_queries(15) as small:
        client.get(url, query)
    grow(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url, query)
