"""The admin of the deadlines engine: policies per request kind, Bureau contacts, the ledger of
steps sent, and the digests with their emails (every email is in the outbox's admin)."""

from django.contrib import admin

from centres.admin_base import RegistryAdmin
from outbox.admin import EmailLogInline

from . import reminders
from .models import Digest, RegionBureauContact, ReminderPolicy, ReminderStep

OBLIGATION = ["obligation__request__decision", "obligation__centre", "obligation__party"]


class ShowOnlyAdmin(RegistryAdmin):
    """Records the engine writes: staff read them, nobody edits them by hand."""

    show_only = True


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(RegistryAdmin):
    list_display = [
        "request_kind",
        "days_before",
        "overdue_every_days",
        "overdue_reminders",
        "escalate_after_days",
        "is_active",
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reminders.policy_changed(policy=obj)


@admin.register(RegionBureauContact)
class RegionBureauContactAdmin(RegistryAdmin):
    list_display = ["region", "name", "email"]
    list_select_related = ["region"]


@admin.register(ReminderStep)
class ReminderStepAdmin(ShowOnlyAdmin):
    list_display = ["obligation", "step", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = OBLIGATION
    search_fields = ["obligation__centre__name", "obligation__party__name", "step"]
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(ShowOnlyAdmin):
    list_display = ["week", "covers_from", "covers_to"]
    inlines = [EmailLogInline]
