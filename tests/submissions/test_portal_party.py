"""A Party's contact in the portal: Colombia's official contact point sees and answers only
Colombia's requests and invitations; Serbia's, and the centres', are a 404."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from outbox.models import EmailKind
from submissions.models import ReceivedThrough
from submissions.selectors import replies_as_at
from tests import factories
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db

REPLIED_AT = dt.datetime(2016, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def serbia(db):
    return factories.PartyFactory(code="RS", name="Serbia")


@pytest.fixture
def views_invitation(party_a, serbia):
    """The letter of 20 April 2016 inviting Colombia's and Serbia's views: nothing is due."""
    invitation = factories.InvitationFactory(convention_centres="")
    invitation.parties.add(party_a, serbia)
    return invitation


@pytest.fixture
def colombia_owes(views_invitation, party_a):
    return views_invitation.obligations.get(party=party_a)


@pytest.fixture
def serbia_owes(views_invitation, serbia):
    return views_invitation.obligations.get(party=serbia)


def _upload(client, obligation, content=b"%views\n"):
    url = reverse("portal:obligation", args=[obligation.pk])
    return client.post(url, {"files": [files.pdf(extra=content)]})


def test_colombia_uploads_its_reply_and_it_counts_as_a_reply(
    client, party_user_a, colombia_owes, serbia_owes, django_capture_on_commit_callbacks
):
    client.force_login(party_user_a)
    with (
        time_machine.travel(REPLIED_AT, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page = client.get(reverse("portal:obligation", args=[colombia_owes.pk]))
        response = _upload(client, colombia_owes)

    assert page.status_code == 200 and b"Colombia" in page.content
    assert response.status_code == 302
    version = colombia_owes.submission.versions.get()
    assert version.received_through == ReceivedThrough.PORTAL
    assert version.recorded_by == party_user_a
    assert replies_as_at(colombia_owes.request, dt.date(2016, 6, 1)) == [colombia_owes]
    assert replies_as_at(colombia_owes.request, dt.date(2016, 5, 31)) == []
    # The receipt goes to the contact point who uploaded, in their contact record's language.
    receipt = colombia_owes.emails.get(kind=EmailKind.RECEIPT)
    assert receipt.recipient == party_user_a.email
    assert [m.to for m in mail.outbox] == [[party_user_a.email]]
    assert "Colombia" in mail.outbox[0].body


def test_the_same_files_again_are_refused_as_identical(
    client, party_user_a, colombia_owes, django_capture_on_commit_callbacks
):
    client.force_login(party_user_a)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, colombia_owes)
        again = _upload(client, colombia_owes)

    assert again.status_code == 302
    assert colombia_owes.submission.versions.count() == 1


def test_colombia_cannot_see_nor_answer_serbia_or_a_centre(
    client, party_user_a, serbia_owes, obligation_a
):
    client.force_login(party_user_a)

    for obligation in (serbia_owes, obligation_a):
        page = reverse("portal:obligation", args=[obligation.pk])
        assert client.get(page).status_code == 404
        assert _upload(client, obligation).status_code == 404
        assert not hasattr(obligation, "submission") or not obligation.submission.versions.exists()


def test_the_home_page_lists_only_colombias_obligations(
    client, party_user_a, colombia_owes, serbia_owes, obligation_a
):
    client.force_login(party_user_a)

    page = client.get(reverse("portal:home"))

    assert page.status_code == 200
    listed = {int(pk) for pk in re.findall(r'data-obligation="(\d+)"', page.content.decode())}
    assert listed == {colombia_owes.pk}


def test_a_director_cannot_open_a_partys_obligation(client, director_a, colombia_owes):
    client.force_login(director_a)

    assert client.get(reverse("portal:obligation", args=[colombia_owes.pk])).status_code == 404
    assert _upload(client, colombia_owes).status_code == 404


def test_staff_still_record_a_reply_received_by_email(client, staff, colombia_owes):
    client.force_login(staff)

    response = client.post(
        reverse("portal:version_record", args=[colombia_owes.pk]),
        {
            "received_at": "2016-05-20T10:00",
            "received_through": "email",
            "note": "Sent by the Permanent Mission.",
            "files": [files.pdf(extra=b"%mail\n")],
        },
    )

    assert response.status_code == 302
    version = colombia_owes.submission.versions.get()
    assert version.received_through == ReceivedThrough.EMAIL
    assert replies_as_at(colombia_owes.request, dt.date(2016, 5, 31)) == [colombia_owes]
