"""The API tests' world: two centres owing a workplan (A's accepted, B's pending), an invitation
A replied to, a published and a closed evaluation cycle; and tokens for the named cast."""

import datetime as dt

import pytest
from django.utils import timezone

from evaluations.models import CycleStatus
from registry.api import services as token_services
from submissions.models import Obligation, RequestKind, RequestMode
from tests import factories
from tests.evaluations.grid import make_cycle, make_evaluation, make_methodology
from tests.registry.dashboard_network import at, submit, workplan_request
from tests.submissions import portal_files as files


class World:
    """Centre A's and centre B's records that the API tests aim at."""


@pytest.fixture
def world(centre_a, centre_b):
    w = World()
    w.centre_a, w.centre_b = centre_a, centre_b
    w.request = workplan_request(convention_centres="")
    w.request.centres.add(centre_a, centre_b)
    w.obligation_a = Obligation.objects.get(request=w.request, centre=centre_a)
    w.obligation_b = Obligation.objects.get(request=w.request, centre=centre_b)
    w.version_a = submit(w.obligation_a, at(2015, 9, 1), accepted=True, name="workplan-a.pdf")
    w.file_a = w.version_a.files.get()
    w.version_b = submit(
        w.obligation_b, at(2015, 9, 2), name="workplan-b.pdf", content=files.PDF_BYTES + b"% b\n"
    )
    w.file_b = w.version_b.files.get()
    w.invitation = factories.RequestFactory(
        decision=None,
        issued_on=dt.date(2016, 4, 20),
        paragraph="",
        kind=RequestKind.VIEWS,
        mode=RequestMode.INVITATION,
        convention_centres="",
        due_date=None,
        period_start=None,
        period_end=None,
    )
    w.invitation.centres.add(centre_a, centre_b)
    w.reply_a = Obligation.objects.get(request=w.invitation, centre=centre_a)
    submit(w.reply_a, at(2016, 6, 1), name="views-a.pdf", content=files.PDF_BYTES + b"% views\n")
    methodology = make_methodology()
    w.published = make_cycle(methodology, year=2015, status=CycleStatus.PUBLISHED)
    w.closed = make_cycle(methodology, year=2019, status=CycleStatus.CLOSED)
    for cycle in (w.published, w.closed):
        make_evaluation(cycle, centre_a)
        make_evaluation(cycle, centre_b)
    return w


def bearer(user):
    """Return the header of a fresh personal API token of `user`."""
    _token, secret = token_services.api_token_create(
        user=user, name="test", days=30, now=timezone.now()
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def as_actor(request, client):
    """Return `get(actor, url, **extra)`: a GET as `actor` (a fixture name, or "anonymous")
    with a personal API token."""
    headers = {}

    def get(actor, url, **extra):
        if actor != "anonymous" and actor not in headers:
            headers[actor] = bearer(request.getfixturevalue(actor))
        return client.get(url, **headers.get(actor, {}), **extra)

    return get
