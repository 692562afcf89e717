"""Who is calling: a personal API token (Bearer), the browser session, or nobody; and the rate
limits per token (or signed-in user) and per anonymous client, counted in the cache."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import SimpleRateThrottle

from registry.models import ApiToken

from . import services

BAD_TOKEN = _("This API token is unknown, expired or revoked.")


class Anonymous:
    """`request.auth` of a caller who gave no credentials (public operations only)."""

    def __bool__(self):
        return True

    def __str__(self):
        return "anonymous"


ANONYMOUS = Anonymous()


class TokenAuth(HttpBearer):
    """A personal API token; a token that is given but unusable is a 401, not anonymous."""

    def authenticate(self, request, token):
        found = services.api_token_authenticate(secret=token, now=timezone.now())
        if found is None:
            raise AuthenticationError(401, str(BAD_TOKEN))
        request.user = found.user
        return found


class Session(SessionAuth):
    """The browser's session (django-ninja checks CSRF on unsafe methods)."""


def anonymous(request):
    return ANONYMOUS


SIGNED_IN = [TokenAuth(), Session()]
ANYONE = [TokenAuth(), Session(), anonymous]


def caller_key(auth):
    """The rate-limit identity of a signed-in caller: the token, or the session's user."""
    if isinstance(auth, ApiToken):
        return f"token:{auth.pk}"
    return f"user:{auth.pk}"


class SettingsRateThrottle(SimpleRateThrottle):
    """A throttle whose rate is the setting `rate_setting`, read at each request."""

    rate_setting = ""

    def __init__(self):
        super().__init__(getattr(settings, self.rate_setting))

    def allow_request(self, request):
        self.num_requests, self.duration = self.parse_rate(getattr(settings, self.rate_setting))
        return super().allow_request(request)


class SignedInThrottle(SettingsRateThrottle):
    scope = "registry-api-signed-in"
    rate_setting = "REGISTRY_API_RATE_SIGNED_IN"

    def get_cache_key(self, request):
        auth = getattr(request, "auth", None)
        if auth is None or isinstance(auth, Anonymous):
            return None
        return self.cache_format % {"scope": self.scope, "ident": caller_key(auth)}


class AnonymousThrottle(SettingsRateThrottle):
    scope = "registry-api-anonymous"
    rate_setting = "REGISTRY_API_RATE_ANONYMOUS"

    def get_cache_key(self, request):
        if not isinstance(getattr(request, "auth", None), Anonymous):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
