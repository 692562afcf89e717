"""The secret calendar-feed tokens."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centres.models.fields import one_to_one

TOKEN_BYTES = 32


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


class CalendarToken(models.Model):
    """The secret part of a user's calendar-feed URL; resetting it revokes the old URL."""

    user = one_to_one(
        settings.AUTH_USER_MODEL, _("user"), related_name="calendar_token", on_delete=models.CASCADE
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self):
        return str(_("Calendar feed of %(user)s") % {"user": self.user})
