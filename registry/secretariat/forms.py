"""Forms of the Secretariat's pages: the meetings filter and the budget line."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from ..models import BudgetLine, MeetingKind
from . import services

EARLIEST = dt.date(1990, 1, 1)
LATEST = dt.date(2100, 12, 31)
BAD_DATE_RANGE = _("Give dates between %(earliest)s and %(latest)s.")
BAD_ORDER = _("The period cannot end before it starts.")


class BoundedDateField(forms.DateField):
    """A date within years the registry can hold (no year 9999)."""

    def clean(self, value):
        day = super().clean(value)
        if day is not None and not EARLIEST <= day <= LATEST:
            raise ValidationError(
                BAD_DATE_RANGE % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()}
            )
        return day


class MeetingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *MeetingKind.choices], required=False
    )
    start = BoundedDateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = BoundedDateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(BAD_ORDER)
        return data


class BudgetLineForm(forms.ModelForm):
    """A budget line of workplan `obligation`, funded by one of `contributions` or unfunded.

    The checks are the service's (`services.budget_line_check`), run here so that the page (and
    the admin) can show them beside the fields.
    """

    class Meta:
        model = BudgetLine
        fields = ["description", "amount", "currency", "funded_by"]

    def __init__(self, *args, obligation=None, contributions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.obligation = obligation or getattr(self.instance, "obligation", None)
        if contributions is not None:
            self.fields["funded_by"].queryset = contributions
        self.fields["funded_by"].empty_label = _("Unfunded")
        self.fields["amount"].validators.append(MinValueValidator(0))

    def clean(self):
        data = super().clean()
        obligation = self.obligation
        if obligation is None or self.errors:
            return data
        try:
            data["currency"] = services.budget_line_check(
                obligation=obligation,
                currency=data.get("currency", ""),
                funded_by=data.get("funded_by"),
            )
        except ValidationError as exc:
            self.add_error(None, exc)
        return data

    def _post_clean(self):
        # The obligation is not a field of the form: set it before the model's own checks.
        if self.obligation is not None:
            self.instance.obligation = self.obligation
        super()._post_clean()
