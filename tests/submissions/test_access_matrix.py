"""Every portal, staff and download URL, walked by every kind of user.

Another centre's obligation, version or file is a 404 for a director, never a 403; a Party's
contact (with an account) is scoped to their Party's obligations the same way.
"""

import datetime as dt

import pytest
from django.urls import reverse

from submissions import services
from submissions.models import Blocker
from tests import factories
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "director_a", "director_b", "bureau_member", "staff", "party_user_a"]
LOGIN = "login"

# (name, method, url builder, data builder, expected answer per actor)
CASES = [
    (
        "home",
        "get",
        lambda w: reverse("portal:home"),
        None,
        {
            "director_a": 200,
            "director_b": 200,
            "bureau_member": 302,
            "staff": 302,
            "party_user_a": 200,
        },
    ),
    (
        "obligation",
        "get",
        lambda w: reverse("portal:obligation", args=[w.obligation.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "upload",
        "post",
        lambda w: reverse("portal:obligation", args=[w.obligation.pk]),
        lambda w: {"files": [files.pdf(extra=b"%new\n")]},
        {
            "director_a": 302,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 404,
        },
    ),
    (
        "extension request",
        "post",
        lambda w: reverse("portal:extension_request", args=[w.obligation.pk]),
        lambda w: {"new_due_date": "2015-10-31", "reason": "Floods"},
        # Director A reaches the form, which answers that the workplan is already in.
        {
            "director_a": 400,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 404,
        },
    ),
    (
        "receipt",
        "get",
        lambda w: reverse("portal:receipt", args=[w.version.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "download",
        "get",
        lambda w: reverse("portal:download", args=[w.file.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "centre profile",
        "get",
        lambda w: reverse("centres:profile", args=[w.centre.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "API tokens (account page)",
        "get",
        lambda w: reverse("api_tokens"),
        None,
        {
            "director_a": 200,
            "director_b": 200,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 200,
        },
    ),
    (
        "missing obligation",
        "get",
        lambda w: reverse("portal:obligation", args=[99999]),
        None,
        {
            "director_a": 404,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 404,
        },
    ),
    (
        "missing file",
        "get",
        lambda w: reverse("portal:download", args=[99999]),
        None,
        {
            "director_a": 404,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 404,
        },
    ),
    (
        "secretariat mandates",
        "get",
        lambda w: reverse("secretariat:mandates"),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "support and funding",
        "get",
        lambda w: reverse("secretariat:support"),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "meetings",
        "get",
        lambda w: reverse("secretariat:meetings"),
        None,
        {
            "director_a": 200,
            "director_b": 200,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "meeting",
        "get",
        lambda w: reverse("secretariat:meeting", args=[w.meeting.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "budget",
        "get",
        lambda w: reverse("secretariat:budget", args=[w.obligation.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "budget line add",
        "post",
        lambda w: reverse("secretariat:budget", args=[w.obligation.pk]),
        lambda w: {"description": "Workshop", "amount": "100", "currency": "USD"},
        {
            "director_a": 302,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 302,
            "party_user_a": 404,
        },
    ),
    (
        "budget line",
        "post",
        lambda w: reverse("secretariat:budget_line", args=[w.budget_line.pk]),
        lambda w: {"description": "Workshop", "amount": "200", "currency": "USD"},
        {
            "director_a": 302,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 302,
            "party_user_a": 404,
        },
    ),
    (
        "budget line delete",
        "post",
        lambda w: reverse("secretariat:budget_line_delete", args=[w.budget_line.pk]),
        None,
        {
            "director_a": 302,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 302,
            "party_user_a": 404,
        },
    ),
    (
        "review queue",
        "get",
        lambda w: reverse("portal:review_queue"),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "review queue, extension requests",
        "get",
        lambda w: reverse("portal:review_queue") + "?tab=extensions",
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "staff obligations",
        "get",
        lambda w: reverse("portal:staff_obligations"),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "review",
        "post",
        lambda w: reverse("portal:version_review", args=[w.version.pk]),
        lambda w: {"decision": "accept"},
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 302,
            "party_user_a": 403,
        },
    ),
    (
        "extension decision",
        "post",
        lambda w: reverse("portal:extension_decide", args=[w.extension.pk]),
        lambda w: {"decision": "grant"},
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 302,
            "party_user_a": 403,
        },
    ),
    (
        "waiver",
        "post",
        lambda w: reverse("portal:obligation_waive", args=[w.obligation.pk]),
        lambda w: {"reason": "Ceased"},
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 302,
            "party_user_a": 403,
        },
    ),
    (
        "COP notes",
        "get",
        lambda w: reverse("dashboard:cop_note_index"),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "COP note",
        "get",
        lambda w: reverse("dashboard:cop_note", args=["SC", 8]),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "COP note edit",
        "post",
        lambda w: reverse("dashboard:cop_note", args=["SC", 8]),
        lambda w: {"workplans_as_at": "2016-12-31"},
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 302,
            "party_user_a": 403,
        },
    ),
    (
        "COP note DOCX",
        "get",
        lambda w: reverse("dashboard:cop_note_docx", args=["SC", 8]),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
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
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 302,
            "party_user_a": 403,
        },
    ),
    (
        "action plan",
        "get",
        lambda w: reverse("portal:action_plan", args=[w.centre.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 404,
        },
    ),
    (
        "action update",
        "post",
        lambda w: reverse("portal:action_update", args=[w.action.pk]),
        lambda w: {f"action-{w.action.pk}-state": "in_progress"},
        {
            "director_a": 302,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 302,
            "party_user_a": 404,
        },
    ),
    (
        "Secretariat's action update",
        "post",
        lambda w: reverse("portal:action_update", args=[w.secretariat_action.pk]),
        lambda w: {f"action-{w.secretariat_action.pk}-state": "done"},
        {
            "director_a": 403,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 302,
            "party_user_a": 404,
        },
    ),
    (
        "what blocks you",
        "get",
        lambda w: reverse("portal:blocker", args=[w.obligation.pk]),
        None,
        {
            "director_a": 200,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 404,
        },
    ),
    (
        "what blocks you, answered",
        "post",
        lambda w: reverse("portal:blocker", args=[w.obligation.pk]),
        # Director A reaches the form, which answers that the workplan is not overdue.
        lambda w: {"reason": "no_funding"},
        {
            "director_a": 400,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 404,
        },
    ),
    (
        "action from what blocks",
        "post",
        lambda w: reverse("portal:blocker_action", args=[w.blocker.pk]),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 403,
            "staff": 302,
            "party_user_a": 403,
        },
    ),
    (
        "action plans dashboard",
        "get",
        lambda w: reverse("dashboard:action_plans"),
        None,
        {
            "director_a": 403,
            "director_b": 403,
            "bureau_member": 200,
            "staff": 200,
            "party_user_a": 403,
        },
    ),
    (
        "Party's obligation",
        "get",
        lambda w: reverse("portal:obligation", args=[w.party_obligation.pk]),
        None,
        {
            "director_a": 404,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 200,
        },
    ),
    (
        "Party's reply upload",
        "post",
        lambda w: reverse("portal:obligation", args=[w.party_obligation.pk]),
        lambda w: {"files": [files.pdf(extra=b"%views\n")]},
        {
            "director_a": 404,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 404,
            "party_user_a": 302,
        },
    ),
    (
        "Party's receipt",
        "get",
        lambda w: reverse("portal:receipt", args=[w.party_version.pk]),
        None,
        {
            "director_a": 404,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 200,
        },
    ),
    (
        "Party's file",
        "get",
        lambda w: reverse("portal:download", args=[w.party_version.files.get().pk]),
        None,
        {
            "director_a": 404,
            "director_b": 404,
            "bureau_member": 404,
            "staff": 200,
            "party_user_a": 200,
        },
    ),
]


class World:
    """Centre A's and Colombia's records that every case aims at."""


@pytest.fixture
def world(obligation_a, obligation_b, director_a, director_b, party_a, party_user_a, frozen):
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
    w.meeting = factories.MeetingFactory()
    w.meeting.centres.add(w.centre)
    factories.MeetingFactory().centres.add(obligation_b.centre)
    w.budget_line = factories.BudgetLineFactory(obligation=obligation_a)
    factories.BudgetLineFactory(obligation=obligation_b)
    w.action = factories.ActionFactory(gap__centre=w.centre)
    w.secretariat_action = factories.ActionFactory(gap=w.action.gap, owner="secretariat")
    factories.ActionFactory(gap__centre=obligation_b.centre)
    w.blocker = Blocker.objects.create(
        obligation=obligation_a,
        reason="no_funding",
        reported_at=dt.datetime(2015, 9, 1, tzinfo=dt.UTC),
    )
    # Colombia is invited to give its views, and replied through the portal.
    invitation = factories.InvitationFactory(convention_centres="")
    invitation.parties.add(party_a)
    w.party_obligation = invitation.obligations.get(party=party_a)
    w.party_version = services.version_upload(
        obligation=w.party_obligation, files=[files.pdf()], uploaded_by=party_user_a
    )
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
