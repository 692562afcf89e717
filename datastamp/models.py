"""The data stamp's row. Infrastructure at the bottom: it imports nothing of the registry's."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataStamp(models.Model):
    """One row that changes after every write to the registry's records (`datastamp.stamp`).

    Caches of counted answers key on it, so a write anywhere (any web host, any process)
    makes every cached answer unreachable. `token` is new on every bump and never comes back;
    `version` counts bumps, for people.
    """

    version = models.BigIntegerField(_("version"), default=0)
    token = models.CharField(_("token"), max_length=32)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        # The table was made when the stamp lived in `centres`; it keeps its name and its row.
        db_table = "centres_datastamp"
        verbose_name = _("data stamp")
        verbose_name_plural = _("data stamps")

    def __str__(self):
        return f"{self.version} ({self.token})"
