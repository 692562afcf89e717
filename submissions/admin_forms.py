"""The admin's forms: the portal's action forms (`portal.forms`) with the obligation to act on.

The admin saves nothing itself: `SubmissionVersionAdmin` and `ExtensionAdmin` pass these forms'
data to the same services the portal calls.
"""

from types import SimpleNamespace

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, AdminSplitDateTime, AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from .models import Extension, Obligation, Submission, SubmissionVersion
from .portal.forms import ExtensionDecisionForm, ExtensionRequestForm, RecordVersionForm

GRANT_CHOICES = [("", _("Leave for a decision")), ("grant", _("Grant now"))]


def _obligation_field(related_field):
    return forms.ModelChoiceField(
        label=_("Obligation"),
        queryset=Obligation.objects.select_related("request__decision", "centre", "party"),
        widget=AutocompleteSelect(related_field, admin.site),
        help_text=_("Search by decision, request title, centre or Party."),
    )


class AdminActionForm:
    """What the admin's change form expects of a form it does not save itself."""

    model = None

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance if instance is not None else self.model()
        # Read by the admin's read-only fields, as on a ModelForm.
        self._meta = SimpleNamespace(model=self.model, labels=None, help_texts=None)

    def save_m2m(self):
        """Nothing to do: the service wrote everything."""


class VersionRecordAdminForm(AdminActionForm, RecordVersionForm):
    """Record a version received by email or on paper (`services.version_record`)."""

    model = SubmissionVersion
    judge_files = True
    obligation = _obligation_field(Submission._meta.get_field("obligation"))
    received_at = forms.SplitDateTimeField(
        label=RecordVersionForm.base_fields["received_at"].label,
        help_text=RecordVersionForm.base_fields["received_at"].help_text,
        widget=AdminSplitDateTime,
    )
    field_order = ["obligation", "received_at", "received_through", "note", "files"]


class ExtensionRequestAdminForm(AdminActionForm, ExtensionRequestForm):
    """Record an extension asked for by a centre (`services.extension_request`), and grant it
    at once if chosen (`services.extension_decide`)."""

    model = Extension
    obligation = _obligation_field(Extension._meta.get_field("obligation"))
    new_due_date = forms.DateField(
        label=ExtensionRequestForm.base_fields["new_due_date"].label, widget=AdminDateWidget
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=GRANT_CHOICES, required=False)
    field_order = ["obligation", "new_due_date", "reason", "decision"]

    def clean_new_due_date(self):
        # The Secretariat also records extensions agreed earlier: only the bounds apply.
        return self.cleaned_data["new_due_date"]


class ExtensionDecisionAdminForm(AdminActionForm, ExtensionDecisionForm):
    """Grant or refuse a requested extension (`services.extension_decide`)."""

    model = Extension
