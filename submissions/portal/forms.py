"""Forms of the directors' portal and of the Secretariat's review pages."""

import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import uploads
from ..models import ReceivedThrough, secretariat_tz

DATE_IN_PAST = _("Propose a date in the future.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field taking several files; cleans to a list (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files"), required=False)
    tz = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.help_text = _(
            "Accepted: %(types)s; up to %(size)s MB each. Several files make one version."
        ) % {"types": uploads.accepted_label(),
             "size": settings.REGISTRY_UPLOAD_MAX_BYTES // (1024 * 1024)}
        field.widget.attrs["accept"] = uploads.accept_attribute()

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(uploads.MISSING_FILE)
        return files


class ExtensionRequestForm(forms.Form):
    new_due_date = forms.DateField(label=_("Proposed due date"),
                                   widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=4000)

    def clean_new_due_date(self):
        day = self.cleaned_data["new_due_date"]
        if day < timezone.localtime(timezone.now(), secretariat_tz()).date():
            raise forms.ValidationError(DATE_IN_PAST)
        return day


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
    )
    comments = forms.CharField(label=_("Comments to the centre"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)
    flags_seen = forms.BooleanField(
        label=_("I have read the flags from the upload checks above"), required=False,
    )

    def __init__(self, *args, flagged=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not flagged:
            del self.fields["flags_seen"]


class ExtensionDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("grant", _("Grant")), ("refuse", _("Refuse"))],
    )
    response = forms.CharField(label=_("Message to the centre"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class WaiveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for waiving"),
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)


class RecordVersionForm(forms.Form):
    received_through = forms.ChoiceField(
        label=_("Received by"),
        choices=[(ReceivedThrough.EMAIL, ReceivedThrough.EMAIL.label),
                 (ReceivedThrough.PAPER, ReceivedThrough.PAPER.label)],
    )
    received_at = forms.DateTimeField(
        label=_("Received at (Geneva time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
    )
    files = MultipleFileField(label=_("Files (a scan for paper)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        # Read the typed time in Geneva, whatever the active time zone.
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=secretariat_tz()) if isinstance(naive, dt.datetime) else value

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if not files:
            raise forms.ValidationError(uploads.MISSING_FILE)
        return files
