"""The Secretariat's admin of the centres' gap analyses and action plans.

Staff edit every gap and action here; an action is saved through `action_plans.action_save`, so
its date done and the deadlines scan's recheck follow as from the portal. The actions' ledger of
reminders is shown, never edited.
"""

from django.contrib import admin

from centres.admin_base import RegistryAdmin, RegistryHistoryAdmin
from outbox.admin import EmailLogInline

from . import action_plans
from .models import Action, ActionReminderStep, Blocker, Gap


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["title", "owner", "due_date", "state", "evidence", "evidence_link"]
    show_change_link = True


@admin.register(Gap)
class GapAdmin(RegistryHistoryAdmin):
    list_display = ["title", "centre", "source", "identified_on", "illustrative"]
    list_filter = ["source", "illustrative", "centre__region"]
    list_select_related = ["centre"]
    search_fields = ["title", "centre__name", "source_detail"]
    autocomplete_fields = ["centre"]
    inlines = [ActionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Action:
            return super().save_formset(request, form, formset, change)
        for action in formset.save(commit=False):
            action_plans.action_save(action=action, saved_by=request.user)
        for action in formset.deleted_objects:
            action.delete()
        return None


@admin.register(Action)
class ActionAdmin(RegistryHistoryAdmin):
    list_display = ["title", "gap", "owner", "due_date", "state", "done_on"]
    list_filter = ["owner", "state", "gap__centre__region"]
    list_select_related = ["gap__centre"]
    search_fields = ["title", "gap__title", "gap__centre__name"]
    autocomplete_fields = ["gap"]
    readonly_fields = ["done_on", "updated_at", "updated_by"]
    date_hierarchy = "due_date"
    inlines = [EmailLogInline]

    def save_model(self, request, obj, form, change):
        action_plans.action_save(action=obj, saved_by=request.user)


@admin.register(ActionReminderStep)
class ActionReminderStepAdmin(RegistryAdmin):
    show_only = True
    list_display = ["action", "step", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["action__gap__centre"]
    search_fields = ["action__title", "action__gap__centre__name", "step"]
    date_hierarchy = "created_at"


@admin.register(Blocker)
class BlockerAdmin(RegistryHistoryAdmin):
    """What centres say blocks their overdue submissions; start an action from the review
    queue ("Start an action of the centre's plan")."""

    list_display = ["obligation", "reason", "proposed_date", "reported_at", "extension", "action"]
    list_filter = ["reason", "obligation__centre__region"]
    list_select_related = ["obligation__request", "obligation__centre", "extension", "action"]
    search_fields = ["obligation__centre__name", "details"]
    raw_id_fields = ["obligation", "extension", "action"]
    readonly_fields = ["reported_by", "reported_at"]
    date_hierarchy = "reported_at"

    def has_add_permission(self, request):
        return False  # reported by the centre through the portal
