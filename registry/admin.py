"""Admin of the registry's own records: personal API tokens (their secrets are never stored)."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.admin_base import RegistryHistoryAdmin

from .api import services
from .models import ApiToken


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
