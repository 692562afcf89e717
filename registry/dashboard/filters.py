"""Filters of the dashboards (django-filter) and their "as at" instant, shared by the pages and
their exports. Every query parameter is read here: a value that cannot be understood is a 400
with a message (the views' `BadInput`), never a 500."""

import datetime as dt

import django_filters
from django import forms
from django.db.models import Q
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from centres import params
from centres.models import Convention, Region
from submissions.models import Obligation, ObligationStatus, Request, RequestKind
from submissions.selectors import BAD_AS_AT, parse_as_at
from submissions.status import StatusGroup

AS_AT_OUT_OF_RANGE = _("Give an “as at” date from %(earliest)s to %(latest)s.")
AS_AT_TOO_LONG = 64  # characters: an ISO timestamp with a zone takes 32


def parse_bounded_as_at(raw):
    """Return the "as at" instant written in `raw` (a day, or an ISO timestamp with its zone)
    within `centres.params.day_range()`; raise ValueError with a readable message otherwise.

    The day is checked as written before any time-zone arithmetic, which a far year overflows,
    then again in UTC.
    """
    raw = (raw or "").strip()
    if len(raw) > AS_AT_TOO_LONG:
        raise ValueError(str(BAD_AS_AT))
    try:
        written = parse_date(raw) or parse_datetime(raw)
    except ValueError:
        written = None
    if written is not None:
        _check_as_at_day(
            written
            if isinstance(written, dt.date) and not isinstance(written, dt.datetime)
            else written.date()
        )
    instant = parse_as_at(raw)
    _check_as_at_day(instant.astimezone(dt.UTC).date())  # parse_as_at checked it can
    return instant


def _check_as_at_day(day):
    earliest, latest = params.day_range()
    if not earliest <= day <= latest:
        raise ValueError(
            str(
                AS_AT_OUT_OF_RANGE
                % {"earliest": earliest.isoformat(), "latest": latest.isoformat()}
            )
        )


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


def _convention_filter():
    return django_filters.ChoiceFilter(
        label=_("Convention"),
        choices=Convention.choices,
        method="filter_convention",
        empty_label=_("All conventions"),
    )


def _cycle_filter():
    return django_filters.NumberFilter(
        label=_("COP"),
        method="filter_cycle",
        min_value=1,
        max_value=99,
        decimal_places=0,
    )


class ConventionCycleFilterSet(StyledFilterSet):
    """Filters by convention and COP, declared with `_convention_filter` and `_cycle_filter`
    where each page wants them; `request_path` leads from the rows to their request."""

    request_path = ""

    def filter_convention(self, queryset, name, value):
        return queryset.filter(_convention_q(self.request_path, value))

    def filter_cycle(self, queryset, name, value):
        return queryset.filter(_cycle_q(self.request_path, int(value)))


class OverviewFilter(ConventionCycleFilterSet):
    request_path = ""

    convention = _convention_filter()
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=RequestKind.choices, empty_label=_("All kinds")
    )
    cycle = _cycle_filter()

    class Meta:
        model = Request
        fields = ["convention", "kind", "cycle"]


class MatrixFilter(ConventionCycleFilterSet):
    request_path = "request__"

    convention = _convention_filter()
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="centre__region",
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name="request__kind",
        choices=RequestKind.choices,
        empty_label=_("All kinds"),
    )
    cycle = _cycle_filter()
    request = django_filters.ModelChoiceFilter(
        label=_("Request"),
        field_name="request",
        queryset=Request.objects.select_related("decision").order_by(
            "decision__code", "paragraph", "pk"
        ),
        empty_label=_("All requests"),
    )
    # Statuses exist only as at an instant: the selector applies this one after computing them.
    # A group (submitted; not yet due) is what the overview's counts link to.
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=StatusGroup.choices + ObligationStatus.choices,
        method="keep_all",
        empty_label=_("All statuses"),
    )

    class Meta:
        model = Obligation
        fields = ["convention", "region", "kind", "cycle", "request", "status"]

    def keep_all(self, queryset, name, value):
        return queryset
