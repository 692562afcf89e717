"""Invitations in the admin: add one (choose a centre's or a Party's contact) to email the
contact a one-time link.

Imported by `centres.admin`; `invite_contacts` is also an action for the lists of centres'
contacts and of Parties' contacts.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import invitations
from .admin_base import RegistryAdmin
from .models import Invitation

INVITED = _("Invitation queued for %(email)s; its delivery shows in the outbox's emails.")


@admin.action(description=_("Email an invitation to set a password"))
def invite_contacts(modeladmin, request, queryset):
    count = 0
    for contact in queryset:
        invitations.invitation_send(contact=contact, invited_by=request.user)
        count += 1
    modeladmin.message_user(
        request,
        ngettext("%(count)d invitation queued.", "%(count)d invitations queued.", count)
        % {"count": count},
        messages.SUCCESS,
    )


@admin.register(Invitation)
class InvitationAdmin(RegistryAdmin):
    list_display = ["invitee", "created_at", "expires_at", "accepted_at", "invited_by"]
    list_select_related = ["contact__centre", "party_contact__party", "invited_by"]
    search_fields = [
        "contact__name",
        "contact__email",
        "contact__centre__name",
        "party_contact__name",
        "party_contact__email",
        "party_contact__party__name",
    ]
    autocomplete_fields = ["contact", "party_contact"]
    fields = ["contact", "party_contact"]
    readonly_fields = []

    @admin.display(description=_("invited"))
    def invitee(self, obj):
        return obj.invitee

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitee = obj.invitee
        invitations.invitation_send(contact=invitee, invited_by=request.user, invitation=obj)
        messages.success(request, INVITED % {"email": invitee.email})
