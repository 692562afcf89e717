"""The Secretariat's admin for what is owed and what came in.

Obligations are made by the system (`services.obligations_sync`) and versions and files never
change once stored, so those admins only add through the services and otherwise show.
Date-times here are shown and entered in Geneva time, the time in which deadlines are set.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.admin_base import ChoicesListFilter, RegistryHistoryAdmin
from outbox.admin import EmailLogInline

from . import services
from .admin_versions import OBLIGATION_RELATED
from .models import (
    Decision,
    Letter,
    Obligation,
    ObligationStatus,
    Request,
)
from .portal.forms import WaiveForm

# --- filters -----------------------------------------------------------------------------


class RequestFilter(admin.SimpleListFilter):
    """Requests by their label, read in one query (the default filter queries each decision)."""

    title = _("request")
    parameter_name = "request"

    def lookups(self, request, model_admin):
        return [(str(r.pk), str(r)) for r in Request.objects.select_related("decision")]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(request_id=int(value))
        return queryset


class AddresseeFilter(admin.SimpleListFilter):
    title = _("addressee")
    parameter_name = "addressee"

    def lookups(self, request, model_admin):
        return [("centre", _("Centres")), ("party", _("Parties"))]

    def queryset(self, request, queryset):
        if self.value() == "centre":
            return queryset.filter(centre__isnull=False)
        if self.value() == "party":
            return queryset.filter(party__isnull=False)
        return queryset


class ObligationStatusFilter(ChoicesListFilter):
    """The status as at now, computed and filtered by the database (`with_status`)."""

    title = _("status now")
    parameter_name = "status"
    choices_class = ObligationStatus

    def filter(self, queryset, value):
        return queryset.with_status(timezone.now()).filter(status=value)


# --- decisions and requests ------------------------------------------------------------------


@admin.register(Decision)
class DecisionAdmin(RegistryHistoryAdmin):
    list_display = ["code", "convention", "cop", "year", "adopted_on", "title"]
    list_filter = ["convention", "cop"]
    search_fields = ["code", "title", "document_symbol"]


class LetterInline(admin.StackedInline):
    """The request's letter, once per language; sent with the "send the letters" action."""

    model = Letter
    extra = 0
    fields = ["language", "subject", "body", "sent_at", "sent_by"]
    readonly_fields = ["sent_at", "sent_by"]


