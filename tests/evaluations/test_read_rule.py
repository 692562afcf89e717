"""One rule for who may read an evaluation, used by every page and export that shows scores.

A cycle that staff closed but did not publish is read by staff only: not by the Bureau on the
cycle page, its exports, the cycle list or the dashboards' centre records.
"""

import io
import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from evaluations import access, services
from evaluations.models import CycleStatus, Evaluation, EvaluationCycle
from tests import factories
from tests.evaluations.grid import level, make_cycle, make_evaluation, make_scored, part


def publish(cycle):
    if cycle.status == CycleStatus.OPEN:
        services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    services.cycle_set_status(
        cycle=cycle, status=CycleStatus.PUBLISHED, acknowledge_incomplete=True
    )
    cycle.refresh_from_db()


def records(client, centre, *, htmx=False):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.get(reverse("dashboard:centre_records", args=[centre.pk]), **headers)


def test_a_closed_cycle_is_hidden_from_the_bureau_everywhere(
    client, bureau_member, closed, centre_a
):
    client.force_login(bureau_member)

    assert client.get(reverse("evaluations:cycle_detail", args=[closed.pk])).status_code == 404
    for fmt in ("xlsx", "docx"):
        url = reverse(f"evaluations:cycle_export_{fmt}", args=[closed.pk])
        assert client.get(url).status_code == 404
    assert "2019" not in client.get(reverse("evaluations:cycle_list")).content.decode()
    for htmx in (False, True):
        page = records(client, centre_a, htmx=htmx)
        assert page.status_code == 200
        assert "6 of 33 points" not in page.content.decode()
        assert "None yet." in page.content.decode()
    assert (
        client.get(reverse("evaluations:my_evaluations")).content.decode().count("evaluation 2019")
        == 0
    )


def test_staff_read_the_closed_cycle_everywhere(client, staff, closed, centre_a):
    client.force_login(staff)

    assert client.get(reverse("evaluations:cycle_detail", args=[closed.pk])).status_code == 200
    book = load_workbook(
        io.BytesIO(client.get(reverse("evaluations:cycle_export_xlsx", args=[closed.pk])).content)
    )
    assert [r[0] for r in book["2019"].iter_rows(min_row=5, values_only=True)] == [
        "Centre in Brazil"
    ]
    assert client.get(reverse("evaluations:cycle_export_docx", args=[closed.pk])).status_code == 200
    assert "6 of 33 points" in records(client, centre_a).content.decode()


def test_the_bureau_reads_the_cycle_once_published(client, bureau_member, closed, centre_a):
    publish(closed)
    client.force_login(bureau_member)

    assert client.get(reverse("evaluations:cycle_detail", args=[closed.pk])).status_code == 200
    assert "6 of 33 points" in records(client, centre_a).content.decode()
    document = Document(
        io.BytesIO(client.get(reverse("evaluations:cycle_export_docx", args=[closed.pk])).content)
    )
    assert document.tables[0].rows[1].cells[0].text == "Centre in Brazil"


