"""Every query parameter is parsed by a form or a validated converter: bad values are a 400 with
a clear message, never a 500 (issue 10, points 5 and 6)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from registry.models import CalendarToken
from submissions import review
from submissions.models import Obligation
from tests import factories
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request
from tests.submissions import portal_files

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 10, tzinfo=dt.UTC)
RANGE_MESSAGE = "from 1990-01-01 to 2036-12-31"
# The first values of each list go to every endpoint; the rest to the overview only (time).
FAR = [
    "9999-12-31T23:59:59+00:00",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00:00+00:00",
    "2037-01-01",
    "1989-12-31T23:00:00+00:00",
]
# NUL bytes are refused for every view before any parsing (tests/registry/test_security_headers.py).
MALFORMED = ["2016-01-01\u200b", "x" * 10_000, "²", "2016-13-01", "2016-01-01T10:00"]


@pytest.fixture
def network():
    (centre,) = sc_centres(1)
    request = workplan_request()
    submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))
    return {"centre": centre, "request": request}


def dashboard_urls(network, *, every=True):
    """The eleven dashboard endpoints that read an "as at" instant, with their other params
    (only the overview when not `every`)."""
    centre, request = network["centre"].pk, network["request"].pk
    if not every:
        return [(reverse("dashboard:overview"), {})]
    return [
        (reverse("dashboard:overview"), {}),
        (reverse("dashboard:overview_export", args=["csv"]), {}),
        (reverse("dashboard:overview_export", args=["xlsx"]), {}),
        (reverse("dashboard:matrix"), {}),
        (reverse("dashboard:matrix_export", args=["csv"]), {}),
        (reverse("dashboard:matrix_export", args=["xlsx"]), {}),
        (reverse("dashboard:centre", args=[centre]), {}),
        (reverse("dashboard:centre_records", args=[centre]), {}),
        (reverse("dashboard:trends"), {}),
        (reverse("dashboard:report"), {"requests": request}),
        (reverse("dashboard:report_docx"), {"requests": request}),
    ]


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("as_at", FAR)
def test_a_far_as_at_is_a_400_naming_the_range_on_every_dashboard(
    client, bureau_member, network, as_at
):
    client.force_login(bureau_member)

    for url, query in dashboard_urls(network, every=as_at in FAR[:2]):
        response = client.get(url, query | {"as_at": as_at})
        assert response.status_code == 400, url
        assert RANGE_MESSAGE in response.content.decode(), url


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("as_at", MALFORMED)
def test_a_malformed_as_at_is_a_400_on_every_dashboard(client, staff, network, as_at):
    client.force_login(staff)

    for url, query in dashboard_urls(network, every=as_at in MALFORMED[:2]):
        response = client.get(url, query | {"as_at": as_at})
        assert response.status_code == 400, url
        # The report's form names the field; the null character has Django's own message.
        assert 'data-testid="bad-input"' in response.content.decode(), url
        assert (
            "Give a date (YYYY-MM-DD)" in response.content.decode()
            or "Null characters are not allowed" in response.content.decode()
        ), url


@time_machine.travel(NOW, tick=False)
def test_the_edges_of_the_range_are_accepted(client, staff, network):
    client.force_login(staff)

    for as_at in ("1990-01-01", "2036-12-31T22:59:59+00:00"):
        for url, query in dashboard_urls(network):
            assert client.get(url, query | {"as_at": as_at}).status_code == 200, (url, as_at)


@pytest.mark.parametrize(
    "query",
    [
        {"cycle": "²"},
        {"cycle": "1.5"},
        {"cycle": "NaN"},
        {"cycle": "9" * 10_000},
        {"region": "²"},
        {"region": "99999999999999999999"},
        {"region": "1\u200b"},
        {"kind": "x" * 10_000},
        {"convention": "\u202e"},
        {"status": "=1+1"},
    ],
)
def test_malformed_filters_are_a_400_with_the_filter_named(client, staff, network, query):
    client.force_login(staff)

    for url in (reverse("dashboard:matrix"), reverse("dashboard:matrix_export", args=["csv"])):
        response = client.get(url, query)
        assert response.status_code == 400, url
        assert "Some of the filters are not valid" in response.content.decode()


@pytest.mark.parametrize("page", ["99999999999999999999", "9" * 10_000, "-1", "²", "\uff11", "1e9"])
def test_any_page_number_shows_a_page(client, staff, network, page):
    client.force_login(staff)

    assert client.get(reverse("dashboard:matrix"), {"page": page}).status_code == 200


@pytest.mark.parametrize(
    "centre", ["²", "٣", "-1", "1.0", "99999999999999999999", "1\u200b", "x" * 10_000]
)
def test_an_unknown_centre_parameter_is_a_400_on_every_page_that_reads_it(client, staff, centre):
    token = CalendarToken.objects.create(user=staff)
    client.force_login(staff)

    for url in (
        reverse("evaluations:activity_list"),
        reverse("portal:staff_obligations"),
        reverse("calendar:feed", args=[token.token]),
    ):
        response = client.get(url, {"centre": centre})
        assert response.status_code == 400, url
        assert "by its number" in response.content.decode(), url


def test_a_centre_number_still_narrows_the_lists(client, staff, centre_a, centre_b):
    client.force_login(staff)

    assert (
        client.get(reverse("portal:staff_obligations"), {"centre": str(centre_a.pk)}).status_code
        == 200
    )
    assert (
        client.get(reverse("evaluations:activity_list"), {"centre": f" {centre_b.pk} "}).status_code
        == 200
    )


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("0001-01-01", "2016-12-31", RANGE_MESSAGE),
        ("2015-01-01", "9999-12-31", RANGE_MESSAGE),
        ("2015-01-01\u200b", "2016-12-31", "Give the period as two dates"),
        ("²", "2016-12-31", "Give the period as two dates"),
        ("x" * 10_000, "2016-12-31", "Give the period as two dates"),
    ],
)
def test_the_mercury_period_is_bounded(client, staff, start, end, message):
    client.force_login(staff)

    for url in (reverse("evaluations:mercury_list"), reverse("evaluations:mercury_export")):
        response = client.get(url, {"start": start, "end": end})
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "America",
        "America/",
        "../etc/passwd",
        "/etc/localtime",
        "zone.tab",
        "tzdata.zi",
        "Europe/Zurich\x00",
        "x" * 10_000,
        "",
        None,
        "Europe/Geneva",
    ],
)
def test_only_known_time_zones_are_valid(name):
    assert review.valid_time_zone(name) is None


def test_a_known_time_zone_is_valid():
    assert review.valid_time_zone("America/Sao_Paulo") == "America/Sao_Paulo"


@time_machine.travel(dt.datetime(2015, 9, 20, 8, tzinfo=dt.UTC), tick=False)
@pytest.mark.parametrize("tz", ["America", "zone.tab", "../../etc/passwd", "Europe/Geneva"])
def test_a_bad_time_zone_in_the_cookie_or_the_form_falls_back_to_geneva(
    client, director_a, centre_a, tz
):
    request = factories.RequestFactory(convention_centres="", due_date=dt.date(2015, 9, 30))
    request.centres.add(centre_a)
    obligation = Obligation.objects.get(request=request, centre=centre_a)
    client.force_login(director_a)
    client.cookies["registry_tz"] = tz

    response = client.post(
        reverse("portal:obligation", args=[obligation.pk]),
        {"files": [portal_files.pdf()], "tz": tz},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    receipt = client.get(response["Location"])

    assert receipt.status_code == 200
    assert "Geneva" in receipt.content.decode()


@pytest.mark.parametrize("far", ["99999999999999999999", "2147483648", "²", "-1"])
def test_a_far_id_in_a_multiple_choice_is_a_400_not_an_overflow(
    client, staff, director_a, network, far
):
    client.force_login(staff)
    for url in (reverse("dashboard:report"), reverse("dashboard:report_docx")):
        response = client.get(url, {"requests": [network["request"].pk, far]})
        assert response.status_code == 400, url
        assert "is not a valid value" in response.content.decode(), url

    client.force_login(director_a)
    response = client.post(
        reverse("evaluations:activity_create"),
        {
            "centre": director_a.contacts.get().centre_id,
            "title": "Workshop",
            "kind": "workshop",
            "start_date": "2016-01-01",
            "countries_benefited": [far],
        },
    )
    assert response.status_code == 400
    assert "is not a valid value" in response.content.decode()
