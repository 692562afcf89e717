"""Reads of the Secretariat's review queue and obligations list: one page of rows at a time.

Filters and the order are applied by the database and only the page's rows are fetched (with
what they show), so a page costs the same number of queries whatever the network's size.
"""

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Value,
    When,
    Window,
)

from ..models import Extension, Obligation, ReviewStatus, SubmissionFile, SubmissionVersion
from ..status import statuses_meant
from ..status_store import with_stored_status
from . import selectors

PAGE_SIZE = 25


def page_of(queryset, page_number, page_size=PAGE_SIZE):
    """Return page `page_number` of `queryset` (the last page when out of range)."""
    return Paginator(queryset, page_size).get_page(page_number)


def review_versions(versions, page_number):
    """Page `page_number` of `versions` (already filtered), newest first, with their
    obligation's centre and request (their files: `version_files`)."""
    qs = versions.select_related(
        "submission__obligation__request__decision",
        "submission__obligation__centre",
        "submission__obligation__party",
    ).order_by("-received_at", "-pk")
    return page_of(qs, page_number)


def version_files(versions):
    """{version id: [(file id, original name)]} of `versions`, in the files' order: the names
    the queue links to, read as plain rows (a prefetch made a model of each, and compiled its
    query through the relation, for two columns); no query for no version."""
    if not versions:
        return {}
    files = {v.pk: [] for v in versions}
    rows = SubmissionFile.objects.filter(version__in=list(files)).values_list(
        "version_id", "pk", "original_name"
    )
    for version_id, pk, name in rows:  # the model's order: version, pk
        files[version_id].append((pk, name))
    return files


def extension_requests(extensions, page_number):
    """Page `page_number` of `extensions` (already filtered), newest first."""
    qs = extensions.select_related(
        "obligation__request__decision", "obligation__centre", "requested_by", "decided_by"
    ).order_by(F("requested_at").desc(nulls_last=True), "-pk")
    return page_of(qs, page_number)


def _returned_latest():
    """The obligations whose latest version was returned to the centre, as one uncorrelated
    list that the database hashes once per query (a subquery per obligation would run for
    every row of the network that the list orders)."""
    later = SubmissionVersion.objects.filter(
        submission=OuterRef("submission"), number__gt=OuterRef("number")
    )
    return (
        SubmissionVersion.objects.filter(review_status=ReviewStatus.RETURNED)
        .filter(~Exists(later))
        .values("submission__obligation_id")
    )


class StatusRank(Func):
    """`CASE <status> WHEN 'overdue' THEN 0 ... ELSE 9 END` (`selectors.STATUS_ORDER`): SQL's
    simple CASE writes and reads the status once, where Django's `Case` repeats the whole
    status expression in every branch (compiling it cost more than the page's rendering)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra_context):
        status_sql, params = compiler.compile(self.source_expressions[0])
        order = selectors.STATUS_ORDER
        whens = " ".join("WHEN %s THEN %s" for _ in order)
        params = (*params, *(x for status, rank in order.items() for x in (status, rank)), 9)
        return f"CASE {status_sql} {whens} ELSE %s END", params


def _rank():
    """The portal's order in SQL: a returned latest version needs the centre's action and
    comes right after what is overdue."""
    return Case(
        When(pk__in=_returned_latest(), then=Value(1)),
        default=StatusRank("status_now"),
        output_field=IntegerField(),
    )


def _page_counted_along(ordered, counted, page_number):
    """Page `page_number` of the ids of `ordered`, counted in the same query
    (`COUNT(*) OVER ()`): a separate count compiled the status expression a second time,
    costing more CPU than the count itself. A page that holds no row (out of range, below 1,
    or an empty list) is counted apart on `counted` and left to Paginator's `get_page`, as
    before (the last page for a number out of range)."""
    paginator = Paginator(ordered.values_list("pk", flat=True), PAGE_SIZE)
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1  # as Paginator.get_page reads a number it cannot read
    if number >= 1:
        bottom = (number - 1) * PAGE_SIZE
        rows = list(
            ordered.annotate(total=Window(Count("*"))).values_list("pk", "total")[
                bottom : bottom + PAGE_SIZE
            ]
        )
        if rows:
            paginator.count = rows[0][1]  # a cached property
            return Page([pk for pk, _ in rows], number, paginator)
    paginator.count = counted.count()  # counted without the order
    page = paginator.get_page(page_number)
    page.object_list = list(page.object_list)
    return page


def staff_obligations(obligations, now, *, status="", page_number=1):
    """Page `page_number` of `obligations` (already filtered) as at `now`, with their
    `selectors.obligation_summary`; `status` keeps one status or a group of them.

    Returns (page, rows): what needs chasing first, then by due date. The page's ids are
    chosen first, ordering narrow rows; only those 25 obligations are then read with what
    they show (joining the rows shown to every obligation before the sort cost more than
    the order itself).
    """
    # The stored status where its stamp holds: ordering the whole network by the rule's CASE
    # cost about half a second at 40,000 obligations.
    qs = with_stored_status(obligations, now)
    if status:
        qs = qs.filter(status_now__in=statuses_meant(status))
    ordered = qs.annotate(rank=_rank()).order_by(
        "rank", F("effective_due_date").asc(nulls_last=True), "created_at", "pk"
    )
    page = _page_counted_along(ordered, qs if status else obligations, page_number)
    ids = list(page.object_list)
    # Their status by the rule's Python phrasing, from the rows prefetched for the page.
    shown = (
        Obligation.objects.filter(pk__in=ids)
        .select_related("request__decision", "centre", "party", "submission")
        .prefetch_related(
            Prefetch("submission__versions", queryset=SubmissionVersion.objects.order_by("number")),
            Prefetch("extensions", queryset=Extension.objects.order_by("pk")),
        )
    )
    by_pk = {o.pk: o for o in shown}
    rows = [
        selectors.obligation_summary(by_pk[pk], now)
        for pk in ids
        if pk in by_pk  # deleted between the two reads
    ]
    return page, rows
