"""A request's letter, composed once per language; the registry sends it to every addressee."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centres.models import Language
from centres.models.fields import link, user_link

from .requests import Request


class Letter(models.Model):
    request = link(Request, _("request"), related_name="letters", on_delete=models.CASCADE)
    language = models.CharField(_("language"), max_length=2, choices=Language)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = user_link(_("sent by"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["request", "language"]
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "language"],
                name="letter_one_per_language",
                violation_error_message=_("The request already has a letter in this language."),
            ),
        ]

    def __str__(self):
        return f"{self.request} ({self.language})"
