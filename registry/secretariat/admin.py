"""The Secretariat's admin of its own work: mandates, meetings, contributions, budget lines."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from centres.admin_base import RegistryHistoryAdmin
from submissions.models import RequestKind

from ..models import BudgetLine, Contribution, Mandate, MandateOutput, Meeting
from . import services
from .forms import BudgetLineForm


class MandateOutputInline(admin.TabularInline):
    model = MandateOutput
    extra = 1


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = ["kind", "title", "starts_on", "ends_on", "place"]
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mandate)
class MandateAdmin(RegistryHistoryAdmin):
    list_display = ["__str__", "task_short", "reports_to_cop", "state"]
    list_filter = ["state", "reports_to_cop", "decision__convention"]
    list_select_related = ["decision"]
    search_fields = ["decision__code", "paragraph", "task"]
    autocomplete_fields = ["decision", "forwarded_requests"]
    inlines = [MandateOutputInline, MeetingInline]

    @admin.display(description=_("task"))
    def task_short(self, obj):
        return obj.task if len(obj.task) <= 90 else obj.task[:89] + "…"


@admin.register(Meeting)
class MeetingAdmin(RegistryHistoryAdmin):
    list_display = ["starts_on", "ends_on", "kind", "title", "place", "sessions", "illustrative"]
    list_filter = ["kind", "illustrative", "online"]
    search_fields = ["title", "place", "objectives", "outcomes"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["centres", "parties", "observer_parties", "mandate", "host_changes"]
    fieldsets = [
        (None, {"fields": ["kind", "title", ("starts_on", "ends_on"), ("place", "online")]}),
        (
            _("Content"),
            {"fields": ["objectives", "outcomes", "report_url", "mandate", "host_changes"]},
        ),
        (_("Who took part"), {"fields": ["centres", "parties", "observer_parties", "observers"]}),
        (_("Record"), {"fields": ["sessions", "illustrative", "source"]}),
    ]


@admin.register(Contribution)
class ContributionAdmin(RegistryHistoryAdmin):
    list_display = ["__str__", "amount", "currency", "period_start", "period_end"]
    list_select_related = ["donor_party"]
    search_fields = ["donor_name", "donor_party__name", "purpose"]
    autocomplete_fields = ["donor_party", "centres", "activities", "meetings"]


class BudgetLineAdminForm(BudgetLineForm):
    class Meta(BudgetLineForm.Meta):
        fields = ["obligation", *BudgetLineForm.Meta.fields]

    def clean(self):
        self.obligation = self.cleaned_data.get("obligation") or self.obligation
        return super().clean()


@admin.register(BudgetLine)
class BudgetLineAdmin(RegistryHistoryAdmin):
    """Budget lines, written through the same services as the portal's budget page."""

    form = BudgetLineAdminForm
    list_display = ["description", "obligation", "amount", "currency", "funded_by"]
    list_select_related = ["obligation__request__decision", "obligation__centre", "funded_by"]
    list_filter = ["currency"]
    search_fields = ["description", "obligation__centre__name"]
    raw_id_fields = ["obligation"]
    autocomplete_fields = ["funded_by"]
    readonly_fields = ["entered_by"]

    def get_readonly_fields(self, request, obj=None):
        # A line stays on its workplan: move it by deleting it and adding it to the other one.
        return ["obligation", "entered_by"] if obj else ["entered_by"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        field = form.base_fields.get("obligation")
        if field is not None:
            field.queryset = field.queryset.filter(
                request__kind=RequestKind.WORKPLAN, centre__isnull=False
            )
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        fields = {
            "description": data["description"],
            "amount": data["amount"],
            "currency": data["currency"],
            "funded_by": data.get("funded_by"),
        }
        if change:
            services.budget_line_update(line=obj, **fields)
        else:
            created = services.budget_line_create(
                obligation=data["obligation"], entered_by=request.user, **fields
            )
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.budget_line_delete(line=obj)

    def delete_queryset(self, request, queryset):
        for line in queryset:
            services.budget_line_delete(line=line)
