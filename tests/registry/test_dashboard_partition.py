"""The overview's counts partition the addressees and lead to the matrix of those centres;
invitations have their own table, with the replies as at the date and who sent them."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import formats

from submissions.models import Obligation
from tests import factories
from tests.clock import geneva
from tests.registry import dashboard_network as net

pytestmark = pytest.mark.django_db

GROUPS = {
    "submitted": ("on_time", "late"),
    "pending": ("due_soon", "extended", "not_yet_due"),
}


@pytest.fixture
def network():
    """Five centres owing a workplan (due 30 September 2015) and invited to give views."""
    kenya, senegal, brazil, spain, india = net.sc_centres(5)
    workplans = net.workplan_request()
    owed = {c: Obligation.objects.get(request=workplans, centre=c) for c in (kenya, senegal)}
    net.submit(owed[kenya], net.at(2015, 9, 1))  # on time
    net.submit(Obligation.objects.get(request=workplans, centre=brazil), net.at(2015, 10, 15))
    factories.ExtensionFactory(  # extended to 31 October
        obligation=Obligation.objects.get(request=workplans, centre=spain),
        decided_at=net.at(2015, 9, 20),
    )
    Obligation.objects.filter(request=workplans, centre=india).update(
        waived_at=net.at(2015, 9, 10), waived_reason="The centre ceased operating."
    )
    views = factories.InvitationFactory()
    net.submit(Obligation.objects.get(request=views, centre=brazil), geneva(2016, 6, 24, 10))
    net.submit(Obligation.objects.get(request=views, centre=spain), geneva(2016, 6, 29, 10))
    return {"workplans": workplans, "views": views, "brazil": brazil, "spain": spain}


def overview(client, as_at):
    return client.get(reverse("dashboard:overview"), {"as_at": as_at})


def test_each_addressee_is_counted_once_and_the_counts_add_up(client, bureau_member, network):
    client.force_login(bureau_member)
    (row,) = overview(client, "2015-10-10").context["rows"]
    assert {k: row[k] for k in ("on_time", "late", "overdue", "extended", "waived")} == {
        "on_time": 1,
        "late": 0,
        "overdue": 2,  # Senegal, and Brazil until its late workplan came
        "extended": 1,
        "waived": 1,
    }
    assert row["submitted"] + row["overdue"] + row["pending"] + row["waived"] == row["expected"]
    assert row["pending"] == row["due_soon"] + row["extended"] + row["not_yet_due"] == 1


def test_before_the_due_date_nobody_is_missing(client, bureau_member, network):
    client.force_login(bureau_member)
    response = overview(client, "2015-06-30")
    (row,) = response.context["rows"]
    # The waiver (10 September) and the extension (20 September) had not happened yet.
    assert (row["not_yet_due"], row["overdue"], row["pending"]) == (5, 0, 5)
    assert "Missing" not in response.content.decode()


def test_every_count_links_to_the_matrix_of_those_centres(client, bureau_member, network):
    client.force_login(bureau_member)
    response = overview(client, "2015-10-10")
    html = response.content.decode()
    matrix = reverse("dashboard:matrix")
    request_pk = network["workplans"].pk
    for status, expected in (
        ("submitted", {"Centre 0001"}),
        ("overdue", {"Centre 0002", "Centre 0003"}),
        ("pending", {"Centre 0004"}),
        ("waived", {"Centre 0005"}),
    ):
        link = f"{matrix}?as_at=2015-10-10&amp;request={request_pk}&amp;status={status}"
        assert f'href="{link}"' in html, status
        page = client.get(matrix, {"as_at": "2015-10-10", "request": request_pk, "status": status})
        # The cached answer is plain data (dicts), not models.
        assert {c["name"] for c, _cells in page.context["matrix"]["rows"]} == expected, status
        assert [r["pk"] for r in page.context["matrix"]["requests"]] == [network["workplans"].pk]


def test_a_matrix_filter_on_an_unknown_request_is_a_400(client, staff):
    client.force_login(staff)
    assert client.get(reverse("dashboard:matrix"), {"request": "x"}).status_code == 400
    assert client.get(reverse("dashboard:matrix"), {"request": "99999"}).status_code == 400


def test_invitations_have_their_own_table_with_who_replied(client, bureau_member, network):
    client.force_login(bureau_member)
    response = overview(client, "2016-06-30")
    assert [r["request"]["pk"] for r in response.context["rows"]] == [network["workplans"].pk]
    (row,) = response.context["invitations"]
    assert row["request"]["pk"] == network["views"].pk
    assert (row["expected"], row["replies"]) == (5, 2)
    assert row["repliers"] == [network["brazil"].name, network["spain"].name]
    html = response.content.decode()
    assert 'id="invitations-table"' in html
    assert "Centre 0003; Centre 0004" in html
    letter = formats.date_format(network["views"].issued_on, "SHORT_DATE_FORMAT")
    assert f"<td>{letter}</td>" in html  # the letter's date, kept in the cached row
    earlier = overview(client, "2016-06-25").context["invitations"][0]
    assert earlier["repliers"] == [network["brazil"].name]


def test_the_export_has_the_partition_and_the_replies(client, staff, network):
    client.force_login(staff)
    response = client.get(
        reverse("dashboard:overview_export", args=["csv"]), {"as_at": "2016-06-30"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *lines = csv.reader(io.StringIO(body))
    for column in ("Mode", "Overdue", "Not yet due", "Due soon", "Waived", "Replies"):
        assert column in header
    by_mode = {line[header.index("Mode")]: line for line in lines}
    assert by_mode["Invitation"][header.index("Replies")] == "2"
    assert by_mode["Invitation"][header.index("Overdue")] == ""
    assert by_mode["Obligation"][header.index("Overdue")] == "2"  # Senegal; Spain after 31 Oct


def test_the_overview_takes_a_fixed_number_of_queries_with_invitations(
    client, bureau_member, network, django_assert_max_num_queries
):
    client.force_login(bureau_member)
    overview(client, "2016-06-30")  # warm the session and the cache's table
    with django_assert_max_num_queries(20) as few:
        client.get(reverse("dashboard:overview"), {"as_at": "2016-07-01"})
    for n in range(3):
        factories.InvitationFactory(issued_on=dt.date(2016, 4, 21 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("dashboard:overview"), {"as_at": "2016-07-02"})
