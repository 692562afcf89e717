"""Filters of the Secretariat's review queue and obligations list (django-filter).

Every query parameter of those pages is read here; a value that cannot be understood makes the
filter set invalid, which the views answer with a 400 and a message, never a 500.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from centres.models import Centre, Region
from registry.dashboard.filters import ConventionCycleFilterSet, _convention_filter
from submissions.models import (
    Extension,
    Obligation,
    ObligationStatus,
    Request,
    RequestKind,
    ReviewStatus,
    SubmissionVersion,
)
from submissions.status import StatusGroup


def _centre_filter(field_name):
    return django_filters.ModelChoiceFilter(
        label=_("Centre"),
        field_name=field_name,
        queryset=Centre.objects.order_by("name"),
        empty_label=_("All centres"),
    )


def _kind_filter(field_name):
    return django_filters.ChoiceFilter(
        label=_("Kind"),
        field_name=field_name,
        choices=RequestKind.choices,
        empty_label=_("All kinds"),
    )


class ReviewQueueFilter(ConventionCycleFilterSet):
    """The versions tab: by review state (awaiting review unless asked), kind, centre,
    convention."""

    request_path = "submission__obligation__request__"

    state = django_filters.ChoiceFilter(
        label=_("Review state"),
        field_name="review_status",
        choices=ReviewStatus.choices,
        empty_label=_("All states"),
    )
    kind = _kind_filter("submission__obligation__request__kind")
    centre = _centre_filter("submission__obligation__centre")
    convention = _convention_filter()

    class Meta:
        model = SubmissionVersion
        fields = ["state", "kind", "centre", "convention"]


class ExtensionQueueFilter(ConventionCycleFilterSet):
    """The extension requests tab: by decision state (awaiting one unless asked), kind, centre,
    convention."""

    request_path = "obligation__request__"

    state = django_filters.ChoiceFilter(
        label=_("Decision"),
        field_name="status",
        choices=Extension.Status.choices,
        empty_label=_("All states"),
    )
    kind = _kind_filter("obligation__request__kind")
    centre = _centre_filter("obligation__centre")
    convention = _convention_filter()

    class Meta:
        model = Extension
        fields = ["state", "kind", "centre", "convention"]


class StaffObligationFilter(ConventionCycleFilterSet):
    """The obligations list: by status (or a group of them), request, region and centre."""

    request_path = "request__"

    # Statuses exist only as at an instant: the selector applies this one (`with_status`).
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=StatusGroup.choices + ObligationStatus.choices,
        method="keep_all",
        empty_label=_("All statuses"),
    )
    request = django_filters.ModelChoiceFilter(
        label=_("Request"),
        field_name="request",
        queryset=Request.objects.select_related("decision").order_by(
            "decision__code", "paragraph", "pk"
        ),
        empty_label=_("All requests"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="centre__region",
        queryset=Region.objects.all(),
        empty_label=_("All regions"),
    )
    centre = _centre_filter("centre")

    class Meta:
        model = Obligation
        fields = ["status", "request", "region", "centre"]

    def keep_all(self, queryset, name, value):
        return queryset
