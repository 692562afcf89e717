"""The language a person chose for their account: for their pages after sign-in and their emails."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .fields import one_to_one
from .network import Language


class AccountLanguage(models.Model):
    """The language a signed-in user last picked in the language menu."""

    user = one_to_one(
        settings.AUTH_USER_MODEL,
        _("user"),
        related_name="account_language",
        on_delete=models.CASCADE,
        primary_key=True,
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    chosen_at = models.DateTimeField(_("chosen at"))

    class Meta:
        verbose_name = _("account language")
        verbose_name_plural = _("account languages")

    def __str__(self):
        return f"{self.user} – {self.get_language_display()}"
