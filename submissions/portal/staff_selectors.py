"""Reads of the Secretariat's review queue and obligations list: one page of rows at a time.

Filters and the order are applied by the database and only the page's rows are fetched (with
what they show), so a page costs the same number of queries whatever the network's size.
"""

from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, OuterRef, Prefetch, Q, Subquery, Value, When

from ..models import Extension, ReviewStatus, SubmissionVersion
from ..status import statuses_meant
from . import selectors

PAGE_SIZE = 25


def page_of(queryset, page_number, page_size=PAGE_SIZE):
    """Return page `page_number` of `queryset` (the last page when out of range)."""
    return Paginator(queryset, page_size).get_page(page_number)


def review_versions(versions, page_number):
    """Page `page_number` of `versions` (already filtered), newest first."""
    qs = (
        versions.select_related(
            "submission__obligation__request__decision",
            "submission__obligation__centre",
            "recorded_by",
        )
        .prefetch_related("files")
        .order_by("-received_at", "-pk")
    )
    return page_of(qs, page_number)


def extension_requests(extensions, page_number):
    """Page `page_number` of `extensions` (already filtered), newest first."""
    qs = extensions.select_related(
        "obligation__request__decision", "obligation__centre", "requested_by", "decided_by"
    ).order_by(F("requested_at").desc(nulls_last=True), "-pk")
    return page_of(qs, page_number)


def _latest_review_status():
    latest = SubmissionVersion.objects.filter(submission__obligation=OuterRef("pk")).order_by(
        "-number"
    )
    return Subquery(latest.values("review_status")[:1])


def _rank():
    """The portal's order (`selectors.STATUS_ORDER`) in SQL: a returned latest version needs
    the centre's action and comes right after what is overdue."""
    return Case(
        When(Q(latest_review=ReviewStatus.RETURNED), then=Value(1)),
        *[When(status=status, then=Value(rank)) for status, rank in selectors.STATUS_ORDER.items()],
        default=Value(9),
        output_field=IntegerField(),
    )


def staff_obligations(obligations, now, *, status="", page_number=1):
    """Page `page_number` of `obligations` (already filtered) as at `now`, with their
    `selectors.obligation_summary`; `status` keeps one status or a group of them.

    Returns (page, rows): what needs chasing first, then by due date.
    """
    qs = obligations.with_status(now)
    if status:
        qs = qs.filter(status__in=statuses_meant(status))
    qs = (
        qs.annotate(latest_review=_latest_review_status())
        .annotate(rank=_rank())
        .select_related("request__decision", "centre", "submission")
        .prefetch_related(
            Prefetch("submission__versions", queryset=SubmissionVersion.objects.order_by("number")),
            Prefetch("extensions", queryset=Extension.objects.order_by("pk")),
        )
        .order_by("rank", F("effective_due_date").asc(nulls_last=True), "created_at", "pk")
    )
    page = page_of(qs, page_number)
    rows = [selectors.obligation_summary(o, now, o.status) for o in page.object_list]
    return page, rows
