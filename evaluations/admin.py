"""Staff create and revise methodologies here; a locked one is read-only and is revised by
making a new version of it (the "Make a new version" action)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.admin import RegistryHistoryAdmin

from . import services
from .models import (
    Activity,
    CentreComment,
    Criterion,
    CriterionPart,
    Evaluation,
    EvaluationCycle,
    Level,
    Methodology,
    PartyFeedback,
    Score,
)


def _locked(methodology):
    return methodology is not None and methodology.is_locked


class LockedMethodologyMixin:
    """Read-only once the methodology is used by a closed or published cycle."""

    def methodology_of(self, obj):
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        if obj is not None and _locked(self.methodology_of(obj)):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _locked(self.methodology_of(obj)):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        if obj is not None and _locked(self.methodology_of(obj)):
            return False
        return super().has_add_permission(request)


class LockedInlineMixin(LockedMethodologyMixin):
    def has_add_permission(self, request, obj=None):
        if obj is not None and _locked(self.methodology_of(obj)):
            return False
        return super(LockedMethodologyMixin, self).has_add_permission(request, obj)


class CriterionInline(LockedInlineMixin, admin.TabularInline):
    model = Criterion
    fields = ["position", "code", "name", "max_points", "sources"]
    extra = 0
    show_change_link = True

    def methodology_of(self, obj):
        return obj


@admin.action(description=_("Make a new version of the selected methodologies"))
def make_new_version(modeladmin, request, queryset):
    for methodology in queryset:
        copy = services.methodology_new_version(methodology=methodology)
        modeladmin.message_user(
            request,
            _("Made %(copy)s from version %(version)s.")
            % {"copy": copy, "version": methodology.version},
            messages.SUCCESS,
        )


@admin.register(Methodology)
class MethodologyAdmin(LockedMethodologyMixin, RegistryHistoryAdmin):
    list_display = ["name", "version", "decision", "max_total", "locked", "complete"]
    list_filter = ["name"]
    inlines = [CriterionInline]
    actions = [make_new_version]
    readonly_fields = ["previous_version", "completeness"]
    fields = [
        "name",
        "decision",
        "version",
        "previous_version",
        "max_total",
        "notes",
        "completeness",
    ]

    def methodology_of(self, obj):
        return obj

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("decision")
            .prefetch_related("criteria__parts__levels", "cycles")
        )

    @admin.display(boolean=True, description=_("locked"))
    def locked(self, obj):
        return any(c.status != "open" for c in obj.cycles.all())

    @admin.display(boolean=True, description=_("complete"))
    def complete(self, obj):
        return obj.is_complete

    @admin.display(description=_("what is missing"))
    def completeness(self, obj):
        if obj.pk is None:
            return "-"
        return " ".join(str(p) for p in obj.problems()) or _("Nothing: the grid is complete.")


class CriterionPartInline(LockedInlineMixin, admin.TabularInline):
    model = CriterionPart
    fields = ["position", "name", "suggest_from"]
    extra = 0
    show_change_link = True

    def methodology_of(self, obj):
        return obj.methodology


@admin.register(Criterion)
class CriterionAdmin(LockedMethodologyMixin, RegistryHistoryAdmin):
    list_display = ["__str__", "methodology", "max_points"]
    list_filter = ["methodology"]
    list_select_related = ["methodology"]
    inlines = [CriterionPartInline]

    def methodology_of(self, obj):
        return obj.methodology

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "methodology" in form.base_fields:
            # Only a methodology that can still change can receive a criterion.
            form.base_fields["methodology"].queryset = Methodology.objects.exclude(
                pk__in=Methodology.objects.locked().values("pk")
            )
        return form


class LevelInline(LockedInlineMixin, admin.TabularInline):
    model = Level
    fields = ["points", "descriptor", "count_from", "count_to"]
    extra = 0

    def methodology_of(self, obj):
        return obj.criterion.methodology


@admin.register(CriterionPart)
class CriterionPartAdmin(LockedMethodologyMixin, RegistryHistoryAdmin):
    list_display = ["__str__", "suggest_from"]
    list_select_related = ["criterion__methodology"]
    inlines = [LevelInline]

    def methodology_of(self, obj):
        return obj.criterion.methodology


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(RegistryHistoryAdmin):
    list_display = [
        "year",
        "convention",
        "methodology",
        "cop",
        "period_start",
        "period_end",
        "status",
    ]
    list_filter = ["status", "convention"]
    list_select_related = ["methodology"]
    actions = ["populate"]
    # A cycle is closed and published on its page (`services.cycle_set_status`), where
    # publishing an incomplete methodology needs the staff's acknowledgement.
    readonly_fields = ["status", "incomplete_acknowledged_by", "incomplete_acknowledged_at"]

    @admin.action(description=_("Start an evaluation for every centre in scope"))
    def populate(self, request, queryset):
        for cycle in queryset:
            try:
                created = services.cycle_populate(cycle=cycle)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext(
                    "%(cycle)s: %(n)s evaluation started.",
                    "%(cycle)s: %(n)s evaluations started.",
                    created,
                )
                % {"cycle": cycle, "n": created},
            )


class CentreCommentInline(admin.TabularInline):
    model = CentreComment
    extra = 0
    readonly_fields = ["author", "body", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(RegistryHistoryAdmin):
    """Totals are kept by the scoring page; here they are read-only."""

    list_display = ["centre", "cycle", "total", "max_total", "outcome", "open_for_comments"]
    list_filter = ["cycle", "outcome", "open_for_comments"]
    list_select_related = ["centre", "cycle"]
    readonly_fields = ["total", "max_total"]
    inlines = [CentreCommentInline]
    actions = ["record_gaps"]

    def has_add_permission(self, request):
        return False

    @admin.action(
        description=_("Record the criteria scored below their maximum as gaps of the centres"),
        permissions=["view"],
    )
    def record_gaps(self, request, queryset):
        from .gaps import gap_from_score

        scores = Score.objects.filter(evaluation__in=queryset).select_related(
            "evaluation__centre", "evaluation__cycle", "part__criterion", "level"
        )
        gaps = [gap_from_score(score=s, created_by=request.user) for s in scores]
        self.message_user(
            request,
            _("%(recorded)s of %(scores)s scores recorded as gaps (those at the maximum skipped).")
            % {"recorded": sum(1 for g in gaps if g is not None), "scores": len(gaps)},
        )

    def has_change_permission(self, request, obj=None):
        if obj is not None and not obj.cycle.is_open:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and not obj.cycle.is_open:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(PartyFeedback)
class PartyFeedbackAdmin(RegistryHistoryAdmin):
    list_display = ["party", "centre", "cycle", "received_on"]
    list_filter = ["cycle"]
    list_select_related = ["party", "centre", "cycle"]
    actions = ["record_gaps"]

    @admin.action(
        description=_("Record the gaps identified as gaps of the centres' action plans"),
        permissions=["change"],
    )
    def record_gaps(self, request, queryset):
        from .gaps import gap_from_feedback

        gaps = [gap_from_feedback(feedback=f, created_by=request.user) for f in queryset]
        recorded = sum(1 for g in gaps if g is not None)
        self.message_user(
            request,
            _("%(recorded)s of %(selected)s feedback recorded as gaps (those naming none skipped).")
            % {"recorded": recorded, "selected": len(gaps)},
        )


@admin.register(Activity)
class ActivityAdmin(RegistryHistoryAdmin):
    list_display = ["title", "centre", "kind", "start_date", "end_date", "mercury_related"]
    list_filter = ["kind", "mercury_related", "centre"]
    list_select_related = ["centre"]
    search_fields = ["title", "partners"]
    date_hierarchy = "start_date"
    filter_horizontal = ["countries_benefited"]
    raw_id_fields = ["report"]
    readonly_fields = ["entered_by", "created_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)
