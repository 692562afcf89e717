"""The filters the dashboards and the Secretariat's pages share (django-filter): Bootstrap's
classes, convention and COP by the request a row leads to, and the fields several pages offer.

A page's filter set declares the fields it wants with the functions below; a value that cannot
be understood makes the filter set invalid, which the views answer with a 400, never a 500.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Convention, Region
from submissions.models import ObligationStatus, Request, RequestKind
from submissions.status import StatusGroup
from submissions.widgets import PlainSelect


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
