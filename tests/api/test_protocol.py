"""The API's HTTP behaviour: ETag/304, cursor pagination, problem details, rate limits, schema."""

import pytest

from submissions.models import Obligation
from tests import factories

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_a_list_answers_304_while_nothing_changed(client, world):
    first = client.get("/api/v1/centres")
    etag = first["ETag"]

    again = client.get("/api/v1/centres", HTTP_IF_NONE_MATCH=etag)

    assert again.status_code == 304
    assert again["ETag"] == etag
    assert again.content == b""


def test_a_write_changes_the_etag(client, world, django_capture_on_commit_callbacks):
    etag = client.get("/api/v1/requests")["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        factories.RequestFactory(convention_centres="")

    changed = client.get("/api/v1/requests", HTTP_IF_NONE_MATCH=etag)

    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_the_etag_depends_on_who_asks(client, world, director_a, director_b):
    etag_a = client.get("/api/v1/obligations", **bearer(director_a))["ETag"]

    as_b = client.get("/api/v1/obligations", HTTP_IF_NONE_MATCH=etag_a, **bearer(director_b))

    assert as_b.status_code == 200


def test_cursor_pages_cover_every_row_once_in_a_stable_order(client, world, staff):
    token = bearer(staff)
    seen, url = [], "/api/v1/obligations?limit=1&as_at=2016-12-31"
    while url:
        page = client.get(url, **token).json()
        seen += [row["id"] for row in page["items"]]
        url = page["next"]
        assert url is None or "as_at=2016-12-31T23%3A59%3A59.999999%2B01%3A00" in url

    assert seen == sorted(Obligation.objects.values_list("pk", flat=True))


def test_a_row_added_between_pages_neither_repeats_nor_shifts_the_rest(client, world):
    first = client.get("/api/v1/centres?limit=1").json()
    factories.CentreFactory(name="Centre added meanwhile")

    second = client.get(first["next"]).json()

    assert second["items"][0]["id"] == world.centre_b.pk


@pytest.mark.parametrize(
    "query",
    [
        "as_at=2016-13-45",
        "as_at=9999-12-31",
        "as_at=2016-12-31T10:00:00",  # no offset
        "cursor=bm90LWEtY3Vyc29y",
        "cursor=!!",
        "limit=0",
        "limit=100000",
        "limit=two",
    ],
)
def test_bad_input_is_a_400_problem_detail(client, world, query):
    response = client.get(f"/api/v1/centres?{query}")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["title"] == "Bad request"
    assert body["detail"]


@pytest.mark.parametrize(
    "query", ["status=lost", "kind=poem", "convention=XX", "region=99999", "cycle=0", "cycle=x"]
)
def test_filters_of_the_matrix_are_checked(client, world, staff, query):
    response = client.get(f"/api/v1/obligations?{query}", **bearer(staff))

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_obligations_filter_as_the_matrix(client, world, staff):
    def ids(query):
        rows = client.get(f"/api/v1/obligations?as_at=2016-12-31&{query}", **bearer(staff))
        return [r["id"] for r in rows.json()["items"]]

    assert ids("kind=workplan&status=on_time") == [world.obligation_a.pk, world.obligation_b.pk]
    assert ids("kind=views&status=replied") == [world.reply_a.pk]
    assert ids("status=overdue") == []


def test_instants_carry_their_offset_in_geneva_time(client, world, staff):
    url = f"/api/v1/obligations/{world.obligation_a.pk}?as_at=2016-12-31"
    row = client.get(url, **bearer(staff)).json()

    assert row["first_received_at"] == "2015-09-01T14:00:00+02:00"
    assert row["as_at"].endswith("+01:00")


def test_compliance_has_the_keys_of_the_command(client, world, staff):
    from submissions.management.commands.compliance_summary import KEYS

    [row, *_] = client.get("/api/v1/compliance?as_at=2016-12-31", **bearer(staff)).json()["items"]

    assert set(KEYS) | {"request_id"} <= set(row)


def test_anonymous_clients_are_rate_limited(client, world, settings):
    settings.REGISTRY_API_RATE_ANONYMOUS = "2/m"

    answers = [client.get("/api/v1/requests") for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2]["Content-Type"] == "application/problem+json"
    assert int(answers[2]["Retry-After"]) > 0


def test_each_token_has_its_own_allowance(client, world, settings, director_a):
    settings.REGISTRY_API_RATE_SIGNED_IN = "1/m"
    first, second = bearer(director_a), bearer(director_a)

    assert client.get("/api/v1/requests", **first).status_code == 200
    assert client.get("/api/v1/requests", **first).status_code == 429
    assert client.get("/api/v1/requests", **second).status_code == 200
    assert client.get("/api/v1/requests").status_code == 200  # anonymous: another allowance


def test_the_schema_describes_every_operation_and_its_problems(client):
    schema = client.get("/api/v1/openapi.json").json()

    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    assert operations == {
        "centres_list",
        "centres_read",
        "decisions_list",
        "requests_list",
        "documents_list",
        "obligations_list",
        "obligations_read",
        "compliance_list",
        "replies_list",
        "evaluation_cycles_list",
        "evaluation_cycles_read",
    }
    answers = schema["paths"]["/api/v1/obligations"]["get"]["responses"]
    assert set(answers["400"]["content"]) == {"application/problem+json"}


def test_the_docs_page_loads_swagger_ui_from_the_site(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "vendor/swagger-ui/swagger-ui-bundle" in page
    assert "http" not in page.split("<body>")[1].replace('href="/"', "")


def test_an_address_the_api_does_not_have_is_a_problem_detail(client):
    answer = client.get("/api/v1/nothing-here")

    assert answer.status_code == 404
    assert answer["Content-Type"] == "application/problem+json"
