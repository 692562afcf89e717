"""Invitations in the admin: add one (choose a contact) to email the contact a one-time link.

Imported by `centres.admin`; `invite_contacts` is also an action for the contacts' list.
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
    for contact in queryset.select_related("centre"):
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
    list_display = ["contact", "created_at", "expires_at", "accepted_at", "invited_by"]
    list_select_related = ["contact__centre", "invited_by"]
    search_fields = ["contact__name", "contact__email", "contact__centre__name"]
    autocomplete_fields = ["contact"]
    fields = ["contact"]
    readonly_fields = []

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        invitations.invitation_send(contact=obj.contact, invited_by=request.user, invitation=obj)
        messages.success(request, INVITED % {"email": obj.contact.email})
