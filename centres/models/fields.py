"""Field factories for the declarations every app repeats: a link to another row, required or
optional, and a one-to-one extension of another row.

They only spell the common arguments once; the fields they return are those written out in
full (same columns, same migrations).
"""

from django.conf import settings
from django.db import models


def link(to, verbose_name, *, related_name, on_delete=models.PROTECT, **options):
    """Return a required foreign key to `to`; the row linked to cannot be deleted by default."""
    return models.ForeignKey(
        to, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name, **options
    )


def one_to_one(to, verbose_name, *, related_name, on_delete=models.PROTECT, **options):
    """Return a one-to-one key to `to`, protected like `link` by default."""
    return models.OneToOneField(
        to, verbose_name=verbose_name, on_delete=on_delete, related_name=related_name, **options
    )


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
