"""Every portal, staff and download URL, walked by every kind of user.

Another centre's obligation, version or file is a 404 for a director, never a 403; a Party's
contact (with an account) is scoped to their Party's obligations the same way.
"""

import datetime as dt

import pytest
from django.urls import reverse

from evaluations.models import CycleStatus
from submissions import services
from submissions.models import Blocker
from tests import factories
from tests.evaluations.grid import make_cycle, make_evaluation, make_methodology
from tests.submissions import portal_files as files
from tests.submissions.access_cases import ACTORS, CASES

pytestmark = pytest.mark.django_db


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
    # Centre A's evaluation of a published cycle, and of a draft one (not opened for comments).
    methodology = make_methodology()
    w.evaluation = make_evaluation(
        make_cycle(methodology, year=2015, status=CycleStatus.PUBLISHED), w.centre
    )
    w.draft_evaluation = make_evaluation(make_cycle(methodology, year=2019), w.centre)
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
