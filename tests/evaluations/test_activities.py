"""Activities: a director reports their own centre's, staff any centre's."""

import pytest
from django.urls import reverse

from evaluations.models import Activity
from tests import factories
from tests.evaluations.grid import make_version


def data(centre, **extra):
    values = {
        "centre": centre.pk,
        "title": "Workshop on PCBs",
        "kind": "workshop",
        "start_date": "2017-05-02",
        "end_date": "2017-05-04",
        "partners": "UNIDO",
        "funding_source": "GEF",
        "mercury_related": "",
    }
    values.update(extra)
    return values


def test_a_director_reports_an_activity_of_their_centre(client, director_a, centre_a):
    chile = factories.PartyFactory(code="CL", name="Chile")
    report = make_version(centre_a)
    client.force_login(director_a)

    response = client.post(
        reverse("evaluations:activity_create"),
        data(centre_a, countries_benefited=[chile.pk], mercury_related="on", report=report.pk),
    )

    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.centre, activity.entered_by, activity.mercury_related, activity.report) == (
        centre_a,
        director_a,
        True,
        report,
    )
    assert list(activity.countries_benefited.all()) == [chile]


def test_a_director_cannot_report_for_another_centre(client, director_a, centre_b):
    client.force_login(director_a)

    response = client.post(reverse("evaluations:activity_create"), data(centre_b))

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Activity.objects.exists()


def test_another_centres_activity_is_a_404(client, director_a, centre_b):
    theirs = Activity.objects.create(
        centre=centre_b, title="Theirs", kind="training", start_date="2016-01-01"
    )
    client.force_login(director_a)

    assert client.get(reverse("evaluations:activity_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("evaluations:activity_delete", args=[theirs.pk])).status_code == 404
    assert "Theirs" not in client.get(reverse("evaluations:activity_list")).content.decode()
    assert Activity.objects.filter(pk=theirs.pk).exists()


def test_an_activity_cannot_end_before_it_starts(client, director_a, centre_a):
    client.force_login(director_a)

    response = client.post(
        reverse("evaluations:activity_create"), data(centre_a, end_date="2017-04-30")
    )

    assert response.status_code == 400
    assert "An activity cannot end before it starts." in response.content.decode()


@pytest.mark.parametrize(
    "field, day",
    [("start_date", "9999-12-31"), ("end_date", "9999-12-31"), ("start_date", "1900-01-01")],
)
def test_an_activity_date_out_of_range_is_refused(client, director_a, centre_a, field, day):
    client.force_login(director_a)

    response = client.post(reverse("evaluations:activity_create"), data(centre_a, **{field: day}))

    assert response.status_code == 400
    assert "Give a date between 1989-01-01 and" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_1000_character_title_is_refused(client, director_a, centre_a):
    client.force_login(director_a)

    response = client.post(reverse("evaluations:activity_create"), data(centre_a, title="x" * 1000))

    assert response.status_code == 400
    assert "at most 255 characters" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_report_of_another_centre_cannot_be_cited(client, staff, centre_a, centre_b):
    foreign = make_version(centre_b)
    client.force_login(staff)

    response = client.post(
        reverse("evaluations:activity_create"), data(centre_a, report=foreign.pk)
    )

    assert response.status_code == 400
    assert not Activity.objects.exists()


def test_staff_edit_and_delete_any_centres_activity(client, staff, centre_b):
    activity = Activity.objects.create(
        centre=centre_b, title="Old", kind="training", start_date="2016-01-01"
    )
    client.force_login(staff)

    edited = client.post(
        reverse("evaluations:activity_edit", args=[activity.pk]), data(centre_b, title="New")
    )
    activity.refresh_from_db()
    deleted = client.post(reverse("evaluations:activity_delete", args=[activity.pk]))

    assert edited.status_code == deleted.status_code == 302
    assert activity.title == "New"
    assert not Activity.objects.exists()


def test_people_without_a_centre_cannot_report(client, bureau_member):
    client.force_login(bureau_member)

    assert client.get(reverse("evaluations:activity_list")).status_code == 404
    assert client.get(reverse("evaluations:activity_create")).status_code == 404


def test_a_bad_centre_filter_is_a_400(client, staff):
    client.force_login(staff)

    assert client.get(reverse("evaluations:activity_list"), {"centre": "x"}).status_code == 400


@pytest.mark.parametrize("who", ["staff", "director_a"])
def test_the_list_runs_a_fixed_number_of_queries(
    client, request, who, centre_a, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(who))

    def grow(n):
        for i in range(n):
            a = Activity.objects.create(
                centre=centre_a, title=f"Activity {i}", kind="training", start_date="2016-01-01"
            )
            a.countries_benefited.add(factories.PartyFactory(), factories.PartyFactory())

    grow(2)
    with django_assert_max_num_queries(15) as small:
        page = client.get(reverse("evaluations:activity_list"))
    assert page.content.decode().count("Activity ") >= 2
    grow(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("evaluations:activity_list"))
