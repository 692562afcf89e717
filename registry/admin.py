"""Admin of the registry's own records, one module per topic: the COP note's draft, personal API
tokens (their secrets are never stored); the Secretariat's records in registry.secretariat.admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.admin_base import RegistryHistoryAdmin
from registry.secretariat import admin as secretariat_admin  # noqa: F401 (registers its pages)

from .api import services
from .models import ApiToken, CopNote


@admin.register(CopNote)
class CopNoteAdmin(RegistryHistoryAdmin):
    # Written by the COP note page (`registry.cop_note.services`); here, read with its history.
    show_only = True
    list_display = ["__str__", "updated_at", "updated_by"]
    list_filter = ["convention"]
    readonly_fields = ["updated_at", "updated_by"]


@admin.register(ApiToken)
class ApiTokenAdmin(RegistryHistoryAdmin):
    show_only = True
    list_display = [
        "name",
        "user",
        "hint",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "hint"]
    readonly_fields = list_display
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        now = timezone.now()
        for token in queryset:
            services.api_token_revoke(token=token, now=now)
