"""Each Party's official contact point and national focal points, per convention, with the
language in which they are written to (letters from the registry go to them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .fields import link, user_link
from .network import Convention, Language, Party


class PartyContact(models.Model):
    class Role(models.TextChoices):
        OFFICIAL_CONTACT_POINT = "official", _("Official contact point")
        FOCAL_POINT = "focal_point", _("National focal point")

    party = link(Party, _("Party"), related_name="contacts", on_delete=models.CASCADE)
    convention = models.CharField(_("convention"), max_length=2, choices=Convention)
    role = models.CharField(_("role"), max_length=20, choices=Role)
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("email"))
    preferred_language = models.CharField(
        _("language"), max_length=2, choices=Language, default=Language.ENGLISH
    )
    # Set when the contact accepts an invitation (`centres.invitations`): the account then sees
    # and acts on this Party's obligations in the portal (`centres.access.parties_for_user`).
    user = user_link(_("user account"), related_name="party_contacts")

    history = HistoricalRecords()

    class Meta:
        ordering = ["party__name", "convention", "role", "name"]
        verbose_name = _("contact of a Party")
        verbose_name_plural = _("contacts of Parties")
        constraints = [
            models.UniqueConstraint(
                fields=["party", "convention", "role", "email"],
                name="party_contact_unique",
                violation_error_message=_(
                    "This address is already a contact of this role for this convention."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name or self.email} ({self.get_role_display()}, {self.party})"
