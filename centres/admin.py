"""The Secretariat's admin for who: regions, Parties, institutions, centres and their records.

Every model keeps its history (simple_history): each change page has a History button that
lists who changed what, and when.
"""

import os

from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .admin_base import (  # noqa: F401
    ChoicesListFilter,
    GenevaTimeMixin,
    RegistryAdmin,
    RegistryHistoryAdmin,
)
from .admin_host_changes import HostChangeAdmin  # noqa: F401  (registers the admin of host changes)
from .admin_invitations import invite_contacts  # also registers the admin of invitations
from .models import (
    Centre,
    CentreStatus,
    Contact,
    Convention,
    Correspondence,
    Endorsement,
    Hosting,
    Institution,
    Party,
    PartyContact,
    Region,
)

# An endorsement as the centre's page and the endorsements' list both show it.
ENDORSEMENT_FIELDS = [
    "convention",
    "decision_code",
    "cop",
    "endorsed_on",
    "term_ends_on",
    "open_ended",
]


class StoredFile:
    """What the admin's file widget shows of a stored file: its known name and a safe link."""

    def __init__(self, name, url):
        self.name = name
        self.url = url

    def __str__(self):
        return self.name


class StoredFileWidget(AdminFileWidget):
    """A file input that names the stored file without asking the storage for a URL.

    Uploads are never served by URL (MEDIA_URL is None, so `FieldFile.url` raises); the link,
    when given, goes to a permission-checked view.
    """

    display_name = ""
    download_url = ""

    def is_initial(self, value):
        return bool(value and getattr(value, "name", None))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if context["widget"]["is_initial"]:
            context["widget"]["value"] = StoredFile(
                self.display_name or os.path.basename(value.name), self.download_url
            )
        return context


# --- filters -----------------------------------------------------------------------------


class CentreStatusFilter(ChoicesListFilter):
    """The centre's status as at today, with the same rule as `Centre.status_at`."""

    title = _("status today")
    parameter_name = "status"
    choices_class = CentreStatus

    def filter(self, queryset, value):
        today = timezone.localdate()
        ceased = queryset.filter(ceased_on__lte=today)
        if value == CentreStatus.CEASED:
            return ceased
        live = queryset.exclude(pk__in=ceased.values("pk"))
        in_force = Endorsement.objects.in_force_on(today).values("centre_id")
        started = Endorsement.objects.filter(endorsed_on__lte=today).values("centre_id")
        if value == CentreStatus.ENDORSED:
            return live.filter(pk__in=in_force)
        if value == CentreStatus.TERM_EXPIRED:
            return live.filter(pk__in=started).exclude(pk__in=in_force)
        return live.exclude(pk__in=started)  # nominated


class ConventionFilter(ChoicesListFilter):
    title = _("convention")
    parameter_name = "convention"
    choices_class = Convention

    def filter(self, queryset, value):
        return queryset.serving(value)


# --- regions, Parties, institutions -------------------------------------------------------