@admin.register(Request)
class RequestAdmin(RegistryHistoryAdmin):
    list_display = [
        "label_display",
        "title",
        "kind",
        "mode",
        "period_start",
        "period_end",
        "due_date",
        "replies_wanted_by",
        "convention_centres",
        "all_parties",
        "obligation_count",
    ]
    list_filter = ["kind", "mode", "convention_centres", "all_parties", "decision__convention"]
    list_select_related = ["decision"]
    search_fields = ["title", "paragraph", "decision__code", "letter_reference"]
    autocomplete_fields = ["decision"]
    filter_horizontal = ["centres", "parties"]
    readonly_fields = ["obligation_count"]
    date_hierarchy = "due_date"
    inlines = [LetterInline]
    actions = ["send_letters"]

    @admin.action(
        description=_("Send the letters to every addressee (centres and Parties)"),
        permissions=["change"],
    )
    def send_letters(self, request, queryset):
        from .letters import letters_send

        for item in queryset:
            try:
                count = letters_send(request=item, sent_by=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{item}: {exc.messages[0]}", messages.ERROR)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(request)s: %(count)s letter queued.",
                        "%(request)s: %(count)s letters queued.",
                        count,
                    )
                    % {"request": item, "count": count},
                )

    fieldsets = [
        (_("Source"), {"fields": ["decision", "paragraph", "issued_on", "letter_reference"]}),
        (
            _("What is asked"),
            {
                "fields": [
                    "title",
                    "kind",
                    "mode",
                    ("period_start", "period_end"),
                    "due_date",
                    "replies_wanted_by",
                    "for_cop",
                ]
            },
        ),
        (
            _("Addressed to"),
            {
                "fields": [
                    "convention_centres",
                    "centres",
                    "all_parties",
                    "parties",
                    "obligation_count",
                ],
                "description": _(
                    "Obligations are created for every addressee when the request "
                    "is saved; one with a submission, an extension or a waiver is "
                    "never removed."
                ),
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(obligation_total=Count("obligations", distinct=True))
        )

    @admin.display(description=_("request"), ordering="decision__code")
    def label_display(self, obj):
        return obj.label

    @admin.display(description=_("obligations"), ordering="obligation_total")
    def obligation_count(self, obj):
        if obj.pk is None:
            return "-"
        total = getattr(obj, "obligation_total", None)
        if total is None:
            total = obj.obligations.count()
        url = reverse(f"{self.admin_site.name}:submissions_obligation_changelist")
        return format_html('<a href="{}?request={}">{}</a>', url, obj.pk, total)


# --- obligations -------------------------------------------------------------------------------


@admin.register(Obligation)
class ObligationAdmin(RegistryHistoryAdmin):
    list_display = ["request_label", "addressee", "kind", "due_date", "status_now", "waived_at"]
    list_filter = [RequestFilter, "request__kind", AddresseeFilter, ObligationStatusFilter]
    search_fields = [
        "request__decision__code",
        "request__paragraph",
        "request__title",
        "centre__name",
        "centre__acronym",
        "party__name",
        "party__code",
    ]
    fields = [
        "request",
        "centre",
        "party",
        "created_at",
        "status_now",
        "submission_link",
        "overdue_flagged_at",
        "waived_at",
        "waived_by",
        "waived_reason",
    ]
    readonly_fields = fields
    actions = ["waive"]
    inlines = [EmailLogInline]

    def get_queryset(self, request):
        # The status column reads versions and extensions of every row from these prefetches.
        return (
            super()
            .get_queryset(request)
            .select_related(*OBLIGATION_RELATED, "submission", "waived_by")
            .prefetch_related("submission__versions", "extensions")
        )

    def has_add_permission(self, request):
        return False  # obligations follow from requests (services.obligations_sync)

    def has_change_permission(self, request, obj=None):
        # Nothing on an obligation is edited by hand; the waive action needs the permission.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (
            getattr(obj, "submission", None) is not None
            or obj.waived_at is not None
            or len(obj.extensions.all()) > 0
        ):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("request"), ordering="request__due_date")
    def request_label(self, obj):
        return obj.request.label

    @admin.display(description=_("kind"), ordering="request__kind")
    def kind(self, obj):
        return obj.request.get_kind_display()

    @admin.display(description=_("due date"), ordering="request__due_date")
    def due_date(self, obj):
        return obj.request.due_date

    @admin.display(description=_("status now"))
    def status_now(self, obj):
        return obj.status_at(timezone.now()).label

    @admin.display(description=_("submission"))
    def submission_link(self, obj):
        submission = getattr(obj, "submission", None)
        if submission is None:
            return "-"
        versions = len(submission.versions.all())
        url = reverse(f"{self.admin_site.name}:submissions_submission_change", args=[submission.pk])
        label = ngettext("%(n)d version", "%(n)d versions", versions) % {"n": versions}
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.action(description=_("Waive the chosen obligations…"), permissions=["change"])
    def waive(self, request, queryset):
        """Ask for a reason, then record the waiver with the user and the time."""
        obligations = list(queryset)
        form = WaiveForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            now = timezone.now()
            waived = 0
            for obligation in obligations:
                try:
                    services.obligation_waive(
                        obligation=obligation,
                        waived_by=request.user,
                        reason=form.cleaned_data["reason"],
                        now=now,
                    )
                except ValidationError as exc:
                    if getattr(exc, "code", None) == "waived":
                        continue
                    form.add_service_error(exc)  # the reason: same for every obligation
                    break
                waived += 1
            else:
                self.message_user(
                    request,
                    ngettext("%(n)d obligation waived.", "%(n)d obligations waived.", waived)
                    % {"n": waived},
                    messages.SUCCESS,
                )
                skipped = len(obligations) - waived
                if skipped:
                    self.message_user(
                        request,
                        ngettext(
                            "%(n)d obligation was already waived and was left as it was.",
                            "%(n)d obligations were already waived and were left as they were.",
                            skipped,
                        )
                        % {"n": skipped},
                        messages.WARNING,
                    )
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Waive obligations"),
            "opts": self.model._meta,
            "obligations": obligations,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/submissions/obligation/waive.html", context)


# --- submissions, versions, files ------------------------------------------------------------


# The deadlines engine and the versions/extensions admins register their own models.
from . import admin_actions, admin_reminders, admin_versions  # noqa: E402,F401
