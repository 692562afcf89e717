"""Every API operation, called by every kind of user with a personal API token.

Another centre's objects are a 404 (never a 403 that confirms they exist), unpublished
evaluation cycles are invisible to the Bureau, documents not accepted are invisible to everyone.
"""

import pytest

from submissions.models import Obligation
from tests import factories
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "director_a", "director_b", "bureau_member", "staff"]
EVERYONE = dict.fromkeys(ACTORS, 200)
SIGNED_IN = {"anonymous": 401} | dict.fromkeys(ACTORS[1:], 200)

# (name, url builder, expected status per actor)
CASES = [
    ("openapi", lambda w: "/api/v1/openapi.json", EVERYONE),
    ("centres", lambda w: "/api/v1/centres", EVERYONE),
    ("centre", lambda w: f"/api/v1/centres/{w.centre_a.pk}", EVERYONE),
    ("missing centre", lambda w: "/api/v1/centres/99999", dict.fromkeys(ACTORS, 404)),
    ("decisions", lambda w: "/api/v1/decisions", EVERYONE),
    ("requests", lambda w: "/api/v1/requests", EVERYONE),
    ("documents", lambda w: "/api/v1/documents", EVERYONE),
    ("obligations", lambda w: "/api/v1/obligations", SIGNED_IN),
    (
        "obligation of centre A",
        lambda w: f"/api/v1/obligations/{w.obligation_a.pk}",
        SIGNED_IN | {"director_b": 404},
    ),
    ("compliance", lambda w: "/api/v1/compliance", SIGNED_IN),
    ("replies", lambda w: "/api/v1/replies", SIGNED_IN),
    ("evaluation cycles", lambda w: "/api/v1/evaluation-cycles", SIGNED_IN),
    (
        "published cycle",
        lambda w: f"/api/v1/evaluation-cycles/{w.published.pk}",
        SIGNED_IN | {"director_a": 404, "director_b": 404},
    ),
    (
        "closed (unpublished) cycle",
        lambda w: f"/api/v1/evaluation-cycles/{w.closed.pk}",
        SIGNED_IN | {"director_a": 404, "director_b": 404, "bureau_member": 404},
    ),
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_user_gets_the_expected_answer(case, actor, as_actor, world):
    name, url_for, expected = case

    response = as_actor(actor, url_for(world))

    assert response.status_code == expected[actor], (name, actor)
    if response.status_code >= 400:
        assert response["Content-Type"] == "application/problem+json"


def centres_of(response):
    return {row["centre_id"] for row in response.json()["items"]}


VISIBLE_CENTRES = {
    "director_a": {"a"},
    "director_b": {"b"},
    "bureau_member": {"a", "b"},
    "staff": {"a", "b"},
}


@pytest.mark.parametrize("actor", VISIBLE_CENTRES)
@pytest.mark.parametrize("operation", ["obligations", "replies"])
def test_lists_hold_only_the_centres_the_user_may_see(actor, operation, as_actor, world):
    ids = {"a": world.centre_a.pk, "b": world.centre_b.pk}
    seen = centres_of(as_actor(actor, f"/api/v1/{operation}?as_at=2016-12-31"))

    if operation == "replies":  # only centre A replied to the invitation
        assert seen == {ids[c] for c in VISIBLE_CENTRES[actor] if c == "a"}
    else:
        assert seen == {ids[c] for c in VISIBLE_CENTRES[actor]}


@pytest.mark.parametrize("actor", ACTORS)
def test_only_accepted_documents_are_public(actor, as_actor, world):
    rows = as_actor(actor, "/api/v1/documents").json()["items"]

    assert [row["id"] for row in rows] == [world.file_a.pk]
    assert rows[0]["sha256"] == world.file_a.sha256
    assert rows[0]["download_url"].endswith(f"/documents/{world.file_a.pk}/")


def test_the_bureau_sees_only_published_cycles(as_actor, world):
    bureau = as_actor("bureau_member", "/api/v1/evaluation-cycles").json()["items"]
    staff = as_actor("staff", "/api/v1/evaluation-cycles").json()["items"]

    assert [c["id"] for c in bureau] == [world.published.pk]
    assert {c["id"] for c in staff} == {world.published.pk, world.closed.pk}


def test_a_director_counts_only_their_own_centre(as_actor, world):
    def counts(actor):
        rows = as_actor(actor, "/api/v1/compliance?as_at=2016-12-31").json()["items"]
        return {r["request_id"]: (r["expected"], r["submitted"]) for r in rows}

    assert counts("bureau_member")[world.request.pk] == (2, 2)
    assert counts("director_a")[world.request.pk] == (1, 1)


def test_the_browser_session_is_scoped_like_a_token(client, director_b, world):
    client.force_login(director_b)

    assert client.get(f"/api/v1/obligations/{world.obligation_a.pk}").status_code == 404
    assert client.get(f"/api/v1/obligations/{world.obligation_b.pk}").status_code == 200


def test_a_partys_contact_lists_only_its_partys_obligations(client, party_user_a, world):
    colombia = party_user_a.party_contacts.get().party
    world.invitation.parties.add(colombia)
    serbia = factories.PartyFactory(code="RS", name="Serbia")
    world.invitation.parties.add(serbia)
    own = Obligation.objects.get(request=world.invitation, party=colombia)
    other = Obligation.objects.get(request=world.invitation, party=serbia)

    headers = bearer(party_user_a)
    rows = client.get("/api/v1/obligations", **headers).json()["items"]

    assert [(r["id"], r["centre_id"], r["party_id"]) for r in rows] == [(own.pk, None, colombia.pk)]
    assert client.get(f"/api/v1/obligations/{own.pk}", **headers).status_code == 200
    for hidden in (other, world.obligation_a):
        assert client.get(f"/api/v1/obligations/{hidden.pk}", **headers).status_code == 404
