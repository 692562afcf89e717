"""Personal API tokens: create (the secret is returned once), revoke, authenticate."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import ApiToken, api_token_digest, new_api_token_secret
from registry.models.api_tokens import API_TOKEN_HINT_LENGTH, API_TOKEN_PREFIX

TOKEN_DAYS_OUT_OF_RANGE = _("A token is valid for 1 to %(days)s days.")
# A token's last use is written at most this often: not one write per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def api_token_create(*, user, name: str, days: int, now: dt.datetime) -> tuple[ApiToken, str]:
    """Create a token for `user` valid for `days` days; return it with its secret, which is
    not stored and cannot be shown again."""
    longest = settings.REGISTRY_API_TOKEN_MAX_DAYS
    if not 1 <= days <= longest:
        raise ValueError(str(TOKEN_DAYS_OUT_OF_RANGE % {"days": longest}))
    secret = new_api_token_secret()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        hint=secret[: len(API_TOKEN_PREFIX) + API_TOKEN_HINT_LENGTH],
        digest=api_token_digest(secret),
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    return token, secret


def api_token_revoke(*, token: ApiToken, now: dt.datetime) -> None:
    """Revoke `token` at `now` (a token already revoked keeps its first revocation)."""
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])


def api_token_authenticate(*, secret: str, now: dt.datetime) -> ApiToken | None:
    """Return the usable token whose secret is `secret` (its user active), else None; note its
    use at `now` (at most once a minute, with no history row)."""
    if not secret.startswith(API_TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.usable_at(now)
        .select_related("user")
        .filter(digest=api_token_digest(secret), user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or token.last_used_at <= now - LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=now)
        ).update(last_used_at=now)
        token.last_used_at = now
    return token
