import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres import params

from .models import Activity, CycleStatus, Outcome

NOT_SCORED = _("Not scored yet")
# Activities of the centres are reported from the Basel Convention's adoption (1989) on, and
# planned a few years ahead at most: a date outside is a typing error (year 9999 overflows).
ACTIVITY_EARLIEST = dt.date(1989, 1, 1)
ACTIVITY_YEARS_AHEAD = 5
ACTIVITY_DATE_OUT_OF_RANGE = _("Give a date between %(earliest)s and %(latest)s.")


def activity_latest_date():
    return dt.date(timezone.localdate().year + ACTIVITY_YEARS_AHEAD, 12, 31)


def part_field_name(part):
    return f"part_{part.pk}"


def evidence_field_name(criterion):
    return f"evidence_{criterion.pk}"


def version_label(version):
    return _("%(request)s, version %(number)s received %(date)s") % {
        "request": version.submission.obligation.request.label,
        "number": version.number,
        "date": version.received_at.date().isoformat(),
    }


class ScoringForm(forms.Form):
    """One radio group per criterion part (its levels), evidence per criterion, the outcome."""

    outcome = forms.ChoiceField(
        label=_("Recommended outcome"),
        required=False,
        choices=[("", "---------")] + list(Outcome.choices),
    )
    evaluator_comments = forms.CharField(
        label=_("Evaluator comments"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    open_for_comments = forms.BooleanField(
        label=_("Open this draft to the centre for comments"), required=False
    )

    def __init__(self, *args, criteria, versions, **kwargs):
        """`criteria` with parts and levels prefetched; `versions`: the centre's, fetched."""
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.versions = {str(v.pk): v for v in versions}
        self.levels = {}
        for criterion in criteria:
            for part in criterion.parts.all():
                levels = list(part.levels.all())
                self.levels[part] = {str(level.pk): level for level in levels}
                label = f"({criterion.code}) {part.name}" if part.name else _("Level")
                self.fields[part_field_name(part)] = forms.ChoiceField(
                    label=label,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[("", NOT_SCORED)]
                    + [
                        (
                            str(level.pk),
                            _("%(points)s – %(descriptor)s")
                            % {"points": level.points, "descriptor": level.descriptor},
                        )
                        for level in levels
                    ],
                )
            self.fields[evidence_field_name(criterion)] = forms.MultipleChoiceField(
                label=_("Evidence for (%(code)s)") % {"code": criterion.code},
                required=False,
                choices=[(str(v.pk), version_label(v)) for v in versions],
                widget=forms.CheckboxSelectMultiple,
            )

    def sections(self, suggestions=None):
        """One entry per criterion: its part fields, its evidence field and the suggestions."""
        suggestions = suggestions or {}
        return [
            {
                "criterion": criterion,
                "part_fields": [self[part_field_name(p)] for p in criterion.parts.all()],
                "evidence_field": self[evidence_field_name(criterion)],
                "suggestions": [
                    suggestions[p.pk] for p in criterion.parts.all() if p.pk in suggestions
                ],
            }
            for criterion in self.criteria
        ]

    def chosen_levels(self):
        """Map each part to the chosen level (None where left blank)."""
        return {
            part: choices.get(self.cleaned_data.get(part_field_name(part)) or "")
            for part, choices in self.levels.items()
        }

    def chosen_evidence(self):
        return {
            c: [self.versions[pk] for pk in self.cleaned_data.get(evidence_field_name(c), [])]
            for c in self.criteria
        }


class CycleStatusForm(forms.Form):
    """Move a cycle on; publishing an incomplete methodology needs the acknowledgement."""

    status = forms.ChoiceField(choices=CycleStatus.choices)
    acknowledge_incomplete = forms.BooleanField(
        label=_(
            "I publish knowing the methodology is incomplete: every page and export showing "
            "the scores will state it."
        ),
        required=False,
    )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = [
            "centre",
            "title",
            "kind",
            "start_date",
            "end_date",
            "countries_benefited",
            "partners",
            "funding_source",
            "mercury_related",
            "report",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "countries_benefited": forms.SelectMultiple(attrs={"size": 8}),
        }
        field_classes = {"countries_benefited": params.IdMultipleChoiceField}

    def __init__(self, *args, centres, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["centre"].queryset = centres
        self.fields["report"].queryset = versions
        self.fields["report"].label_from_instance = lambda v: (
            _("%(request)s, version %(number)s")
            % {"request": v.submission.obligation.request.label, "number": v.number}
        )
        self.fields["countries_benefited"].help_text = _(
            "Hold Ctrl (Cmd on a Mac) to choose several."
        )
        if len(centres) == 1:
            self.fields["centre"].initial = centres[0].pk

    def _bounded(self, name):
        day = self.cleaned_data.get(name)
        latest = activity_latest_date()
        if day is not None and not ACTIVITY_EARLIEST <= day <= latest:
            raise forms.ValidationError(
                ACTIVITY_DATE_OUT_OF_RANGE % {"earliest": ACTIVITY_EARLIEST, "latest": latest}
            )
        return day

    def clean_start_date(self):
        return self._bounded("start_date")

    def clean_end_date(self):
        return self._bounded("end_date")

    def clean(self):
        data = super().clean()
        report, centre = data.get("report"), data.get("centre")
        if report and centre and report.submission.obligation.centre_id != centre.pk:
            self.add_error("report", _("Choose an activity report of this centre."))
        return data
