"""The Secretariat's lists: the review queue (versions, extension requests) and every centre
obligation. Filters come from `staff_filters`; a value they cannot read is a 400 that says so
and shows the list unfiltered."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..blockers import blockers_recent
from ..models import Extension, ReviewStatus, SubmissionVersion
from . import selectors, staff_selectors
from .staff_filters import ExtensionQueueFilter, ReviewQueueFilter, StaffObligationFilter
from .staff_rows import obligation_rows_html, review_rows_html
from .views import BAD_CENTRE, staff_required

BAD_FILTER = _("Some of the filters are not valid; correct them. The list below is unfiltered.")
BAD_TAB = _("Unknown tab: choose the versions or the extension requests.")
VERSIONS, EXTENSIONS = "versions", "extensions"
TABS = {"": VERSIONS, VERSIONS: VERSIONS, EXTENSIONS: EXTENSIONS}
# What each tab shows when no state is chosen: what awaits the Secretariat.
DEFAULT_STATE = {VERSIONS: ReviewStatus.PENDING, EXTENSIONS: Extension.Status.REQUESTED}


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _apply(filterset_class, data, queryset):
    """Return (filter set, rows, error message): the rows unfiltered when the filters are not
    valid, with the message to show."""
    filterset = filterset_class(data, queryset=queryset)
    if filterset.is_valid():
        return filterset, filterset.qs, None
    message = BAD_CENTRE if "centre" in filterset.errors else BAD_FILTER
    return filterset, queryset, message


@staff_required
@require_GET
def review_queue(request):
    """Versions awaiting review (or in the state chosen), newest first; extension requests in
    their own tab (`?tab=extensions`)."""
    tab = TABS.get(request.GET.get("tab", "").strip())
    error = None
    if tab is None:
        tab, error = VERSIONS, BAD_TAB
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = DEFAULT_STATE[tab]
    if tab == EXTENSIONS:
        filterset, rows, bad = _apply(ExtensionQueueFilter, data, Extension.objects.all())
        page = staff_selectors.extension_requests(rows, request.GET.get("page"))
    else:
        filterset, rows, bad = _apply(ReviewQueueFilter, data, SubmissionVersion.objects.all())
        page = staff_selectors.review_versions(rows, request.GET.get("page"))
    error = error or bad
    versions = list(page.object_list) if tab == VERSIONS else []
    return render(
        request,
        "submissions/review_queue.html",
        {
            "tab": tab,
            "filter": filterset,
            "page": page,
            "versions": versions,
            "version_rows": review_rows_html(versions, staff_selectors.version_files(versions)),
            "extensions": list(page.object_list) if tab == EXTENSIONS else [],
            "blockers": blockers_recent() if tab == VERSIONS else [],
            "query": _query_without_page(request),
            "error": error,
            "now": timezone.now(),
        },
        status=400 if error else 200,
    )


@staff_required
@require_GET
def staff_obligations(request):
    """Every centre obligation with its status, what needs chasing first; filter by status,
    request, region and centre."""
    filterset, rows, error = _apply(
        StaffObligationFilter, request.GET, selectors.obligations_for(request.user)
    )
    status = filterset.form.cleaned_data.get("status", "") if error is None else ""
    page, summaries = staff_selectors.staff_obligations(
        rows, timezone.now(), status=status, page_number=request.GET.get("page")
    )
    return render(
        request,
        "submissions/staff_obligations.html",
        {
            "filter": filterset,
            "page": page,
            "rows": summaries,
            "row_html": obligation_rows_html(summaries),
            "query": _query_without_page(request),
            "error": error,
        },
        status=400 if error else 200,
    )
