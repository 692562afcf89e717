"""Filters of the dashboards (django-filter) and their "as at" instant, shared by the pages and
their exports. Every query parameter is read here: a value that cannot be understood is a 400
with a message (the views' `BadInput`), never a 500."""

import datetime as dt

from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from centres import params
from submissions.filters import (
    ConventionCycleFilterSet,
    convention_filter,
    cycle_filter,
    kind_filter,
    region_filter,
    request_filter,
    status_filter,
)
from submissions.models import Obligation, Request
from submissions.selectors import BAD_AS_AT, parse_as_at
from submissions.widgets import RENDERER

from .cache import kind_labels

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


class WrittenInPython:
    """A filter set whose form writes its selects and inputs without templates
    (`submissions.widgets.FilterRenderer`)."""

    @property
    def form(self):
        form = super().form  # type: ignore[misc]
        form.renderer = RENDERER
        return form


class OverviewFilter(WrittenInPython, ConventionCycleFilterSet):
    request_path = ""

    convention = convention_filter()
    kind = kind_filter()
    cycle = cycle_filter()

    class Meta:
        model = Request
        fields = ["convention", "kind", "cycle"]


class RequestLabels:
    """`str(request)` for a form's choices, the kinds' labels looked up once a form
    (`Request.get_kind_display` rebuilds the choices' dictionary at each of 40 calls)."""

    def __init__(self):
        self._kinds = None

    def __call__(self, request):
        if not request.decision_id:
            return str(request)  # a letter: rare
        if self._kinds is None:
            self._kinds = kind_labels()
        source = f"{request.decision.code} {request.paragraph}".strip()
        return f"{source} – {request.title or self._kinds.get(request.kind, str(request.kind))}"


class MatrixFilter(WrittenInPython, ConventionCycleFilterSet):
    request_path = "request__"

    convention = convention_filter()
    region = region_filter()
    kind = kind_filter("request__kind")
    cycle = cycle_filter()
    request = request_filter()
    status = status_filter()

    class Meta:
        model = Obligation
        fields = ["convention", "region", "kind", "cycle", "request", "status"]

    @property
    def form(self):
        form = super().form
        field = form.fields["request"]
        if "label_from_instance" not in field.__dict__:
            field.label_from_instance = RequestLabels()
        return form
