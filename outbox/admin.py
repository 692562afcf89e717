"""Every email with its delivery state; staff can send any of them again."""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import EmailLog

FIELDS: tuple[str, ...] = (
    "kind",
    "recipient",
    "cc",
    "language",
    "content_type",
    "object_id",
    "target_shown",
    "once_key",
    "resent_from",
    "status",
    "attempts",
    "last_error",
    "subject",
    "body",
    "created_at",
    "next_attempt_at",
    "claimed_until",
    "sent_at",
)


@admin.register(EmailLog)
class EmailLogAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "kind",
        "recipient",
        "target_shown",
        "status",
        "attempts",
        "sent_at",
        "short_error",
        "resent_from",
    ]
    list_filter = ["status", "kind", "language", "content_type"]
    search_fields = ["recipient", "subject", "once_key"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    fields = FIELDS
    readonly_fields = FIELDS

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("content_type", "resent_from")

    @admin.display(description=_("about"))
    def target_shown(self, email):
        if email.content_type_id is None:
            return "-"
        # Without loading the row: one list page must not cost a query per email.
        return f"{email.content_type.name} #{email.object_id}"

    @admin.display(description=_("last error"))
    def short_error(self, email):
        return email.last_error[:80]

    def has_add_permission(self, request):
        return False  # emails are queued by the registry, never written by hand

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing needs no change permission; the "send again" action needs it.
        return obj is None and super().has_change_permission(request)

    @admin.action(description=_("Send the selected emails again (as new emails)"))
    def send_again(self, request, queryset):
        done, refused = 0, []
        for email in queryset:
            try:
                with transaction.atomic():
                    services.email_resend(email=email)
                done += 1
            except ValidationError as exc:
                refused.append(f"{email}: {' '.join(exc.messages)}")
        if done:
            self.message_user(
                request,
                ngettext("%(n)d email queued again.", "%(n)d emails queued again.", done)
                % {"n": done},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)


class EmailLogInline(GenericTabularInline):
    """The emails about one object (an obligation, a digest), for that object's admin page."""

    model = EmailLog
    fields = (
        "created_at",
        "kind",
        "recipient",
        "status",
        "attempts",
        "sent_at",
        "last_error",
        "resent_from",
    )

    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-created_at", "-pk"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
