"""The one base of the registry's admin pages (imported by every app's admin)."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from simple_history.admin import SimpleHistoryAdmin


class GenevaTimeMixin:
    """The one base of every admin page of the registry's apps.

    Date-times are shown and read in Geneva time, named, on every admin page (the outbox's
    included): `registry.middleware.AdminTimeZoneMiddleware` does that for the whole admin.
    With `show_only = True` the records are shown and never added, changed or deleted by hand
    (they are written by the registry's services and jobs).
    """

    show_only = False

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
        return super().history_form_view(request, object_id, version_id, extra_context)


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
