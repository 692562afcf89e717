"""Field factories for the declarations every app repeats: an optional link to another row.

They only spell the common arguments once; the fields they return are those written out in
full (same columns, same migrations).
"""

from django.conf import settings
from django.db import models


def optional_link(to, verbose_name, *, on_delete=models.SET_NULL, related_name="+", **options):
    """Return a nullable foreign key to `to`, optional in forms, hidden from `to` by default."""
    return models.ForeignKey(
        to,
        verbose_name=verbose_name,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        **options,
    )


def user_link(verbose_name, **options):
    """Return an optional link to the user who did something (None when the system did)."""
    return optional_link(settings.AUTH_USER_MODEL, verbose_name, **options)
