"""The staff scoring page: levels, evidence side by side, the live total computed here."""

from django.urls import reverse

from evaluations import services
from evaluations.models import CycleStatus, Evidence, Outcome, PartyFeedback
from tests import factories
from tests.evaluations.grid import level, make_version, part


def form_data(methodology, **chosen):
    """POST data choosing, for each `code_position=points`, that level."""
    data = {"outcome": "", "evaluator_comments": ""}
    for key, points in chosen.items():
        code, position = key.split("_")
        p = part(methodology, code, int(position))
        data[f"part_{p.pk}"] = str(level(methodology, code, points, int(position)).pk)
    return data


def test_the_page_shows_the_grid_the_evidence_and_the_feedback(
    staff_client, evaluation_a, centre_a, cycle
):
    report = make_version(centre_a)
    PartyFeedback.objects.create(
        cycle=cycle,
        centre=centre_a,
        party=factories.PartyFactory(name="Colombia"),
        gaps="Laboratory capacity",
    )

    page = staff_client.get(reverse("evaluations:score", args=[evaluation_a.pk]))

    html = page.content.decode()
    assert page.status_code == 200
    assert "(a) Capacity" in html and "(b) activities" in html
    assert "scale incomplete" in html  # criterion (c) has no scale yet
    assert "Criterion (c) has no scale yet." in html
    assert f'value="{report.pk}"' in html  # offered as evidence
    assert "Colombia" in html and "Laboratory capacity" in html
    assert 'hx-post="{}"'.format(reverse("evaluations:score_total", args=[evaluation_a.pk])) in html


def test_saving_records_levels_evidence_outcome_and_total(
    staff_client, evaluation_a, centre_a, methodology
):
    report = make_version(centre_a)
    data = form_data(methodology, a_0=2, b_0=8, b_1=2)
    data.update(outcome=Outcome.DEFER, evaluator_comments="Good reports", open_for_comments="on")
    data[f"evidence_{methodology.criteria.get(code='b').pk}"] = [str(report.pk)]

    response = staff_client.post(reverse("evaluations:score", args=[evaluation_a.pk]), data)

    assert response.status_code == 302
    evaluation_a.refresh_from_db()
    assert (evaluation_a.total, evaluation_a.outcome, evaluation_a.open_for_comments) == (
        12,
        Outcome.DEFER,
        True,
    )
    assert list(Evidence.objects.values_list("criterion__code", "version")) == [("b", report.pk)]
    again = staff_client.get(reverse("evaluations:score", args=[evaluation_a.pk]))
    assert "12</span> / 33" in again.content.decode()


def test_a_level_of_another_part_is_a_form_error_not_a_score(
    staff_client, evaluation_a, methodology
):
    data = {f"part_{part(methodology, 'a').pk}": str(level(methodology, "b", 8).pk)}

    response = staff_client.post(reverse("evaluations:score", args=[evaluation_a.pk]), data)

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not evaluation_a.scores.exists()


def test_evidence_of_another_centre_is_not_offered_nor_accepted(
    staff_client, evaluation_a, centre_b, methodology
):
    foreign = make_version(centre_b)
    data = {f"evidence_{methodology.criteria.get(code='a').pk}": [str(foreign.pk)]}

    response = staff_client.post(reverse("evaluations:score", args=[evaluation_a.pk]), data)

    assert response.status_code == 400
    assert not Evidence.objects.exists()


def test_the_live_total_is_computed_by_the_server(staff_client, evaluation_a, methodology):
    url = reverse("evaluations:score_total", args=[evaluation_a.pk])

    response = staff_client.post(
        url, form_data(methodology, a_0=4, b_0=4, b_1=1), HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert 'data-total="9"' in response.content.decode()
    assert "/ 33 points (27.3%)" in response.content.decode()
    assert not evaluation_a.scores.exists()  # only computed, never saved


def test_the_live_total_refuses_a_foreign_level(staff_client, evaluation_a, methodology):
    url = reverse("evaluations:score_total", args=[evaluation_a.pk])

    response = staff_client.post(
        url, {f"part_{part(methodology, 'a').pk}": str(level(methodology, "b", 8).pk)}
    )

    assert response.status_code == 400


def test_a_closed_cycle_shows_the_evaluation_read_only(
    staff_client, evaluation_a, cycle, methodology
):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    url = reverse("evaluations:score", args=[evaluation_a.pk])

    page = staff_client.get(url)
    refused = staff_client.post(url, form_data(methodology, a_0=4))

    assert "<fieldset disabled>" in page.content.decode()
    assert refused.status_code == 400
    assert not evaluation_a.scores.exists()


def test_only_staff_score(client, director_a, bureau_member, evaluation_a):
    url = reverse("evaluations:score", args=[evaluation_a.pk])
    for user in (director_a, bureau_member):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert (
            client.post(reverse("evaluations:score_total", args=[evaluation_a.pk])).status_code
            == 403
        )
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page


def test_an_unknown_evaluation_is_a_404(staff_client):
    assert staff_client.get(reverse("evaluations:score", args=[999])).status_code == 404


def test_the_page_runs_a_fixed_number_of_queries(
    staff_client, evaluation_a, centre_a, django_assert_max_num_queries
):
    from evaluations.models import Activity

    def grow(n):
        for i in range(n):
            make_version(centre_a)
            a = Activity.objects.create(
                centre=centre_a, title=f"A{i}", kind="training", start_date="2016-01-01"
            )
            a.countries_benefited.add(factories.PartyFactory())

    url = reverse("evaluations:score", args=[evaluation_a.pk])
    grow(1)
    with django_assert_max_num_queries(30) as small:
        staff_client.get(url)
    grow(5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        staff_client.get(url)
