"""Personal API tokens: a user's key to `/api/v1/`, stored hashed, shown once."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models.fields import link

# What every token starts with, so that a leaked one is recognised (by a secret scanner, in a log).
API_TOKEN_PREFIX = "rcr_"
API_TOKEN_BYTES = 32
# Characters after the prefix kept in clear, to tell a user's tokens apart on the account page.
API_TOKEN_HINT_LENGTH = 6


def new_api_token_secret():
    return API_TOKEN_PREFIX + secrets.token_urlsafe(API_TOKEN_BYTES)


def api_token_digest(secret):
    """Return the SHA-256 of `secret`: a token is random, so a fast hash cannot be reversed."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def usable_at(self, now):
        """Tokens neither revoked nor expired at `now` (the SQL twin of `ApiToken.is_usable_at`)."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class ApiToken(models.Model):
    """A personal token for the API; the secret itself is never stored."""

    user = link(
        settings.AUTH_USER_MODEL, _("user"), related_name="api_tokens", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for."))
    hint = models.CharField(_("starts with"), max_length=20, editable=False)
    digest = models.CharField(_("SHA-256 of the token"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"))
    expires_at = models.DateTimeField(_("expires at"))
    # Written at most once a minute per token (registry.api.services), without a history row.
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
                violation_error_message=_("A token must expire after it is created."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    def is_usable_at(self, now):
        return self.revoked_at is None and now < self.expires_at
