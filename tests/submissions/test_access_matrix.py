"""Every portal, staff and download URL, walked by every kind of user.

Another centre's obligation, version or file is a 404 for a director, never a 403.
"""

import datetime as dt

import pytest
from django.urls import reverse

from submissions import services
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "director_a", "director_b", "bureau_member", "staff"]
LOGIN = "login"

# (name, method, url builder, data builder, expected answer per actor)
CASES = [
    (
        "home",
        "get",
        lambda w: reverse("portal:home"),
        None,
        {"director_a": 200, "director_b": 200, "bureau_member": 302, "staff": 302},
    ),
    (
        "obligation",
        "get",
        lambda w: reverse("portal:obligation", args=[w.obligation.pk]),
        None,
        {"director_a": 200, "director_b": 404, "bureau_member": 404, "staff": 200},
    ),
    (
        "upload",
        "post",
        lambda w: reverse("portal:obligation", args=[w.obligation.pk]),
        lambda w: {"files": [files.pdf(extra=b"%new\n")]},
        {"director_a": 302, "director_b": 404, "bureau_member": 404, "staff": 404},
    ),
    (
        "extension request",
        "post",
        lambda w: reverse("portal:extension_request", args=[w.obligation.pk]),
        lambda w: {"new_due_date": "2015-10-31", "reason": "Floods"},
        # Director A reaches the form, which answers that the workplan is already in.
        {"director_a": 400, "director_b": 404, "bureau_member": 404, "staff": 404},
    ),
    (
        "receipt",
        "get",
        lambda w: reverse("portal:receipt", args=[w.version.pk]),
        None,
        {"director_a": 200, "director_b": 404, "bureau_member": 404, "staff": 200},
    ),
    (
        "download",
        "get",
        lambda w: reverse("portal:download", args=[w.file.pk]),
        None,
        {"director_a": 200, "director_b": 404, "bureau_member": 404, "staff": 200},
    ),
    (
        "centre profile",
        "get",
        lambda w: reverse("centres:profile", args=[w.centre.pk]),
        None,
        {"director_a": 200, "director_b": 404, "bureau_member": 404, "staff": 200},
    ),
    (
        "API tokens (account page)",
        "get",
        lambda w: reverse("api_tokens"),
        None,
        {"director_a": 200, "director_b": 200, "bureau_member": 200, "staff": 200},
    ),
    (
        "missing obligation",
        "get",
        lambda w: reverse("portal:obligation", args=[99999]),
        None,
        {"director_a": 404, "director_b": 404, "bureau_member": 404, "staff": 404},
    ),
    (
        "missing file",
        "get",
        lambda w: reverse("portal:download", args=[99999]),
        None,
        {"director_a": 404, "director_b": 404, "bureau_member": 404, "staff": 404},
    ),
    (
        "review queue",
        "get",
        lambda w: reverse("portal:review_queue"),
        None,
        {"director_a": 403, "director_b": 403, "bureau_member": 403, "staff": 200},
    ),
    (
        "staff obligations",
        "get",
        lambda w: reverse("portal:staff_obligations"),
        None,
        {"director_a": 403, "director_b": 403, "bureau_member": 403, "staff": 200},
    ),
    (
        "review",
        "post",
        lambda w: reverse("portal:version_review", args=[w.version.pk]),
        lambda w: {"decision": "accept"},
        {"director_a": 403, "director_b": 403, "bureau_member": 403, "staff": 302},
    ),
    (
        "extension decision",
        "post",
        lambda w: reverse("portal:extension_decide", args=[w.extension.pk]),
        lambda w: {"decision": "grant"},
        {"director_a": 403, "director_b": 403, "bureau_member": 403, "staff": 302},
    ),
    (
        "waiver",
        "post",
        lambda w: reverse("portal:obligation_waive", args=[w.obligation.pk]),
        lambda w: {"reason": "Ceased"},
        {"director_a": 403, "director_b": 403, "bureau_member": 403, "staff": 302},
    ),
    (
        "record",
        "post",
        lambda w: reverse("portal:version_record", args=[w.obligation.pk]),
        lambda w: {
            "received_through": "email",
            "received_at": "2015-09-19T09:00",
            "files": [files.pdf(extra=b"%mail\n")],
        },
        {"director_a": 403, "director_b": 403, "bureau_member": 403, "staff": 302},
    ),
]


class World:
    """Centre A's records that every case aims at."""


@pytest.fixture
def world(obligation_a, obligation_b, director_a, director_b, frozen):
    w = World()
    w.obligation = obligation_a
    w.centre = obligation_a.centre
    w.version = services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )
    w.file = w.version.files.get()
    # Centre B has records too, so that a leak would show.
    w.extension = services.extension_request(
        obligation=obligation_b,
        new_due_date=dt.date(2015, 10, 31),
        reason="Strike",
        requested_by=director_b,
    )
    services.version_upload(obligation=obligation_b, files=[files.pdf()], uploaded_by=director_b)
    return w


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_user_gets_the_expected_answer(case, actor, client, world, request):
    name, method, url_for, data_for, expected = case
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    url = url_for(world)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, data_for(world) if data_for else {})
    if actor == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")
    else:
        assert response.status_code == expected[actor], (name, actor)
