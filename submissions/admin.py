"""The Secretariat's admin for what is owed and what came in.

Obligations are made by the system (`services.obligations_sync`) and versions and files never
change once stored, so those admins only add through the services and otherwise show.
Date-times here are shown and entered in Geneva time, the time in which deadlines are set.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from centres.admin_base import RegistryHistoryAdmin
from outbox.admin import EmailLogInline

from . import services
from .admin_forms import (
    ExtensionDecisionAdminForm,
    ExtensionRequestAdminForm,
    VersionRecordAdminForm,
)
from .models import (
    Decision,
    Extension,
    Obligation,
    ObligationStatus,
    Request,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from .portal.forms import WaiveForm

OBLIGATION_RELATED = ["request__decision", "centre", "party"]


def _obligation_path(prefix):
    return [f"{prefix}__{name}" for name in OBLIGATION_RELATED]


class ServiceAdmin(RegistryHistoryAdmin):
    """An admin whose forms are saved by a service: a refusal found only under the service's
    lock (e.g. a waiver recorded meanwhile) is shown as a message, never as an error page."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_form(self, request, form, change):
        return form.instance  # written by `save_model`, through the service

    def save_related(self, request, form, formsets, change):
        """Nothing to do: the service wrote everything."""

    @staticmethod
    def _become(obj, stored):
        """Make `obj` the stored record: the admin goes on with it (messages, log entry)."""
        obj.__dict__.update(stored.__dict__)


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


class ObligationStatusFilter(admin.SimpleListFilter):
    """The status as at now, computed and filtered by the database (`with_status`)."""

    title = _("status now")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return ObligationStatus.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value not in ObligationStatus.values:
            return queryset
        return queryset.with_status(timezone.now()).filter(status=value)


# --- decisions and requests ------------------------------------------------------------------


@admin.register(Decision)
class DecisionAdmin(RegistryHistoryAdmin):
    list_display = ["code", "convention", "cop", "year", "adopted_on", "title"]
    list_filter = ["convention", "cop"]
    search_fields = ["code", "title", "document_symbol"]


@admin.register(Request)
class RequestAdmin(RegistryHistoryAdmin):
    list_display = [
        "label_display",
        "title",
        "kind",
        "period_start",
        "period_end",
        "due_date",
        "convention_centres",
        "all_parties",
        "obligation_count",
    ]
    list_filter = ["kind", "convention_centres", "all_parties", "decision__convention"]
    list_select_related = ["decision"]
    search_fields = ["title", "paragraph", "decision__code", "letter_reference"]
    autocomplete_fields = ["decision"]
    filter_horizontal = ["centres", "parties"]
    readonly_fields = ["obligation_count"]
    date_hierarchy = "due_date"
    fieldsets = [
        (_("Source"), {"fields": ["decision", "paragraph", "issued_on", "letter_reference"]}),
        (
            _("What is asked"),
            {"fields": ["title", "kind", ("period_start", "period_end"), "due_date", "for_cop"]},
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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = SubmissionVersion
    fields = ["number", "received_at", "received_through", "recorded_by", "note", "file_names"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by").prefetch_related("files")

    @admin.display(description=_("files"))
    def file_names(self, obj):
        return ", ".join(f.original_name for f in obj.files.all())


class FileInline(ReadOnlyInline):
    model = SubmissionFile
    fields = ["original_name", "size", "sha256", "content_type"]
    readonly_fields = fields


@admin.register(Submission)
class SubmissionAdmin(RegistryHistoryAdmin):
    show_only = True
    list_display = ["__str__", "version_count", "last_received_at", "created_at"]
    list_filter = ["obligation__request__kind"]
    search_fields = [
        "obligation__request__decision__code",
        "obligation__request__title",
        "obligation__centre__name",
        "obligation__party__name",
    ]
    fields = ["obligation", "created_at"]
    readonly_fields = fields
    inlines = [VersionInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(*_obligation_path("obligation"))
            .annotate(version_total=Count("versions"), last_received=Max("versions__received_at"))
        )

    @admin.display(description=_("versions"), ordering="version_total")
    def version_count(self, obj):
        return obj.version_total

    @admin.display(description=_("last received at"), ordering="last_received")
    def last_received_at(self, obj):
        return obj.last_received


@admin.register(SubmissionVersion)
class SubmissionVersionAdmin(ServiceAdmin):
    """Staff record versions received by email or on paper (`services.version_record`, the
    staff page's service); stored versions never change."""

    add_form = VersionRecordAdminForm
    add_fieldsets = [
        (None, {"fields": ["obligation", "received_at", "received_through", "note", "files"]})
    ]
    list_display = [
        "obligation_display",
        "number",
        "received_at",
        "received_through",
        "recorded_by",
        "file_count",
        "review_status",
        "flagged",
    ]
    list_filter = ["received_through", "review_status", "submission__obligation__request__kind"]
    search_fields = [
        "submission__obligation__request__decision__code",
        "submission__obligation__request__title",
        "submission__obligation__centre__name",
        "submission__obligation__party__name",
        "note",
    ]
    date_hierarchy = "received_at"
    fields = [
        "submission",
        "number",
        "received_at",
        "received_through",
        "recorded_by",
        "note",
        "created_at",
        "upload_flags",
        "review_status",
        "reviewed_by",
        "reviewed_at",
        "review_comments",
    ]
    inlines = [FileInline]

    @admin.display(description=_("flagged by upload checks"), boolean=True)
    def flagged(self, obj):
        return bool(obj.upload_flags)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                *_obligation_path("submission__obligation"), "recorded_by", "reviewed_by"
            )
            .annotate(file_total=Count("files"))
        )

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return self.fields if obj is not None else []

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            return self.add_form
        return super().get_form(request, obj, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))
        return initial

    def has_change_permission(self, request, obj=None):
        return False  # a version is a record of what came in; send a new one instead

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if change:
            raise PermissionDenied
        data = form.cleaned_data
        self._become(
            obj,
            services.version_record(
                obligation=data["obligation"],
                files=data["files"],
                received_at=data["received_at"],
                received_through=data["received_through"],
                recorded_by=request.user,
                note=data["note"],
            ),
        )

    @admin.display(description=_("obligation"), ordering="submission__obligation")
    def obligation_display(self, obj):
        return obj.submission.obligation

    @admin.display(description=_("files"), ordering="file_total")
    def file_count(self, obj):
        return obj.file_total


