"""Which language a person reads: the one chosen on their account, else their contact record's.

A contact linked to a user account gets the account's language once its user picked one in the
language menu; otherwise the contact's preferred language. An address with no contact and no
account gets the caller's default (the site's language).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import check_for_language

from .models import AccountLanguage, Contact, PartyContact


def contact_language_expression(prefix=""):
    """The SQL twin of `contact_language`, for `values_list` over contacts (or `prefix`__)."""
    return Coalesce(
        F(f"{prefix}user__account_language__language"), F(f"{prefix}preferred_language")
    )


def user_language(user):
    """Return the language `user` chose for their account, or None."""
    if user is None or not getattr(user, "pk", None):
        return None
    try:
        return user.account_language.language
    except AccountLanguage.DoesNotExist:
        return None


def contact_language(contact):
    """Return the language of `contact` (a Contact or PartyContact)."""
    user = contact.user if contact.user_id else None
    return user_language(user) or contact.preferred_language


def address_language(email, default=None):
    """Return the language of whoever reads `email`: an account's, else a contact's, else
    `default` (the site's language when None)."""
    default = default or settings.LANGUAGE_CODE
    if not email:
        return default
    chosen = (
        AccountLanguage.objects.filter(user__email__iexact=email, user__is_active=True)
        .values_list("language", flat=True)
        .first()
    )
    if chosen:
        return chosen
    for model in (Contact, PartyContact):
        found = (
            model.objects.filter(email__iexact=email)
            .order_by("pk")
            .values_list(contact_language_expression(), flat=True)
            .first()
        )
        if found:
            return found
    return default


def mailbox_language(email):
    """Return the language of the account at `email` (a staff mailbox), else the site's: one
    query, for the deadlines scan."""
    chosen = (
        AccountLanguage.objects.filter(user__email__iexact=email, user__is_active=True)
        .values_list("language", flat=True)
        .first()
    )
    return chosen or settings.LANGUAGE_CODE


def account_language_set(*, user, language, now=None):
    """Keep `language` as `user`'s choice; return whether it was a language the site offers."""
    if not (user and user.is_authenticated and check_for_language(language)):
        return False
    if language not in dict(settings.LANGUAGES):
        return False
    AccountLanguage.objects.update_or_create(
        user=user, defaults={"language": language, "chosen_at": now or timezone.now()}
    )
    return True


def staff_languages(emails):
    """Return {email (lower case): language} of the active accounts that chose a language."""
    rows = (
        get_user_model()
        .objects.filter(is_active=True, account_language__isnull=False)
        .exclude(email="")
        .values_list("email", "account_language__language")
    )
    wanted = {e.lower() for e in emails}
    return {email.lower(): language for email, language in rows if email.lower() in wanted}
