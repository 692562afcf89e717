"""The Secretariat's admin for what came in: submissions, their versions and files, extensions.

Versions and files never change once stored, so those admins only add through the services
(`services.version_record`, `services.extension_request`, `services.extension_decide`) and
otherwise show.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.admin_base import RegistryHistoryAdmin

from . import services
from .admin_forms import (
    ExtensionDecisionAdminForm,
    ExtensionRequestAdminForm,
    VersionRecordAdminForm,
)
from .models import (
    Extension,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)

OBLIGATION_RELATED = ["request__decision", "centre", "party"]


def obligation_path(prefix):
    """Return the related rows of an obligation reached through `prefix`, for `select_related`."""
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
            .select_related(*obligation_path("obligation"))
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
                *obligation_path("submission__obligation"), "recorded_by", "reviewed_by"
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
                "version__submission", *obligation_path("version__submission__obligation")
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
            .select_related(*obligation_path("obligation"), "decided_by", "requested_by")
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
