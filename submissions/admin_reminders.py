"""The admin of the deadlines engine: policies per request kind, Bureau contacts, the ledger of
steps sent, and every email with its delivery state (failed ones can be sent again)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.admin_base import RegistryAdmin

from . import reminders
from .models import Digest, EmailLog, RegionBureauContact, ReminderPolicy, ReminderStep

OBLIGATION = ["obligation__request__decision", "obligation__centre", "obligation__party"]


class ShowOnlyAdmin(RegistryAdmin):
    """Records the engine writes: staff read them, nobody edits them by hand."""

    show_only = True


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(RegistryAdmin):
    list_display = ["request_kind", "days_before", "overdue_every_days", "overdue_reminders",
                    "escalate_after_days", "is_active"]

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


@admin.register(EmailLog)
class EmailLogAdmin(ShowOnlyAdmin):
    list_display = ["created_at", "kind", "recipient", "obligation", "status", "attempts",
                    "sent_at", "short_error"]
    list_filter = ["status", "kind", "language"]
    list_select_related = OBLIGATION
    search_fields = ["recipient", "subject", "obligation__centre__name",
                     "obligation__party__name"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = ["kind", "recipient", "cc", "language", "obligation", "step", "digest",
                       "status", "attempts", "last_error", "subject", "body", "created_at",
                       "next_attempt_at", "claimed_until", "sent_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*OBLIGATION, "step", "digest")

    @admin.display(description=_("last error"))
    def short_error(self, email):
        return email.last_error[:80]

    def has_change_permission(self, request, obj=None):
        # Viewing needs no change permission; the "send again" action needs it.
        return obj is None and admin.ModelAdmin.has_change_permission(self, request)

    @admin.action(description=_("Send the selected failed emails again"))
    def send_again(self, request, queryset):
        done = skipped = 0
        for email in queryset:
            try:
                with transaction.atomic():
                    reminders.email_resend(email=email)
                done += 1
            except ValidationError:
                skipped += 1
        if done:
            self.message_user(request, ngettext(
                "%(n)d email queued again.", "%(n)d emails queued again.", done) % {"n": done},
                messages.SUCCESS)
        if skipped:
            self.message_user(request, ngettext(
                "%(n)d email was not failed and was left alone.",
                "%(n)d emails were not failed and were left alone.", skipped) % {"n": skipped},
                messages.WARNING)
