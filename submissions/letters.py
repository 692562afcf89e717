"""A request's letter to every addressee, Parties included, sent from the registry.

Staff compose the letter once per language (`Letter`); `letters_send` queues one email per
addressee through the outbox, in the addressee's language (else the registry's language, else
the first composed), and the day it is first sent becomes the request's letter date
(`Request.issued_on`). Sending again reaches only addressees not yet written to: each email's
once key names the letter, and (once key, recipient) is unique in the outbox.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext_lazy as _

from centres.languages import contact_language_expression
from centres.models import Contact, PartyContact
from outbox.models import EmailKind, EmailLog
from outbox.services import email_queue

from .models import Letter, Obligation
from .services import _authored, _update_authored
from .status import local_date

NO_LETTER = _("Compose the letter in at least one language before sending it.")
LETTER_PREFIX = "letter:"


def letter_addressees(request):
    """Return [(email, language)] of every addressee of `request`, each address once.

    A centre's contacts; a Party's official contact point and national focal points for the
    convention of the request's decision (every convention when it has none).
    """
    obligations = Obligation.objects.filter(request=request)
    centre_ids = obligations.filter(centre__isnull=False).values("centre_id")
    party_ids = obligations.filter(party__isnull=False).values("party_id")
    party_contacts = PartyContact.objects.filter(party_id__in=party_ids)
    if request.decision_id:
        party_contacts = party_contacts.filter(convention=request.decision.convention)
    found = {}
    for qs in (Contact.objects.filter(centre_id__in=centre_ids), party_contacts):
        rows = qs.order_by("pk").values_list("email", contact_language_expression())
        for email, language in rows:
            found.setdefault(email.lower(), (email, language))
    return list(found.values())


def letters_send(*, request, sent_by, now=None):
    """Queue the request's letter to every addressee not yet written to; return how many."""
    now = now or timezone.now()
    with transaction.atomic():
        letters = {
            letter.language: letter
            for letter in Letter.objects.select_for_update(of=("self",))
            .filter(request=request)
            .order_by("language")
        }
        if not letters:
            raise ValidationError(NO_LETTER, code="no_letter")
        fallback = letters.get(settings.LANGUAGE_CODE) or letters[sorted(letters)[0]]
        if request.issued_on is None:
            request.issued_on = local_date(now)
            _authored(request, sent_by)
            request.save()  # re-syncs its obligations (an open request binds as at its letter)
        keys = {f"{LETTER_PREFIX}{letter.pk}" for letter in letters.values()}
        done = set(EmailLog.objects.filter(once_key__in=keys).values_list("once_key", "recipient"))
        queued = 0
        for address, language in letter_addressees(request):
            letter = letters.get(language, fallback)
            key = f"{LETTER_PREFIX}{letter.pk}"
            if (key, address) in done:
                continue
            email_queue(
                kind=EmailKind.LETTER,
                recipient=address,
                language=letter.language,
                subject=letter.subject,
                text=letter.body,
                html=linebreaks(escape(letter.body)),
                target=letter,
                once_key=key,
                now=now,
            )
            queued += 1
            if letter.sent_at is None:
                _update_authored(letter, sent_by, sent_at=now, sent_by=sent_by)
    return queued
