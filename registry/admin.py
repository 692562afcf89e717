"""Admin of the registry's own records, one module per topic."""

from django.contrib import admin

from centres.admin_base import RegistryHistoryAdmin
from registry.secretariat import admin as secretariat_admin  # noqa: F401 (registers its pages)

from .models import CopNote


@admin.register(CopNote)
class CopNoteAdmin(RegistryHistoryAdmin):
    # Written by the COP note page (`registry.cop_note.services`); here, read with its history.
    show_only = True
    list_display = ["__str__", "updated_at", "updated_by"]
    list_filter = ["convention"]
    readonly_fields = ["updated_at", "updated_by"]
