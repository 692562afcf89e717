"""Forms of the Secretariat's admin that are more than a model's fields."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Extension, Obligation, ReceivedThrough, Submission, SubmissionVersion

RECEIVED_IN_FUTURE = _("A version cannot be received in the future.")
PORTAL_NOT_BY_HAND = _("Versions sent through the portal are recorded by the portal; "
                       "choose email or paper.")
DECISION_BEFORE_REQUEST = _("A requested extension has no decision yet: leave “decided by” "
                            "and “decided at” blank, or choose granted or refused.")
WAIVE_NEEDS_REASON = _("Say why the obligation is waived.")


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files and cleans to a list of them.

    As in Django's documentation, "Uploading multiple files".
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple) and data:
            return [single_file_clean(d, initial) for d in data]
        return [single_file_clean(data, initial)]


class VersionRecordForm(forms.ModelForm):
    """Record a version the Secretariat received by email or on paper.

    Saved by `services.version_create`, never by `save()`; the admin calls it.
    """

    obligation = forms.ModelChoiceField(
        label=_("Obligation"),
        queryset=Obligation.objects.select_related("request__decision", "centre", "party"),
        widget=AutocompleteSelect(Submission._meta.get_field("obligation"), admin.site),
        help_text=_("Search by decision, request title, centre or Party."),
    )
    files = MultipleFileField(
        label=_("Files"), error_messages={"required": services.NO_FILES},
        help_text=_("One or more files; hold Ctrl or Shift to pick several."),
    )

    class Meta:
        model = SubmissionVersion
        fields = ["obligation", "received_at", "received_through", "note", "files"]
        help_texts = {
            "received_at": _("When the Secretariat actually received it (date of the email or "
                             "the postmark), in Geneva time."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        through = self.fields["received_through"]
        through.choices = [(value, label) for value, label in through.choices
                           if value != ReceivedThrough.PORTAL]

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at and received_at > timezone.now():
            raise forms.ValidationError(RECEIVED_IN_FUTURE)
        return received_at

    def clean_received_through(self):
        through = self.cleaned_data["received_through"]
        if through == ReceivedThrough.PORTAL:
            raise forms.ValidationError(PORTAL_NOT_BY_HAND)
        return through

    def clean_files(self):
        files = [f for f in self.cleaned_data["files"] if f]
        if not files:
            raise forms.ValidationError(services.NO_FILES)
        for uploaded in files:
            if not uploaded.size:
                raise forms.ValidationError(services.EMPTY_FILE % {"name": uploaded.name})
        return files


class ExtensionAdminForm(forms.ModelForm):
    """An extension as the Secretariat records it.

    A granted or refused extension is decided by the user saving it, now, unless given.
    """

    user = None  # set by the admin to the user saving the form

    class Meta:
        model = Extension
        fields = ["obligation", "new_due_date", "reason", "status", "requested_by",
                  "requested_at", "decided_by", "decided_at", "response"]

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        if status == Extension.Status.REQUESTED:
            if cleaned.get("decided_by") or cleaned.get("decided_at"):
                raise forms.ValidationError(DECISION_BEFORE_REQUEST)
        elif status in (Extension.Status.GRANTED, Extension.Status.REFUSED):
            if not cleaned.get("decided_at") and "decided_at" not in self.errors:
                cleaned["decided_at"] = timezone.now()
            if not cleaned.get("decided_by") and "decided_by" not in self.errors:
                cleaned["decided_by"] = self.user
        return cleaned


class WaiveForm(forms.Form):
    """The reason asked for before waiving the chosen obligations."""

    reason = forms.CharField(
        label=_("Reason for waiving"), widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        error_messages={"required": WAIVE_NEEDS_REASON},
        help_text=_("Recorded on every chosen obligation, with your name and the time."),
    )