@admin.register(Region)
class RegionAdmin(RegistryHistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class PartyContactInline(admin.TabularInline):
    model = PartyContact
    extra = 0
    fields = ["convention", "role", "name", "email", "preferred_language"]


@admin.register(Party)
class PartyAdmin(RegistryHistoryAdmin):
    list_display = ["name", "code", "kind", "region"]
    list_filter = ["kind", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "code"]
    inlines = [PartyContactInline]


@admin.register(PartyContact)
class PartyContactAdmin(RegistryHistoryAdmin):
    list_display = ["party", "convention", "role", "name", "email", "preferred_language", "user"]
    list_filter = ["convention", "role", "preferred_language"]
    list_select_related = ["party"]
    search_fields = ["party__name", "name", "email"]
    autocomplete_fields = ["party", "user"]
    actions = [invite_contacts]


@admin.register(Institution)
class InstitutionAdmin(RegistryHistoryAdmin):
    list_display = ["name", "city", "country", "website"]
    list_select_related = ["country"]
    search_fields = ["name", "city", "country__name", "country__code"]
    autocomplete_fields = ["country"]


# --- centres and their records ---------------------------------------------------------------


class HostingInline(admin.TabularInline):
    model = Hosting
    extra = 0
    autocomplete_fields = ["institution"]
    fields = ["institution", "nominated_on", "started_on", "ended_on", "notes"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("institution")


class EndorsementInline(admin.TabularInline):
    model = Endorsement
    extra = 0
    fields = [*ENDORSEMENT_FIELDS, "hosting"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        hosting = formset.form.base_fields.get("hosting")
        if hosting is not None:
            # Only this centre's hostings can be the endorsed host.
            hosting.queryset = (
                Hosting.objects.filter(centre=obj).select_related("institution")
                if obj is not None
                else Hosting.objects.none()
            )
        return formset


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["name", "role", "email", "preferred_language", "is_public", "user"]


@admin.register(Centre)
class CentreAdmin(RegistryHistoryAdmin):
    list_display = [
        "name",
        "acronym",
        "conventions_display",
        "region",
        "host_country",
        "city",
        "status_today",
    ]
    list_filter = [CentreStatusFilter, ConventionFilter, "region"]
    list_select_related = ["region", "host_country"]
    search_fields = ["name", "acronym", "city", "host_country__name"]
    autocomplete_fields = ["host_country", "countries_served"]
    readonly_fields = ["status_today"]
    fieldsets = [
        (
            None,
            {"fields": ["name", "acronym", ("serves_basel", "serves_stockholm"), "status_today"]},
        ),
        (_("Where"), {"fields": ["region", "host_country", "city", "website"]}),
        (_("Who it serves"), {"fields": ["countries_served", "area_served"]}),
        (_("Dates"), {"fields": ["nominated_on", "ceased_on"]}),
    ]
    inlines = [HostingInline, EndorsementInline, ContactInline]

    def get_queryset(self, request):
        # The status column reads the endorsements of every row from this one prefetch.
        return super().get_queryset(request).prefetch_related("endorsements")

    @admin.display(description=_("conventions"))
    def conventions_display(self, obj):
        return ", ".join(str(c.label) for c in obj.conventions)

    @admin.display(description=_("status today"))
    def status_today(self, obj):
        if obj.pk is None:
            return "-"
        status = obj.status_at(timezone.now(), endorsements=list(obj.endorsements.all()))
        return status.label


@admin.register(Hosting)
class HostingAdmin(RegistryHistoryAdmin):
    list_display = ["centre", "institution", "nominated_on", "started_on", "ended_on"]
    search_fields = ["centre__name", "centre__acronym", "institution__name"]
    autocomplete_fields = ["centre", "institution"]

    def get_queryset(self, request):
        # Hosting.__str__ names the institution (autocomplete results too).
        return super().get_queryset(request).select_related("centre", "institution")


@admin.register(Endorsement)
class EndorsementAdmin(RegistryHistoryAdmin):
    list_display = ["centre", *ENDORSEMENT_FIELDS, "in_force_today"]
    list_filter = ["convention", "cop", "open_ended"]
    list_select_related = ["centre"]
    search_fields = ["centre__name", "centre__acronym", "decision_code"]
    autocomplete_fields = ["centre", "hosting"]
    date_hierarchy = "endorsed_on"

    @admin.display(description=_("in force today"), boolean=True)
    def in_force_today(self, obj):
        return obj.is_in_force_on(timezone.localdate())


@admin.register(Contact)
class ContactAdmin(RegistryHistoryAdmin):
    list_display = ["name", "role", "centre", "email", "preferred_language", "is_public", "user"]
    list_filter = ["role", "preferred_language", "is_public"]
    list_select_related = ["centre", "user"]
    search_fields = ["name", "email", "centre__name", "centre__acronym"]
    autocomplete_fields = ["centre", "user"]
    actions = [invite_contacts]


@admin.register(Correspondence)
class CorrespondenceAdmin(RegistryHistoryAdmin):
    list_display = ["date", "kind", "sender", "recipient", "subject", "centre", "attachment_name"]
    list_filter = ["kind"]
    list_select_related = ["centre"]
    search_fields = ["subject", "sender", "recipient", "centre__name", "attachment_name"]
    autocomplete_fields = ["centre"]
    date_hierarchy = "date"
    view_on_site = False  # its absolute URL is this admin page
    readonly_fields = ["attachment_name"]
    fields = [
        "date",
        "kind",
        "sender",
        "recipient",
        "subject",
        "centre",
        "attachment",
        "attachment_name",
    ]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/attachment/",
                self.admin_site.admin_view(self.attachment_view),
                name="centres_correspondence_attachment",
            ),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "attachment":
            kwargs["widget"] = StoredFileWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        field = form.base_fields.get("attachment")
        if field is not None and obj is not None and obj.attachment:
            field.widget.display_name = obj.attachment_name
            field.widget.download_url = reverse(
                f"{self.admin_site.name}:centres_correspondence_attachment", args=[obj.pk]
            )
        return form

    def save_model(self, request, obj, form, change):
        uploaded = form.cleaned_data.get("attachment")
        if isinstance(uploaded, UploadedFile):
            # The stored name is random (upload_to); keep the name the user knows.
            obj.attachment_name = os.path.basename(uploaded.name)[:255]
        elif not uploaded:
            obj.attachment_name = ""
        super().save_model(request, obj, form, change)

    def attachment_view(self, request, object_id):
        """Send the attachment to staff who may view this correspondence."""
        obj = self.get_object(request, object_id)
        if obj is None or not obj.attachment:
            raise Http404(_("No attachment."))
        if not self.has_view_permission(request, obj):
            raise PermissionDenied
        try:
            handle = obj.attachment.open("rb")
        except FileNotFoundError as exc:
            raise Http404(_("The attachment is missing from storage.")) from exc
        return FileResponse(
            handle,
            as_attachment=True,
            filename=obj.attachment_name or os.path.basename(obj.attachment.name),
        )
