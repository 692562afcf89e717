"""The admin of host-change cases, with their correspondence filed inline.

A case is established only by giving the new hosting's start date, which calls
`host_change_establish` (the one write path that creates the hosting); the state field never
offers "established" by itself.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .admin_base import RegistryHistoryAdmin
from .host_changes import (
    HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE,
    HOST_CHANGE_START_BEFORE_PROPOSAL,
    host_change_establish,
    host_change_set_state,
)
from .models import HostChange, HostChangeCorrespondence, HostChangeState

HOST_CHANGE_WITHDRAWN_NOT_ESTABLISHED = _("A withdrawn proposal cannot be established.")


class HostChangeCorrespondenceInline(admin.TabularInline):
    model = HostChangeCorrespondence
    extra = 1
    autocomplete_fields = ["correspondence"]
    verbose_name = _("correspondence filed on this case")
    verbose_name_plural = _("correspondence filed on this case")


class HostChangeForm(forms.ModelForm):
    establish_on = forms.DateField(
        label=_("establish: new hosting starts on"),
        required=False,
        help_text=_(
            "Fill in only when the proposed host takes office: the registry then records the "
            "new hosting, ends the one in office the day before, and closes the case as "
            "established."
        ),
    )
    nominated_on = forms.DateField(
        label=_("establish: nominated on"),
        required=False,
        help_text=_("When the region nominated the new host, if known."),
    )

    class Meta:
        model = HostChange
        fields = ["centre", "institution", "proposed_by", "proposed_on", "state", "notes"]

    def clean(self):
        cleaned = super().clean()
        state = cleaned.get("state")
        establish_on = cleaned.get("establish_on")
        proposed_on = cleaned.get("proposed_on")
        before = self.instance.state if self.instance.pk else None
        if state == HostChangeState.ESTABLISHED and before != state and not establish_on:
            self.add_error("state", HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE)
        if establish_on and proposed_on and establish_on < proposed_on:
            self.add_error("establish_on", HOST_CHANGE_START_BEFORE_PROPOSAL)
        if establish_on and state == HostChangeState.WITHDRAWN:
            self.add_error("establish_on", HOST_CHANGE_WITHDRAWN_NOT_ESTABLISHED)
        return cleaned


@admin.register(HostChange)
class HostChangeAdmin(RegistryHistoryAdmin):
    form = HostChangeForm
    inlines = [HostChangeCorrespondenceInline]
    list_display = ["centre", "institution", "proposed_by", "proposed_on", "state", "hosting"]
    list_filter = ["state"]
    list_select_related = ["centre", "institution", "hosting__institution"]
    search_fields = ["centre__name", "institution__name", "proposed_by"]
    autocomplete_fields = ["centre", "institution"]
    date_hierarchy = "proposed_on"

    def get_fields(self, request, obj=None):
        fields = ["centre", "institution", "proposed_by", "proposed_on", "state", "notes"]
        if obj is None or obj.is_open:
            return [*fields, "establish_on", "nominated_on"]
        return [*fields, "hosting"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_open:  # established or withdrawn: closed for good
            return ["centre", "institution", "proposed_by", "proposed_on", "state", "hosting"]
        return []

    def save_model(self, request, obj, form, change):
        wanted_state = obj.state
        if change:
            obj.state = HostChange.objects.values_list("state", flat=True).get(pk=obj.pk)
        elif wanted_state == HostChangeState.ESTABLISHED:
            obj.state = HostChangeState.PROPOSED  # established just below, with its hosting
        obj.save()  # the case's own fields; its state moves through the services below
        if change and wanted_state not in (obj.state, HostChangeState.ESTABLISHED):
            host_change_set_state(case=obj, state=wanted_state)
        establish_on = form.cleaned_data.get("establish_on")
        if establish_on:
            host_change_establish(
                case=obj,
                started_on=establish_on,
                nominated_on=form.cleaned_data.get("nominated_on"),
            )
        obj.refresh_from_db()
