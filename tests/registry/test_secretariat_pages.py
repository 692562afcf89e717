"""The Secretariat's pages: who reads mandates and meetings, who edits which budget lines."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from registry.models import BudgetLine, MandateState
from submissions.models import Obligation, RequestKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting_a(centre_a):
    meeting = factories.MeetingFactory(title="Webinar on PCB inventories")
    meeting.centres.add(centre_a)
    return meeting


@pytest.fixture
def meeting_b(centre_b):
    meeting = factories.MeetingFactory(title="Training on e-waste")
    meeting.centres.add(centre_b)
    return meeting


@pytest.fixture
def workplans(centre_a, centre_b):
    request = factories.RequestFactory(convention_centres="", paragraph="11(a)")
    request.centres.add(centre_a, centre_b)
    return (
        Obligation.objects.get(request=request, centre=centre_a),
        Obligation.objects.get(request=request, centre=centre_b),
    )


def test_a_director_sees_only_the_meetings_their_centre_took_part_in(
    client, director_a, meeting_a, meeting_b
):
    client.force_login(director_a)
    page = client.get(reverse("secretariat:meetings")).content.decode()
    assert "Webinar on PCB inventories" in page
    assert "Training on e-waste" not in page
    assert client.get(reverse("secretariat:meeting", args=[meeting_a.pk])).status_code == 200
    assert client.get(reverse("secretariat:meeting", args=[meeting_b.pk])).status_code == 404


def test_bureau_members_and_staff_see_every_meeting_with_counts(
    client, bureau_member, staff, meeting_a, meeting_b
):
    for user in (bureau_member, staff):
        client.force_login(user)
        response = client.get(
            reverse("secretariat:meetings"), {"start": "2016-01-01", "end": "2016-12-31"}
        )
        page = response.content.decode()
        assert "Webinar on PCB inventories" in page and "Training on e-waste" in page
        assert response.context["counts"].online_and_webinars == 2


def test_a_user_who_is_neither_a_contact_nor_a_reader_is_refused(client, db):
    client.force_login(factories.UserFactory(username="stranger"))
    assert client.get(reverse("secretariat:meetings")).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        {"start": "9999-12-31"},
        {"start": "2016-02-30"},
        {"kind": "party"},
        {"start": "2016-05-01", "end": "2016-01-01"},
    ],
)
def test_bad_filters_get_a_400_with_a_message(client, bureau_member, query):
    client.force_login(bureau_member)
    response = client.get(reverse("secretariat:meetings"), query)
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_staff_and_the_bureau_read_open_mandates_per_cop_and_directors_do_not(
    client, staff, bureau_member, director_a
):
    factories.MandateFactory(paragraph="12(a)", task="Report for COP-8")
    factories.MandateFactory(paragraph="18", task="Directors' meetings", state=MandateState.DONE)
    factories.MandateFactory(paragraph="3", task="Report for COP-9", reports_to_cop=9)
    for user in (staff, bureau_member):
        client.force_login(user)
        page = client.get(reverse("secretariat:mandates")).content.decode()
        assert "Report for COP-8" in page and "Report for COP-9" in page
        assert "Directors&#x27; meetings" not in page
        assert "reports to COP-9" in page
        page = client.get(reverse("secretariat:mandates"), {"show": "all"}).content.decode()
        assert "Directors&#x27; meetings" in page
    client.force_login(director_a)
    assert client.get(reverse("secretariat:mandates")).status_code == 403


def test_the_dashboards_link_to_the_mandates_and_meetings(client, bureau_member):
    client.force_login(bureau_member)
    page = client.get(reverse("dashboard:overview")).content.decode()
    assert reverse("secretariat:mandates") in page
    assert reverse("secretariat:meetings") in page


def test_the_support_page_shows_donors_and_no_invented_amount(client, bureau_member, centre_a):
    factories.ContributionFactory(donor_name="Norway")
    germany = factories.ContributionFactory(donor_name="Germany", amount=5000, currency="EUR")
    germany.centres.add(centre_a)
    client.force_login(bureau_member)
    page = client.get(reverse("secretariat:support")).content.decode()
    assert "Norway" in page and "not recorded" in page and "the network as a whole" in page
    assert "5000.00 EUR" in page


def _line(**fields):
    return {"description": "Workshop", "amount": "1200.50", "currency": "usd", **fields}


def test_a_director_adds_changes_and_deletes_their_own_budget_lines(client, director_a, workplans):
    own, _other = workplans
    client.force_login(director_a)
    url = reverse("secretariat:budget", args=[own.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, _line()).status_code == 302
    line = BudgetLine.objects.get()
    assert (line.amount, line.currency, line.entered_by) == (Decimal("1200.50"), "USD", director_a)
    edit = reverse("secretariat:budget_line", args=[line.pk])
    assert client.post(edit, _line(amount="900")).status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("900")
    assert client.post(reverse("secretariat:budget_line_delete", args=[line.pk])).status_code == 302
    assert not BudgetLine.objects.exists()
    assert line.history.count() == 3  # added, changed, deleted


def test_a_director_cannot_reach_another_centres_budget(client, director_a, workplans):
    _own, other = workplans
    line = factories.BudgetLineFactory(obligation=other)
    client.force_login(director_a)
    assert client.get(reverse("secretariat:budget", args=[other.pk])).status_code == 404
    assert client.post(reverse("secretariat:budget", args=[other.pk]), _line()).status_code == 404
    edit = reverse("secretariat:budget_line", args=[line.pk])
    assert client.post(edit, _line(amount="1")).status_code == 404
    delete = reverse("secretariat:budget_line_delete", args=[line.pk])
    assert client.post(delete).status_code == 404
    line.refresh_from_db()
    assert line.amount == 10000


def test_the_bureau_reads_budgets_on_the_centre_page_but_edits_none(
    client, bureau_member, workplans
):
    own, _other = workplans
    norway = factories.ContributionFactory(donor_name="Norway")
    factories.BudgetLineFactory(obligation=own, amount=3000, funded_by=norway)
    factories.BudgetLineFactory(obligation=own, amount=1000, description="Website")
    factories.BudgetLineFactory(obligation=own, amount=500, currency="EUR")
    client.force_login(bureau_member)
    assert client.get(reverse("secretariat:budget", args=[own.pk])).status_code == 404
    response = client.get(reverse("dashboard:centre", args=[own.centre_id]))
    [budget] = response.context["budgets"]
    assert budget.totals == [
        ("EUR", Decimal("0"), Decimal("500"), Decimal("500")),
        ("USD", Decimal("3000"), Decimal("1000"), Decimal("4000")),
    ]
    page = response.content.decode()
    assert "Norway (2015-2016)" in page and "Unfunded" in page


def test_a_centre_page_without_budget_lines_says_the_split_is_not_known(
    client, bureau_member, centre_a
):
    client.force_login(bureau_member)
    page = client.get(reverse("dashboard:centre", args=[centre_a.pk])).content.decode()
    assert "its funded and unfunded parts are not known" in page


def test_a_director_may_only_fund_a_line_from_a_contribution_to_their_centre(
    client, director_a, centre_b, workplans
):
    own, _other = workplans
    to_b = factories.ContributionFactory(donor_name="Germany")
    to_b.centres.add(centre_b)
    client.force_login(director_a)
    response = client.post(reverse("secretariat:budget", args=[own.pk]), _line(funded_by=to_b.pk))
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()


def test_staff_edit_any_budget(client, staff, workplans):
    _own, other = workplans
    client.force_login(staff)
    url = reverse("secretariat:budget", args=[other.pk])
    assert client.post(url, _line()).status_code == 302
    assert BudgetLine.objects.get().entered_by == staff


def test_a_budget_belongs_to_a_workplan_only(client, staff, centre_a):
    report = factories.RequestFactory(
        kind=RequestKind.ACTIVITY_REPORT, convention_centres="", due_date=dt.date(2016, 12, 31)
    )
    report.centres.add(centre_a)
    obligation = Obligation.objects.get(request=report)
    client.force_login(staff)
    assert client.get(reverse("secretariat:budget", args=[obligation.pk])).status_code == 404


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_queries_do_not_grow_with_the_rows(client, bureau_member, centre_a, workplans):
    own, _other = workplans
    client.force_login(bureau_member)

    def add(n):
        cache.clear()  # the centre page's rows are cached under the data stamp: count them cold
        mandate = factories.MandateFactory()
        for _ in range(n):
            meeting = factories.MeetingFactory(mandate=mandate)
            meeting.centres.add(centre_a)
            mandate.outputs.create(document_symbol="UNEP/POPS/COP.8/16/Rev.1")
            factories.BudgetLineFactory(obligation=own, funded_by=factories.ContributionFactory())

    urls = [
        reverse("secretariat:support"),
        reverse("secretariat:mandates"),
        reverse("secretariat:meetings") + "?start=2016-01-01&end=2016-12-31",
        reverse("dashboard:centre", args=[centre_a.pk]),
    ]
    add(2)
    for url in urls:  # once, for what a process reads only once (content types, the session)
        client.get(url)
    cache.clear()
    small = [_queries(client, url) for url in urls]
    add(15)
    assert [_queries(client, url) for url in urls] == small


@pytest.mark.parametrize(
    "fields",
    [
        {"amount": "-5"},
        {"amount": "abc"},
        {"amount": "1e400"},
        {"amount": "123456789012345678"},
        {"currency": "dollars"},
        {"description": ""},
        {"funded_by": "99999"},
        {"funded_by": "١"},
    ],
)
def test_bad_budget_input_gets_a_400_and_stores_nothing(client, director_a, workplans, fields):
    own, _other = workplans
    client.force_login(director_a)
    response = client.post(reverse("secretariat:budget", args=[own.pk]), _line(**fields))
    assert response.status_code == 400
    assert not BudgetLine.objects.exists()
