"""Invitations: staff invite a contact from the admin; the one-time link sets a password."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

import centres.admin_invitations  # noqa: F401  (registers the admin of invitations)
from centres import invitations
from centres.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db

User = get_user_model()
SENT_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def contact(centre_a):
    return factories.ContactFactory(
        centre=centre_a,
        name="Ana Souza",
        role="director",
        email="ana@centre-a.org",
        preferred_language="es",
    )


def _invite(contact, staff, callbacks):
    with time_machine.travel(SENT_AT, tick=False), callbacks(execute=True):
        invitations.invitation_send(contact=contact, invited_by=staff, now=SENT_AT)
    (message,) = mail.outbox
    return message, re.search(r"/portal/centres/invitation/[\w-]+/", message.body).group(0)


def test_staff_invite_a_contact_from_the_admin(
    client, staff, contact, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:centres_invitation_add"), {"contact": contact.pk})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == staff
    (message,) = mail.outbox
    assert message.to == ["ana@centre-a.org"]
    assert message.extra_headers["Content-Language"] == "es"


def test_the_link_sets_a_password_and_links_every_centre_of_the_contact(
    client, staff, contact, centre_b, django_capture_on_commit_callbacks
):
    other = factories.ContactFactory(centre=centre_b, email="ANA@centre-a.org")
    message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    assert Invitation.objects.get().token_hash not in message.body
    with time_machine.travel(SENT_AT + dt.timedelta(days=3)):
        page = client.get(path)
        assert page.status_code == 200
        response = client.post(
            path,
            {
                "username": "ana",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
        )
    assert response.url == reverse("account_login")
    user = User.objects.get(username="ana")
    assert user.email == "ana@centre-a.org"
    contact.refresh_from_db()
    other.refresh_from_db()
    assert contact.user == user and other.user == user
    assert client.login(username="ana", password="a-long-passphrase-9")


def test_the_link_works_once(client, staff, contact, django_capture_on_commit_callbacks):
    _message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    data = {
        "username": "ana",
        "password1": "a-long-passphrase-9",
        "password2": "a-long-passphrase-9",
    }
    with time_machine.travel(SENT_AT + dt.timedelta(hours=1)):
        client.post(path, data)
        again = client.get(path)
    assert again.status_code == 410
    assert "already used" in again.content.decode()
    assert User.objects.filter(email="ana@centre-a.org").count() == 1


def test_the_link_expires(client, staff, contact, settings, django_capture_on_commit_callbacks):
    _message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    with time_machine.travel(
        SENT_AT + dt.timedelta(days=settings.REGISTRY_INVITATION_DAYS, seconds=1)
    ):
        response = client.post(
            path,
            {
                "username": "ana",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
        )
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.filter(username="ana").exists()


def test_a_made_up_link_is_refused(client):
    response = client.get(reverse("centres:invitation_accept", args=["not-a-token"]))
    assert response.status_code == 404


def test_a_weak_password_or_a_taken_name_gets_a_clear_message(
    client, staff, contact, django_capture_on_commit_callbacks
):
    factories.UserFactory(username="taken")
    _message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    with time_machine.travel(SENT_AT + dt.timedelta(hours=1)):
        response = client.post(path, {"username": "taken", "password1": "123", "password2": "123"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "This user name is taken" in page
    assert "too short" in page
    assert Invitation.objects.get().accepted_at is None


def test_a_person_with_an_account_links_it_to_another_centre(
    client, staff, director_b, centre_a, django_capture_on_commit_callbacks
):
    contact = factories.ContactFactory(centre=centre_a, email=director_b.email)
    _message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    with time_machine.travel(SENT_AT + dt.timedelta(hours=1)):
        assert "Link my account" in client.get(path).content.decode()
        client.post(path, {})
    contact.refresh_from_db()
    assert contact.user == director_b


def test_an_invitation_is_logged_in_the_outbox_without_its_link(
    staff, contact, django_capture_on_commit_callbacks
):
    from outbox.models import EmailKind, EmailLog

    message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    email = EmailLog.objects.get()
    invitation = Invitation.objects.get()
    assert email.kind == EmailKind.INVITATION and email.target == invitation
    assert email.status == EmailLog.Status.SENT and email.subject == message.subject
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert token not in email.body + email.html + email.subject  # the link is only in the mail


def test_resending_an_invitation_sends_a_fresh_link_and_retires_the_old_one(
    client, staff, contact, django_capture_on_commit_callbacks
):
    from outbox import services
    from outbox.models import EmailLog

    _message, old_path = _invite(contact, staff, django_capture_on_commit_callbacks)
    with (
        time_machine.travel(SENT_AT + dt.timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = services.email_resend(email=EmailLog.objects.get())
    again.refresh_from_db()
    assert again.status == EmailLog.Status.SENT and len(mail.outbox) == 2
    new_path = re.search(r"/portal/centres/invitation/[\w-]+/", mail.outbox[1].body).group(0)
    assert new_path != old_path
    with time_machine.travel(SENT_AT + dt.timedelta(hours=2)):
        assert client.get(old_path).status_code == 404
        assert client.get(new_path).status_code == 200


def test_an_accepted_invitation_is_not_sent_again(
    client, staff, contact, django_capture_on_commit_callbacks
):
    from outbox import services
    from outbox.models import EmailLog

    _message, path = _invite(contact, staff, django_capture_on_commit_callbacks)
    with time_machine.travel(SENT_AT + dt.timedelta(hours=1)):
        client.post(
            path,
            {
                "username": "ana",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
        )
    with (
        time_machine.travel(SENT_AT + dt.timedelta(hours=2), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        again = services.email_resend(email=EmailLog.objects.get())
    again.refresh_from_db()
    assert again.status == EmailLog.Status.CANCELLED
    assert again.last_error == str(invitations.NOT_SENT_USED) and len(mail.outbox) == 1


def test_a_partys_contact_point_is_invited_and_sees_only_its_party(
    client, staff, centre_a, django_capture_on_commit_callbacks
):
    from centres.access import centres_for_user, parties_for_user

    colombia = factories.PartyFactory(code="CO", name="Colombia")
    ocp = factories.PartyContactFactory(
        party=colombia, name="Luz Gómez", email="ocp@co.example.org", preferred_language="es"
    )
    also_bc = factories.PartyContactFactory(party=colombia, convention="BC", email=ocp.email)
    factories.ContactFactory(centre=centre_a, email=ocp.email)  # not linked by this invitation
    client.force_login(staff)
    with time_machine.travel(SENT_AT, tick=False), django_capture_on_commit_callbacks(execute=True):
        added = client.post(reverse("admin:centres_invitation_add"), {"party_contact": ocp.pk})
    assert added.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.party_contact == ocp and invitation.contact is None
    (message,) = mail.outbox
    assert message.to == ["ocp@co.example.org"]
    assert "Colombia" in message.body
    path = re.search(r"/portal/centres/invitation/[\w-]+/", message.body).group(0)
    client.logout()
    with time_machine.travel(SENT_AT + dt.timedelta(days=1)):
        assert b"Colombia" in client.get(path).content
        client.post(
            path,
            {
                "username": "luz",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
        )
    user = User.objects.get(username="luz")
    ocp.refresh_from_db()
    also_bc.refresh_from_db()
    assert ocp.user == user and also_bc.user == user
    assert list(parties_for_user(user)) == [colombia]
    assert not centres_for_user(user).exists()


def test_the_admin_refuses_an_invitation_to_nobody_or_to_both(client, staff, contact):
    ocp = factories.PartyContactFactory()
    client.force_login(staff)

    for data in ({}, {"contact": contact.pk, "party_contact": ocp.pk}):
        response = client.post(reverse("admin:centres_invitation_add"), data)
        assert response.status_code == 200  # the form again, with the reason
        assert b"Choose either a centre" in response.content
    assert not Invitation.objects.exists()
