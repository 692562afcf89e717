"""Invitations: a contact receives a one-time link, valid for a limited time, to set a password.

The contact is a centre's (`Contact`) or a Party's (`PartyContact`); accepting links the account
to it, and `centres.access` then scopes the account to that centre or Party.

Only the SHA-256 of the token is stored, so a leaked database cannot be used to accept one.
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from outbox import hooks
from outbox.models import EmailKind
from outbox.services import email_queue

from .languages import contact_language
from .models import Contact, Invitation, PartyContact

INVITATION_INVALID = _("This invitation link is not valid. Ask the Secretariat for a new one.")
INVITATION_USED = _("This invitation was already used. Sign in, or reset your password.")
INVITATION_EXPIRED = _("This invitation has expired. Ask the Secretariat for a new one.")
USERNAME_TAKEN = _("This user name is taken; choose another.")
SUBJECT_INVITATION = _("Your account for the regional centres registry")
# Reasons shown to staff on an invitation's email that was not sent.
NOT_SENT_WITHDRAWN = _("Not sent: the invitation was deleted.")
NOT_SENT_USED = _("Not sent: the invitation was already accepted.")
NOT_SENT_EXPIRED = _("Not sent: the invitation expired; invite the contact again.")


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token):
    return settings.SITE_URL.rstrip("/") + reverse("centres:invitation_accept", args=[token])


@transaction.atomic
def invitation_send(*, contact, invited_by, now=None, invitation=None):
    """Create an invitation for `contact` (a `Contact` or a `PartyContact`) and queue its
    email; return the invitation.

    `invitation` may be an unsaved instance (from the admin's form) to fill in. The link's
    token is minted when the email is rendered (`invitation_render`), so it never sits in the
    database nor in the broker: until then the stored hash is of a token nobody holds.
    """
    now = now or timezone.now()
    invitation = invitation or Invitation()
    if isinstance(contact, PartyContact):
        invitation.party_contact, invitation.contact = contact, None
    else:
        invitation.contact, invitation.party_contact = contact, None
    invitation.token_hash = token_hash(secrets.token_urlsafe(32))
    invitation.invited_by = invited_by
    invitation.created_at = now
    invitation.expires_at = now + dt.timedelta(days=settings.REGISTRY_INVITATION_DAYS)
    invitation.save()
    # Logged, retried and resendable like every email; the staff member's page never waits
    # for, nor fails with, the mail server.
    email_queue(
        kind=EmailKind.INVITATION,
        recipient=contact.email,
        language=contact_language(contact),
        target=invitation,
        keep_content=False,
        now=now,
    )
    return invitation


def _email_invitation(email):
    return (
        Invitation.objects.select_related("contact__centre", "party_contact__party")
        .filter(pk=email.object_id)
        .first()
    )


def invitation_check(email, now):
    """Return why an invitation's email must not go out (the outbox's pre-send hook), or None."""
    invitation = _email_invitation(email)
    if invitation is None:
        return NOT_SENT_WITHDRAWN
    if invitation.accepted_at is not None:
        return NOT_SENT_USED
    if now >= invitation.expires_at:
        return NOT_SENT_EXPIRED
    return None


def invitation_render(email, now):
    """Mint the invitation's token and render its email (the outbox's renderer hook).

    Each rendering replaces the token, so the link in the latest email sent is the one that
    works; the text is never stored (`keep_content=False` on registration).
    """
    invitation = _email_invitation(email)
    token = secrets.token_urlsafe(32)
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash(token))
    contact = invitation.invitee
    with translation.override(contact_language(contact)):
        context = {
            "contact": contact,
            "url": invitation_url(token),
            "invitation": invitation,
            "existing": get_user_model().objects.filter(email__iexact=contact.email).exists(),
        }
        return (
            str(SUBJECT_INVITATION),
            render_to_string("emails/invitation.txt", context),
            render_to_string("emails/invitation.html", context),
        )


def hooks_register():
    hooks.renderer_register(EmailKind.INVITATION, invitation_render, keep_content=False)
    hooks.check_register(EmailKind.INVITATION, invitation_check)


def invitation_for_token(token, now=None):
    """Return the usable invitation for `token`; raise ValidationError saying why not."""
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_related("contact__centre", "party_contact__party")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise ValidationError(INVITATION_INVALID, code="invalid")
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED, code="used")
    if now >= invitation.expires_at:
        raise ValidationError(INVITATION_EXPIRED, code="expired")
    return invitation


def existing_user_for(invitation):
    return get_user_model().objects.filter(email__iexact=invitation.invitee.email).first()


@transaction.atomic
def invitation_accept(*, token, username=None, password=None, now=None):
    """Use the invitation once: create the account (or reuse the one with this email) and link
    every contact of the invitee's kind (a centre's, or a Party's) with this email that has no
    account yet. Return the user.
    """
    now = now or timezone.now()
    invitation = invitation_for_token(token, now)
    # Lock it, so that the same link clicked twice makes one account.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ValidationError(INVITATION_USED, code="used")
    invitee = invitation.invitee
    email = invitee.email
    user = existing_user_for(invitation)
    if user is None:
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    username=username, email=email, password=password
                )
        except IntegrityError:  # the name was taken since the form was checked
            raise ValidationError(USERNAME_TAKEN, code="username") from None
    model = PartyContact if invitation.party_contact_id else Contact
    linked = model.objects.filter(Q(email__iexact=email, user__isnull=True) | Q(pk=invitee.pk))
    for contact in linked:
        contact.user = user
        contact.save(update_fields=["user"])  # kept in the contact's history
    invitation.accepted_at = now
    invitation.user = user
    invitation.save(update_fields=["accepted_at", "user"])
    return user