def test_a_published_cycle_is_not_compared_with_an_unpublished_one_for_the_bureau(
    client, bureau_member, staff, closed, methodology, centre_a
):
    """The 2023 table shows the change since 2019 to staff, but not while 2019 is unpublished."""
    later = make_cycle(methodology, 2023)
    make_scored(
        later,
        centre_a,
        levels={part(methodology, "a"): level(methodology, "a", 1)},
    )
    publish(later)

    client.force_login(bureau_member)
    bureau_book = load_workbook(
        io.BytesIO(client.get(reverse("evaluations:cycle_export_xlsx", args=[later.pk])).content)
    )
    bureau_page = client.get(reverse("evaluations:cycle_detail", args=[later.pk]))
    client.force_login(staff)
    staff_book = load_workbook(
        io.BytesIO(client.get(reverse("evaluations:cycle_export_xlsx", args=[later.pk])).content)
    )

    bureau_header = next(bureau_book["2023"].iter_rows(min_row=4, max_row=4, values_only=True))
    staff_header = next(staff_book["2023"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert "Total 2019" not in bureau_header
    assert "Total 2019" in staff_header
    assert bureau_page.context["table"].previous_cycle is None


def test_a_director_reads_their_own_published_evaluation_only(
    client, director_a, director_b, closed, evaluation_a
):
    publish(closed)
    client.force_login(director_a)

    mine = client.get(reverse("evaluations:my_evaluation", args=[evaluation_a.pk]))
    listing = client.get(reverse("evaluations:my_evaluations")).content.decode()

    assert mine.status_code == 200 and "6 / 33" in mine.content.decode()
    assert reverse("evaluations:my_evaluation", args=[evaluation_a.pk]) in listing
    assert client.get(reverse("evaluations:cycle_detail", args=[closed.pk])).status_code == 404
    client.force_login(director_b)
    assert (
        client.get(reverse("evaluations:my_evaluation", args=[evaluation_a.pk])).status_code == 404
    )


def test_a_director_does_not_read_a_closed_cycle_unless_the_draft_was_opened(
    client, director_a, closed, evaluation_a
):
    client.force_login(director_a)

    assert (
        client.get(reverse("evaluations:my_evaluation", args=[evaluation_a.pk])).status_code == 404
    )
    Evaluation.objects.filter(pk=evaluation_a.pk).update(open_for_comments=True)
    assert (
        client.get(reverse("evaluations:my_evaluation", args=[evaluation_a.pk])).status_code == 200
    )


# --- the specification and its SQL twin ------------------------------------------------------


def test_the_rule_in_words():
    def read(status, **who):
        facts = {"is_staff": False, "is_bureau": False, "is_contact": False} | who
        return access.may_read_evaluation(status=status, open_for_comments=False, **facts)

    assert all(read(s, is_staff=True) for s in CycleStatus.values)
    assert [read(s, is_bureau=True) for s in CycleStatus.values] == [False, False, True]
    assert [read(s, is_contact=True) for s in CycleStatus.values] == [False, False, True]
    assert not any(read(s) for s in CycleStatus.values)
    assert access.may_read_evaluation(
        status="closed", open_for_comments=True, is_staff=False, is_bureau=False, is_contact=True
    )
    assert not access.may_read_evaluation(
        status="published",
        open_for_comments=True,
        is_staff=False,
        is_bureau=False,
        is_contact=False,
    )


@pytest.fixture
def readers(centre_a):
    """Every kind of reader: anonymous, staff, Bureau, a centre's director, a Bureau member who
    is also a contact of the centre, a stranger, and an inactive staff user."""
    both = factories.BureauMemberFactory(username="bureau.contact")
    factories.ContactFactory(centre=centre_a, user=both, email=both.email)
    director = factories.UserFactory(username="director.only")
    factories.ContactFactory(centre=centre_a, user=director, role="director", email=director.email)
    return {
        "anonymous": AnonymousUser(),
        "staff": factories.StaffFactory(username="staff.reader"),
        "bureau": factories.BureauMemberFactory(username="bureau.reader"),
        "director": director,
        "bureau and director": both,
        "stranger": factories.UserFactory(username="stranger"),
        "inactive staff": factories.StaffFactory(username="gone", is_active=False),
    }


def test_the_querysets_agree_with_the_predicates_on_every_combination(
    methodology, centre_a, centre_b, readers
):
    evaluations = []
    for year, (status, opened) in zip(
        itertools.count(2001, 2), itertools.product(CycleStatus.values, (False, True)), strict=False
    ):
        cycle = make_cycle(methodology, year, cop=year - 1990, status=status)
        for centre in (centre_a, centre_b):
            evaluations.append(make_evaluation(cycle, centre, open_for_comments=opened))

    for name, user in readers.items():
        by_sql = set(Evaluation.objects.visible_to(user).values_list("pk", flat=True))
        by_rule = {e.pk for e in evaluations if access.can_read_evaluation(user, e)}
        assert by_sql == by_rule, name
        cycles_by_sql = set(EvaluationCycle.objects.visible_to(user).values_list("pk", flat=True))
        cycles_by_rule = {
            c.pk for c in EvaluationCycle.objects.all() if access.can_read_cycle(user, c)
        }
        assert cycles_by_sql == cycles_by_rule, name

    published_a = {
        e.pk
        for e in evaluations
        if e.centre == centre_a and e.cycle.status == CycleStatus.PUBLISHED
    }
    drafts_a = {e.pk for e in evaluations if e.centre == centre_a and e.open_for_comments}
    assert (
        set(Evaluation.objects.visible_to(readers["director"]).values_list("pk", flat=True))
        == published_a | drafts_a
    )
    assert not Evaluation.objects.visible_to(readers["inactive staff"]).exists()
    assert not Evaluation.objects.visible_to(readers["stranger"]).exists()
