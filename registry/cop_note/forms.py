"""The staff's form for a COP note's dates, toggles and wording."""

from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import CopNote
from submissions.models.requests import date_range_errors

from .wording import UNKNOWN_PLACEHOLDERS, braced, unknown_placeholders

DATE_FIELDS = [
    "workplans_as_at",
    "reports_as_at",
    "views_as_at",
    "mercury_as_at",
    "selection_as_at",
]


class CopNoteForm(forms.ModelForm):
    """Dates and toggles of the draft, plus one wording field per paragraph drafted."""

    class Meta:
        model = CopNote
        fields = [*DATE_FIELDS, "mercury_forwarded_in", "name_missing"]
        widgets = {
            **{
                name: forms.DateInput(attrs={"type": "date", "class": "form-control"})
                for name in DATE_FIELDS
            },
            "mercury_forwarded_in": forms.TextInput(attrs={"class": "form-control"}),
            "name_missing": forms.CheckboxInput(attrs={"class": "form-check-input"}),
        }
        help_texts = {name: _("Empty: today.") for name in DATE_FIELDS}

    def __init__(self, *args, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraphs = {p.key: p for p in paragraphs}
        for paragraph in paragraphs:
            self.fields[self.wording_field(paragraph.key)] = forms.CharField(
                label=paragraph.heading,
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
                initial=paragraph.wording or paragraph.template,
                help_text=_("Placeholders: %(names)s. Empty: the drafted wording.")
                % {"names": braced(paragraph.placeholders)},
            )

    @staticmethod
    def wording_field(key):
        return f"wording__{key}"

    def wording_fields(self):
        return [self[self.wording_field(key)] for key in self.paragraphs]

    def clean(self):
        cleaned = super().clean()
        dates = SimpleNamespace(**{name: cleaned.get(name) for name in DATE_FIELDS})
        for name, message in date_range_errors(dates, DATE_FIELDS).items():
            self.add_error(name, message)
        for key, paragraph in self.paragraphs.items():
            field = self.wording_field(key)
            unknown = unknown_placeholders(cleaned.get(field, ""), paragraph.values)
            if unknown:
                self.add_error(
                    field,
                    UNKNOWN_PLACEHOLDERS
                    % {
                        "names": braced(unknown),
                        "allowed": braced(paragraph.placeholders),
                    },
                )
        return cleaned

    def wording(self):
        """The edited wording per paragraph: what differs from the drafted wording."""
        edited = {}
        for key, paragraph in self.paragraphs.items():
            text = (self.cleaned_data.get(self.wording_field(key)) or "").strip()
            if text and text != paragraph.template.strip():
                edited[key] = text
        return edited