@admin.register(SubmissionFile)
class SubmissionFileAdmin(RegistryHistoryAdmin):
    show_only = True
    list_display = ["original_name", "version", "size", "sha256", "content_type"]
    search_fields = [
        "original_name",
        "sha256",
        "version__submission__obligation__centre__name",
        "version__submission__obligation__party__name",
    ]
    list_filter = ["content_type"]
    # `file` itself is left out: stored files have no URL (a permission-checked view serves
    # them); its stored name shows instead.
    fields = ["version", "original_name", "size", "sha256", "content_type", "stored_as"]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "version__submission", *_obligation_path("version__submission__obligation")
            )
        )

    @admin.display(description=_("stored as"))
    def stored_as(self, obj):
        return obj.file.name


@admin.register(Extension)
class ExtensionAdmin(ServiceAdmin):
    """Extensions go through the portal's services: recorded as asked for by a centre (and
    granted at once if chosen), then granted or refused; a decided one never changes."""

    list_display = ["obligation", "new_due_date", "status", "decided_at", "decided_by"]
    list_filter = ["status", "obligation__request__kind"]
    search_fields = [
        "obligation__request__decision__code",
        "obligation__request__title",
        "obligation__centre__name",
        "obligation__party__name",
        "reason",
    ]
    request_fields = [
        "obligation",
        "new_due_date",
        "reason",
        "status",
        "requested_by",
        "requested_at",
    ]
    decision_fields = ["decided_by", "decided_at", "response"]

    def get_queryset(self, request):
        # The changelist skips list_select_related when the queryset already selects related.
        return (
            super()
            .get_queryset(request)
            .select_related(*_obligation_path("obligation"), "decided_by", "requested_by")
        )

    def _is_open(self, obj):
        return obj is not None and obj.status == Extension.Status.REQUESTED

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": ["obligation", "new_due_date", "reason", "decision"]})]
        if self._is_open(obj):
            return [
                (_("Request"), {"fields": self.request_fields}),
                (_("Decision"), {"fields": ["decision", "response"]}),
            ]
        return [
            (_("Request"), {"fields": self.request_fields}),
            (_("Decision"), {"fields": self.decision_fields}),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if self._is_open(obj):
            return self.request_fields
        return self.request_fields + self.decision_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            return ExtensionRequestAdminForm
        if self._is_open(obj):
            return ExtensionDecisionAdminForm
        return super().get_form(request, obj, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._is_open(obj):
            return False  # decided: the decision is on record
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # an extension is part of the obligation's record

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            self._become(
                obj,
                services.extension_decide(
                    extension=obj,
                    decided_by=request.user,
                    grant=data["decision"] == "grant",
                    response=data["response"],
                ),
            )
            return
        extension = services.extension_request(
            obligation=data["obligation"],
            new_due_date=data["new_due_date"],
            reason=data["reason"],
            requested_by=request.user,
        )
        if data["decision"] == "grant":
            extension = services.extension_decide(
                extension=extension, decided_by=request.user, grant=True
            )
        self._become(obj, extension)


from . import admin_reminders  # noqa: E402,F401  (the deadlines engine registers its own)
