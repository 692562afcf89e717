"""Sign-in policy on top of django-allauth: invitation-only accounts, two-factor for staff."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

SET_UP_TWO_FACTOR = _(
    "Secretariat accounts must use two-factor authentication. Set up an authenticator app to "
    "continue."
)


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations only (`centres.invitations`); allauth's emails go through
    the outbox."""

    def is_open_for_signup(self, request):
        return False

    def post_login(self, request, user, **kwargs):
        """Sign in, then speak the language the user chose for their account (its cookie)."""
        from django.utils import translation

        from .languages import user_language

        response = super().post_login(request, user, **kwargs)
        language = user_language(user)
        if language:
            translation.activate(language)
            language_cookie_set(response, language)
        return response

    def send_mail(self, template_prefix, email, context):
        """Queue the account email (password reset, address confirmation...) in the outbox.

        Rendered now, as allauth would, but sent by a worker: a mail outage never fails the
        page. Its text holds a one-time link or code, so it is erased once sent.
        """
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site
        from django.utils import translation

        from outbox.models import EmailKind
        from outbox.services import email_queue

        from .languages import address_language

        request = allauth_context.request
        # In the language of the account's owner, whatever the language of the page that asked.
        language = address_language(email, default=translation.get_language())
        with translation.override(language):
            message = self.render_mail(
                template_prefix,
                email,
                {
                    "request": request,
                    "email": email,
                    "current_site": get_current_site(request),
                    **context,
                },
            )
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        if message.content_subtype == "html":  # allauth sends HTML-only when no .txt exists
            html, text = message.body, ""
        else:
            text = message.body
        email_queue(
            kind=EmailKind.ACCOUNT,
            recipient=email,
            language=language,
            subject=str(message.subject),
            text=text,
            html=html,
            keep_content=False,
        )

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Count failed sign-ins per account, whatever identifier was typed.

        allauth keys the per-account limit by the typed string, so failures by user name and by
        email address would each get the full allowance. An identifier that names exactly one
        account is keyed by that account; any other (unknown, ambiguous) by the typed string.
        """
        from allauth.account.utils import filter_users_by_email, filter_users_by_username

        if email := credentials.get("email"):
            users = list(filter_users_by_email(email))
        elif username := credentials.get("username"):
            users = list(filter_users_by_username(username)[:2])
        else:
            users = []
        if len({user.pk for user in users}) == 1:
            return f"account:{users[0].pk}"
        return super()._get_login_attempts_cache_key(request, **credentials)


def language_cookie_set(response, language):
    """Set Django's language cookie on `response`, as `set_language` does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def signed_in_through_accounts(request):
    """Whether this session was opened by the accounts sign-in flow (not, e.g., a test login)."""
    return bool(get_authentication_records(request, request.user))


class StaffTwoFactorMiddleware:
    """Send staff who signed in without an authenticator to set one up before anything else.

    Only sessions opened by the accounts flow are held (the admin's sign-in redirects there too);
    the flow itself asks for the code of staff who already have one. Sessions made otherwise
    (`Client.force_login` in tests) are left alone. `REGISTRY_STAFF_MFA_REQUIRED=False` turns
    the requirement off.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            must_set_up = self._must_set_up(request)
        except DatabaseError:
            # The session or the user could not be read: the view answers for itself (/healthz
            # says "unavailable"; a page needing the database fails there, as it would anyway).
            must_set_up = False
        if must_set_up:
            from django.contrib import messages

            messages.warning(request, SET_UP_TWO_FACTOR)
            url = reverse("mfa_activate_totp")
            return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    def _must_set_up(self, request):
        user = getattr(request, "user", None)
        if not (
            settings.REGISTRY_STAFF_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and user.is_staff
        ):
            return False
        path = request.path
        open_paths = (
            reverse("mfa_index"),
            reverse("account_logout"),
            reverse("account_reauthenticate"),
            settings.STATIC_URL,
        )
        if any(path.startswith(p if p.startswith("/") else f"/{p}") for p in open_paths):
            return False
        return signed_in_through_accounts(request) and not has_totp(user)


def totp_enrol(user, secret=None):
    """Give `user` an authenticator (TOTP) and recovery codes, e.g. for demo staff.

    Return (secret, recovery codes); (None, []) when the user already has one. The secret is
    what an authenticator app needs (base32).
    """
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if has_totp(user):
        return None, []
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    codes = RecoveryCodes.activate(user)
    return secret, codes.get_unused_codes()


def totp_url(user, secret):
    """The otpauth:// URL of `secret` (what a QR code would carry)."""
    from allauth.mfa.adapter import get_adapter

    return get_adapter().build_totp_url(user, secret)
