"""Filters of the Secretariat's review queue and obligations list (django-filter).

Every query parameter of those pages is read here; a value that cannot be understood makes the
filter set invalid, which the views answer with a 400 and a message, never a 500.
"""

from django.utils.translation import gettext_lazy as _

from submissions.filters import (
    ConventionCycleFilterSet,
    centre_filter,
    queue_filter,
    region_filter,
    request_filter,
    status_filter,
)
from submissions.models import Extension, Obligation, ReviewStatus, SubmissionVersion

ReviewQueueFilter = queue_filter(
    "ReviewQueueFilter",
    SubmissionVersion,
    request_path="submission__obligation__request__",
    state_field="review_status",
    state_label=_("Review state"),
    state_choices=ReviewStatus.choices,
    doc="The versions tab: by review state (awaiting review unless asked), kind, centre, "
    "convention.",
)

ExtensionQueueFilter = queue_filter(
    "ExtensionQueueFilter",
    Extension,
    request_path="obligation__request__",
    state_field="status",
    state_label=_("Decision"),
    state_choices=Extension.Status.choices,
    doc="The extension requests tab: by decision state (awaiting one unless asked), kind, "
    "centre, convention.",
)


class StaffObligationFilter(ConventionCycleFilterSet):
    """The obligations list: by status (or a group of them), request, region and centre."""

    request_path = "request__"

    status = status_filter()
    request = request_filter()
    region = region_filter()
    centre = centre_filter("centre")

    class Meta:
        model = Obligation
        fields = ["status", "request", "region", "centre"]
