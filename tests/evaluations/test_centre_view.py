"""A director reads their own centre's draft evaluation only once opened for comments."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from evaluations import services
from evaluations.models import CentreComment, CycleStatus
from tests.evaluations.grid import level, make_cycle, make_evaluation, part


@pytest.fixture
def opened(evaluation_a, methodology):
    services.evaluation_score(
        evaluation=evaluation_a,
        levels={part(methodology, "a"): level(methodology, "a", 4)},
        evaluator_comments="Strong project pipeline",
        open_for_comments=True,
    )
    return evaluation_a


def test_a_director_reads_the_draft_of_their_centre_once_opened(client, director_a, opened):
    client.force_login(director_a)

    listing = client.get(reverse("evaluations:my_evaluations"))
    page = client.get(reverse("evaluations:my_evaluation", args=[opened.pk]))

    assert reverse("evaluations:my_evaluation", args=[opened.pk]) in listing.content.decode()
    html = page.content.decode()
    assert page.status_code == 200
    assert "4 / 33" in html and "Strong project pipeline" in html
    assert html.count("not scored yet") == 2  # both parts of (b)
    assert "the scale of this criterion is not complete yet" in html  # (c)


def test_a_draft_not_opened_for_comments_is_a_404(client, director_a, evaluation_a):
    client.force_login(director_a)

    assert (
        client.get(reverse("evaluations:my_evaluation", args=[evaluation_a.pk])).status_code == 404
    )
    assert (
        reverse("evaluations:my_evaluation", args=[evaluation_a.pk])
        not in client.get(reverse("evaluations:my_evaluations")).content.decode()
    )


def test_another_centres_draft_is_a_404_even_when_opened(client, director_b, opened):
    client.force_login(director_b)

    assert client.get(reverse("evaluations:my_evaluation", args=[opened.pk])).status_code == 404
    assert (
        client.post(
            reverse("evaluations:my_evaluation", args=[opened.pk]), {"body": "Not mine"}
        ).status_code
        == 404
    )
    assert not CentreComment.objects.exists()


def test_a_director_sees_nothing_else_of_the_evaluations(client, director_a, opened, cycle):
    client.force_login(director_a)

    assert client.get(reverse("evaluations:cycle_detail", args=[cycle.pk])).status_code == 404
    assert client.get(reverse("evaluations:score", args=[opened.pk])).status_code == 403
    assert client.get(reverse("evaluations:cycle_export_docx", args=[cycle.pk])).status_code == 404


@time_machine.travel(dt.datetime(2019, 3, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_director_comments_and_staff_see_it_beside_the_scoring(client, director_a, staff, opened):
    client.force_login(director_a)

    response = client.post(
        reverse("evaluations:my_evaluation", args=[opened.pk]),
        {"body": "Our 2018 workshops are missing."},
    )

    assert response.status_code == 302
    comment = CentreComment.objects.get()
    assert (comment.author, comment.body, comment.created_at) == (
        director_a,
        "Our 2018 workshops are missing.",
        dt.datetime(2019, 3, 1, 9, tzinfo=dt.UTC),
    )
    client.force_login(staff)
    page = client.get(reverse("evaluations:score", args=[opened.pk])).content.decode()
    assert "Our 2018 workshops are missing." in page and "director.a" in page


def test_an_empty_comment_is_refused(client, director_a, opened):
    client.force_login(director_a)

    response = client.post(reverse("evaluations:my_evaluation", args=[opened.pk]), {"body": " "})

    assert response.status_code == 400
    assert not CentreComment.objects.exists()


def test_no_comment_once_the_cycle_is_closed(client, director_a, opened, cycle):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    client.force_login(director_a)

    response = client.post(
        reverse("evaluations:my_evaluation", args=[opened.pk]), {"body": "Too late"}
    )

    assert response.status_code == 400
    assert str(services.NOT_OPEN_FOR_COMMENTS) in response.content.decode()
    assert not CentreComment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, opened):
    response = client.get(reverse("evaluations:my_evaluation", args=[opened.pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))


def test_the_list_of_drafts_runs_a_fixed_number_of_queries(
    client, director_a, centre_a, methodology, django_assert_max_num_queries
):
    client.force_login(director_a)

    def grow(years):
        for year in years:
            cycle = make_cycle(methodology, year, cop=year - 2010)
            make_evaluation(cycle, centre_a, open_for_comments=True)

    grow([2011])
    with django_assert_max_num_queries(10) as small:
        page = client.get(reverse("evaluations:my_evaluations"))
    assert "evaluation 2011" in page.content.decode()
    grow([2013, 2015, 2017, 2021])
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("evaluations:my_evaluations"))
    assert page.content.decode().count("evaluation 20") == 5
