"""The one base of the registry's admin pages (imported by every app's admin)."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin


class GenevaTimeMixin:
    """The one base of every admin page: date-times shown and read in Geneva time, named.

    With `show_only = True` the records are shown and never added, changed or deleted by hand
    (they are written by the registry's services and jobs).
    """

    show_only = False

    def _in_registry_time(self, view, *args, **kwargs):
        with timezone.override(ZoneInfo(settings.REGISTRY_TIME_ZONE)):
            response = view(*args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()  # a TemplateResponse renders lazily: render it in this zone
            return response

    @staticmethod
    def _with_zone(extra_context):
        return {**(extra_context or {}), "registry_time_zone": settings.REGISTRY_TIME_ZONE}

    def changelist_view(self, request, extra_context=None):
        return self._in_registry_time(
            super().changelist_view, request, self._with_zone(extra_context)
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._in_registry_time(
            super().changeform_view, request, object_id, form_url, self._with_zone(extra_context)
        )

    def history_view(self, request, object_id, extra_context=None):
        return self._in_registry_time(
            super().history_view, request, object_id, self._with_zone(extra_context)
        )

    def has_add_permission(self, request, *args):
        return not self.show_only and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return not self.show_only and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.show_only and super().has_delete_permission(request, obj)


class RegistryAdmin(GenevaTimeMixin, admin.ModelAdmin):
    """The admin of records without history (the engines' ledgers and logs)."""


class RegistryHistoryAdmin(GenevaTimeMixin, SimpleHistoryAdmin):
    """The admin of records with history; its "revert" form cannot write when the user may not
    change the object.

    simple_history's history form saves a POSTed revert whenever the user may view the object;
    for read-only models that would rewrite an immutable record.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or self.revert_disabled(request, obj):
                raise PermissionDenied
        return self._in_registry_time(
            super().history_form_view,
            request,
            object_id,
            version_id,
            self._with_zone(extra_context),
        )


class ChoicesListFilter(admin.SimpleListFilter):
    """A list filter offering the values of `choices_class` (a `TextChoices`).

    `filter(queryset, value)` runs only for one of those values; anything else in the query
    string filters nothing.
    """

    choices_class: type[models.Choices]

    def lookups(self, request, model_admin):
        return self.choices_class.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value not in self.choices_class.values:
            return queryset
        return self.filter(queryset, value)

    def filter(self, queryset, value):
        """Return `queryset` narrowed to `value`, one of the values of `choices_class`."""
        raise NotImplementedError  # as Django's own `SimpleListFilter.queryset`
