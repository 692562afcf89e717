"""The filters the dashboards and the Secretariat's pages share (django-filter): Bootstrap's
classes, convention and COP by the request a row leads to, and the fields several pages offer.

A page's filter set declares the fields it wants with the functions below; a value that cannot
be understood makes the filter set invalid, which the views answer with a 400, never a 500.
"""

from html import escape

import django_filters
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Convention, Region
from submissions.models import ObligationStatus, Request, RequestKind
from submissions.status import StatusGroup


def _convention_q(prefix, value):
    return Q(**{f"{prefix}decision__convention": value}) | Q(
        **{f"{prefix}decision__isnull": True, f"{prefix}convention_centres": value}
    )


def _cycle_q(prefix, value):
    """The COP a request reports to: the stated one, else the one after its decision's."""
    return Q(**{f"{prefix}for_cop": value}) | Q(
        **{f"{prefix}for_cop__isnull": True, f"{prefix}decision__cop": value - 1}
    )


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose widgets carry Bootstrap's classes."""

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        return form


class PlainSelect(forms.Select):
    """A select of flat choices written in Python, as Django's templates write it, without
    rendering two templates per option: a list of 1,000 centres cost a page ~50 ms of CPU.

    `label_field` names the column that labels the rows of a model choice field, read with
    their keys alone rather than as model instances.
    """

    def __init__(self, attrs=None, choices=(), *, label_field=None):
        super().__init__(attrs, choices)
        self.label_field = label_field

    def _option_rows(self):
        choices = self.choices
        if self.label_field and isinstance(choices, ModelChoiceIterator):
            empty = choices.field.empty_label
            rows = choices.queryset.values_list("pk", self.label_field)
            return [("", empty), *rows] if empty is not None else list(rows)
        return choices

    def render(self, name, value, attrs=None, renderer=None):
        final = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        lines = [f'<select name="{escape(name)}"{_attrs_html(final)}>']
        for option_value, label in self._option_rows():
            text = "" if option_value is None else str(option_value)
            selected = " selected" if text in chosen else ""
            if selected and not self.allow_multiple_selected:
                chosen = set()
            value_html = text if type(option_value) is int else escape(text)  # digits: inert
            label = escape(str(label))
            lines.append(f'  <option value="{value_html}"{selected}>{label}</option>')
        lines.append("</select>")
        return mark_safe("\n".join(lines))  # noqa: S308 (every text escaped above)


def _attrs_html(attrs):
    """Attributes as Django's `attrs.html` writes them: True bare, False left out."""
    return "".join(
        f" {escape(k)}" if v is True else f' {escape(k)}="{escape(str(v))}"'
        for k, v in attrs.items()
        if v is not False and v is not None
    )


def convention_filter():
    return django_filters.ChoiceFilter(
        label=_("Convention"),
        choices=Convention.choices,
        method="filter_convention",
        empty_label=_("All conventions"),
        widget=PlainSelect,
    )


def cycle_filter():
    return django_filters.NumberFilter(
        label=_("COP"),
        method="filter_cycle",
        min_value=1,
        max_value=99,
        decimal_places=0,
    )


def kind_filter(field_name="kind"):
    return django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name=field_name,
        choices=RequestKind.choices,
        empty_label=_("All kinds"),
        widget=PlainSelect,
    )


def centre_filter(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Centre"),
        field_name=field_name,
        queryset=Centre.objects.order_by("name"),
        empty_label=_("All centres"),
        widget=PlainSelect(label_field="name"),
    )


def region_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="centre__region",
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
        widget=PlainSelect(label_field="name"),  # str(region) is its name
    )


def request_filter():
    return django_filters.ModelChoiceFilter(
        label=_("Request"),
        field_name="request",
        queryset=Request.objects.select_related("decision").order_by(
            "decision__code", "paragraph", "pk"
        ),
        empty_label=_("All requests"),
        widget=PlainSelect,
    )


def status_filter():
    """An obligation's status or a group of them (submitted; not yet due), which the overview's
    counts link to. Statuses exist only as at an instant: the selector applies the value
    (`with_status`), the filter set keeps every row (`keep_all`)."""
    return django_filters.ChoiceFilter(
        label=_("Status"),
        choices=StatusGroup.choices + ObligationStatus.choices,
        method="keep_all",
        empty_label=_("All statuses"),
        widget=PlainSelect,
    )


class ConventionCycleFilterSet(StyledFilterSet):
    """Filters by convention and COP, declared with `convention_filter` and `cycle_filter`
    where each page wants them; `request_path` leads from the rows to their request."""

    request_path = ""

    def filter_convention(self, queryset, name, value):
        return queryset.filter(_convention_q(self.request_path, value))

    def filter_cycle(self, queryset, name, value):
        return queryset.filter(_cycle_q(self.request_path, int(value)))

    def keep_all(self, queryset, name, value):
        return queryset


def queue_filter(name, model, *, request_path, state_field, state_label, state_choices, doc):
    """A queue's filter set: by `state_field` (a state), kind, centre and convention, the rows
    leading to their request by `request_path` and to their centre beside it."""
    centre_path = request_path.removesuffix("request__") + "centre"
    meta = type("Meta", (), {"model": model, "fields": ["state", "kind", "centre", "convention"]})
    attrs = {
        "__doc__": doc,
        "request_path": request_path,
        "state": django_filters.ChoiceFilter(
            label=state_label,
            field_name=state_field,
            choices=state_choices,
            empty_label=_("All states"),
            widget=PlainSelect,
        ),
        "kind": kind_filter(f"{request_path}kind"),
        "centre": centre_filter(centre_path),
        "convention": convention_filter(),
        "Meta": meta,
    }
    return type(name, (ConventionCycleFilterSet,), attrs)
