"""The cycle page: every centre's total, percentage and outcome beside its previous cycle."""

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.models import CycleStatus, Outcome
from tests import factories
from tests.evaluations.grid import level, make_cycle, make_evaluation, part


@pytest.fixture
def previous(methodology):
    return make_cycle(methodology, 2015)


def score(evaluation, methodology, a=None, b=None, outcome=""):
    levels = {}
    if a is not None:
        levels[part(methodology, "a")] = level(methodology, "a", a)
    if b is not None:
        levels[part(methodology, "b")] = level(methodology, "b", b)
    services.evaluation_score(evaluation=evaluation, levels=levels, outcome=outcome)


def test_the_table_compares_each_centre_with_its_previous_cycle(
    client, staff, methodology, previous, cycle, centre_a, centre_b
):
    score(
        make_evaluation(previous, centre_a),
        methodology,
        a=2,
        b=1,
    )
    score(
        make_evaluation(cycle, centre_a),
        methodology,
        a=4,
        b=8,
        outcome=Outcome.REENDORSE,
    )
    score(make_evaluation(cycle, centre_b), methodology, a=1)
    client.force_login(staff)

    page = client.get(reverse("evaluations:cycle_detail", args=[cycle.pk]))

    table = page.context["table"]
    rows = {r.evaluation.centre.name: r for r in table.rows}
    assert table.previous_cycle == previous
    a, b = rows["Centre in Brazil"], rows["Centre in Spain"]
    assert (a.evaluation.total, a.evaluation.percentage, a.cells) == (12, 36.4, [4, 8, None])
    assert (a.previous.total, a.previous.percentage, a.change) == (3, 9.1, 27.3)
    assert (b.evaluation.total, b.previous, b.change, b.missing_parts) == (1, None, None, 2)
    html = page.content.decode()
    assert "Re-endorse for four years" in html and "+27.3" in html
    assert "% in 2015" in html


def test_bureau_members_read_a_cycle_only_once_published(
    client, bureau_member, cycle, evaluation_a
):
    client.force_login(bureau_member)
    url = reverse("evaluations:cycle_detail", args=[cycle.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("evaluations:cycle_export_xlsx", args=[cycle.pk])).status_code == 404

    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    assert client.get(url).status_code == 404
    services.cycle_set_status(
        cycle=cycle, status=CycleStatus.PUBLISHED, acknowledge_incomplete=True
    )

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Centre in Brazil" in html
    assert reverse("evaluations:score", args=[evaluation_a.pk]) not in html
    assert "Close the cycle" not in html
    assert client.get(reverse("evaluations:cycle_list")).status_code == 200


def test_directors_and_strangers_see_no_cycle(client, director_a, cycle):
    client.force_login(director_a)
    assert client.get(reverse("evaluations:cycle_detail", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("evaluations:cycle_list")).status_code == 404
    client.logout()
    assert client.get(reverse("evaluations:cycle_list")).status_code == 302


def test_staff_start_close_and_publish_a_cycle(client, staff, cycle):
    centre = factories.CentreFactory()
    factories.EndorsementFactory(centre=centre)
    client.force_login(staff)

    client.post(reverse("evaluations:cycle_populate", args=[cycle.pk]))
    client.post(reverse("evaluations:cycle_status", args=[cycle.pk]), {"status": "closed"})
    client.post(
        reverse("evaluations:cycle_status", args=[cycle.pk]),
        {"status": "published", "acknowledge_incomplete": "on"},
    )
    back = client.post(reverse("evaluations:cycle_status", args=[cycle.pk]), {"status": "open"})
    nonsense = client.post(reverse("evaluations:cycle_status", args=[cycle.pk]), {"status": "x"})
    late = client.post(reverse("evaluations:cycle_populate", args=[cycle.pk]))

    cycle.refresh_from_db()
    assert cycle.status == CycleStatus.PUBLISHED
    assert list(cycle.evaluations.values_list("centre", flat=True)) == [centre.pk]
    assert back.status_code == nonsense.status_code == late.status_code == 400
    assert "open to closed" in back.content.decode()


def test_the_cycle_list_marks_an_incomplete_and_a_locked_methodology(client, staff, cycle):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    client.force_login(staff)

    html = client.get(reverse("evaluations:cycle_list")).content.decode()

    assert "Incomplete" in html and "Locked" in html
    assert "Criterion (c) has no scale yet." in html


def grow(cycle, previous, methodology, n):
    for _ in range(n):
        centre = factories.CentreFactory()
        for c in (cycle, previous):
            score(
                make_evaluation(c, centre),
                methodology,
                a=2,
                b=1,
            )


@pytest.mark.parametrize(
    "url_name",
    ["evaluations:cycle_detail", "evaluations:cycle_export_xlsx", "evaluations:cycle_export_docx"],
)
def test_the_cycle_page_and_exports_run_a_fixed_number_of_queries(
    client, staff, cycle, previous, methodology, url_name, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse(url_name, args=[cycle.pk])
    grow(cycle, previous, methodology, 2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    grow(cycle, previous, methodology, 8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_cycle_list_runs_a_fixed_number_of_queries(
    client, staff, methodology, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("evaluations:cycle_list")
    for year in (2011, 2013):
        make_cycle(methodology, year, cop=5)
    with django_assert_max_num_queries(15) as small:
        client.get(url)
    from evaluations.services import methodology_new_version

    for year in (2015, 2019, 2023):
        make_cycle(methodology_new_version(methodology=methodology), year, cop=7)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_a_bureau_member_sees_an_empty_list_before_any_cycle_is_published(
    client, bureau_member, cycle
):
    client.force_login(bureau_member)
    page = client.get(reverse("evaluations:cycle_list"))
    assert page.status_code == 200
    assert page.context["cycles"] == []
