"""Compliance dashboards, exports and the COP report: read-only, for staff and bureau members."""

from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from centres import params
from centres.access import can_read_dashboards
from submissions.blockers import blockers_recent
from submissions.models import ActionStatus, Obligation, ObligationStatus, Request
from submissions.selectors import requests_issued_by

from ..http import BadInput, signed_in
from ..secretariat import selectors as secretariat_selectors
from . import cache, cells, centre_rows, exports, precompiled, report, selectors
from .filters import MatrixFilter, OverviewFilter, parse_bounded_as_at
from .nav import nav_html

BAD_FILTER = _("Some of the filters are not valid; correct them and try again.")
BAD_REPORT = _("Choose at least one request, and give a valid date.")
UNKNOWN_FORMAT = _("Exports are available as CSV or XLSX only.")


def dashboard_reader(view):
    """Let staff and bureau members in; send anonymous users to sign in; refuse the others."""
    # Read-only pages: a transaction would add nothing but two savepoint round trips.
    return transaction.non_atomic_requests(require_GET(dashboard_access(view)))


def _require_dashboard_reader(user):
    if not can_read_dashboards(user):
        raise PermissionDenied


def dashboard_access(view):
    """`dashboard_reader` without its method and transaction rules, for pages that also write."""
    return signed_in(view, allowed=_require_dashboard_reader)


def as_at_from(request):
    """Return the "as at" instant of the query string (default: now)."""
    raw = request.GET.get("as_at", "").strip()
    if not raw:
        return timezone.now()
    try:
        return parse_bounded_as_at(raw)
    except ValueError as exc:
        raise BadInput(str(exc)) from None


def _filtered(filterset):
    if filterset.is_bound and not filterset.is_valid():
        raise BadInput(BAD_FILTER, filterset.errors)
    return filterset.qs


def _filtering(filterset):
    """True when a filter of the (valid) filter set has a value."""
    return filterset.is_bound and any(
        value not in (None, "", []) for value in filterset.form.cleaned_data.values()
    )


def _base_context(request, as_at):
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "as_at": as_at,
        "as_at_day": selectors.local_date(as_at),
        "query": query.urlencode(),
        "as_at_param": request.GET.get("as_at", ""),
    }


def _tabs(active, as_at_param=""):
    """The dashboards' tabs, `active` shown as the current page (`nav`)."""
    return {"nav_html": nav_html(active, as_at_param)}


def is_now(request):
    """True when the page is as at the time of the request (no "as at" given)."""
    return not request.GET.get("as_at", "").strip()


RESULTS_TEMPLATE = "registry/dashboard/_overview_results.html"
MATRIX_RESULTS_TEMPLATE = "registry/dashboard/_matrix_results.html"


def _overview_data(request):
    as_at = as_at_from(request)
    filterset = OverviewFilter(request.GET or None, queryset=requests_issued_by(as_at))
    requests = _filtered(filterset)
    now = is_now(request)
    rows = cache.cached(
        f"overview-{translation.get_language()}",
        as_at,
        lambda: cache.freeze_overview(selectors.overview_rows(as_at, requests, now=now)),
        now=now,
        query=request.GET,
        memo=cache.request_memo(request),
    )
    return as_at, filterset, rows


@dashboard_reader
def overview(request):
    as_at = as_at_from(request)
    filterset = OverviewFilter(request.GET or None, queryset=requests_issued_by(as_at))
    requests = _filtered(filterset)
    if not _filtering(filterset):  # the same list, its SQL compiled once per process
        requests = precompiled.requests_issued(as_at)
    now = is_now(request)
    as_at_raw = request.GET.get("as_at", "").strip()
    # The counts link to the matrix as at the same instant.
    matrix_as_at = urlencode({"as_at": as_at_raw}) if as_at_raw else ""
    context = _base_context(request, as_at) | {"filter": filterset, "matrix_as_at": matrix_as_at}

    def counted_and_rendered():
        # The counts and their table's HTML, kept together: one cache entry to read a request.
        rows = cache.freeze_overview(selectors.overview_rows(as_at, requests, now=now))
        obligations, invitations = selectors.overview_split(rows)
        html = cells.OverviewRowHtml(matrix_as_at)
        table = context | {
            "rows": [row | {"html": html.row(row)} for row in obligations],
            "invitations": invitations,
            "totals": selectors.overview_totals(obligations),
        }
        # No request: the table needs none of the context processors (one query, the menu).
        return {"rows": rows, "html": render_to_string(RESULTS_TEMPLATE, table)}

    page = cache.cached(
        f"overview-page-{translation.get_language()}",
        as_at,
        counted_and_rendered,
        now=now,
        query=request.GET,
        memo=cache.request_memo(request),
    )
    if request.htmx:
        return HttpResponse(page["html"])
    obligations, invitations = selectors.overview_split(page["rows"])
    context |= _tabs("overview", context["as_at_param"]) | {
        "rows": obligations,
        "invitations": invitations,
        "totals": selectors.overview_totals(obligations),
        "results_html": page["html"],
    }
    return render(request, "registry/dashboard/overview.html", context)


def _matrix_filter(request):
    filterset = MatrixFilter(request.GET or None, queryset=Obligation.objects.all())
    obligations = _filtered(filterset)
    status = (filterset.form.cleaned_data.get("status") or "") if filterset.is_bound else ""
    return filterset, obligations, status


@dashboard_reader
def matrix(request):
    as_at = as_at_from(request)
    filterset, obligations, status = _matrix_filter(request)
    context = _base_context(request, as_at) | {
        "filter": filterset,
        "statuses": ObligationStatus,
    }

    def counted_and_rendered():
        # The page of the matrix and its table's HTML, kept together: one cache entry to read.
        # Nothing filtered: the cells' SQL compiled once per process (`precompiled`).
        cell_rows = None if _filtering(filterset) else precompiled.matrix_cell_rows
        data = cache.freeze_matrix(
            selectors.matrix(
                as_at,
                obligations,
                status=status,
                page_number=request.GET.get("page") or 1,
                cell_rows=cell_rows,
            )
        )
        thawed = cache.thaw_matrix(data)
        table = context | {
            "matrix": thawed,
            "matrix_rows": cells.matrix_rows_html(thawed["rows"]),
        }
        # No request: the table needs none of the context processors (one query, the menu).
        return {"matrix": data, "html": render_to_string(MATRIX_RESULTS_TEMPLATE, table)}

    page = cache.cached(
        f"matrix-page-{translation.get_language()}",
        as_at,
        counted_and_rendered,
        now=is_now(request),
        query=request.GET,
        memo=cache.request_memo(request),
    )
    if request.htmx:
        return HttpResponse(page["html"])
    context |= _tabs("matrix", context["as_at_param"]) | {
        # Made into cells only when read (by tests): the page shows the cached HTML.
        "matrix": SimpleLazyObject(lambda: cache.thaw_matrix(page["matrix"])),
        "results_html": page["html"],
    }
    return render(request, "registry/dashboard/matrix.html", context)


@dashboard_reader
def centre(request, pk):
    as_at = as_at_from(request)
    profile = selectors.centre_profile(pk, as_at)
    if profile is None:
        raise Http404
    rows = cache.cached(
        f"centre-{pk}-{translation.get_language()}",
        as_at,
        lambda: centre_rows.obligation_rows(selectors.centre_obligations(profile["centre"], as_at)),
        now=is_now(request),
        query=request.GET,
    )
    context = (
        _base_context(request, as_at)
        | profile
        | {
            "obligations": rows,
            "budgets": secretariat_selectors.centre_budgets(pk),
            "blockers": blockers_recent(centre=profile["centre"]),
        }
    )
    return render(request, "registry/dashboard/centre.html", context)


@dashboard_reader
def centre_records(request, pk):
    """The centre page's reminders and evaluation results, loaded after the page itself."""
    as_at = as_at_from(request)
    records = selectors.centre_records(pk, as_at, viewer=request.user)
    if records is None:
        raise Http404
    template = (
        "registry/dashboard/_centre_records.html"
        if request.htmx
        else ("registry/dashboard/centre_records.html")
    )
    return render(request, template, _base_context(request, as_at) | records)


@dashboard_reader
def trends(request):
    as_at = as_at_from(request)
    data = cache.cached(
        "trends", as_at, lambda: selectors.trends(as_at), now=is_now(request), query=request.GET
    )
    chart = selectors.trends_chart(data)
    return render(
        request,
        "registry/dashboard/trends.html",
        _base_context(request, as_at) | {"trends": data, "chart": chart},
    )


@dashboard_reader
def overview_export(request, fmt):
    if fmt not in exports.FORMATS:
        raise BadInput(UNKNOWN_FORMAT)
    as_at, _filterset, rows = _overview_data(request)
    header, lines = exports.overview_table(rows)
    name = f"overview-{selectors.local_date(as_at):%Y-%m-%d}"
    return exports.response(header, lines, fmt=fmt, title=str(_("Overview")), filename=name)


@dashboard_reader
def matrix_export(request, fmt):
    """The whole matrix, as filtered on screen, streamed: never cached, never held in memory."""
    if fmt not in exports.FORMATS:
        raise BadInput(UNKNOWN_FORMAT)
    as_at = as_at_from(request)
    _filterset, obligations, status = _matrix_filter(request)
    requests, lines = selectors.matrix_lines(
        as_at, obligations, status=status, labels=exports.matrix_labels()
    )
    header, table = exports.matrix_table(requests, lines)
    name = f"matrix-{selectors.local_date(as_at):%Y-%m-%d}"
    return exports.response(header, table, fmt=fmt, title=str(_("Matrix")), filename=name)


class RequestChoiceField(params.IdMultipleChoiceField):
    def label_from_instance(self, obj):
        # The kinds' labels and the dates' format looked up once a form, not once a request
        # (`get_kind_display` rebuilds the choices' dictionary at each call).
        language = translation.get_language()
        words = self.__dict__.get("_words")
        if words is None or words[0] != language:
            words = self._words = (language, cache.kind_labels(), cells.ShortDates(), _("due"))
        _language, kinds, dates, due_word = words
        title = obj.title or kinds.get(obj.kind, str(obj.kind))
        due = f" ({due_word} {dates.text(obj.due_date)})" if obj.due_date else ""
        return f"{obj.label} – {title}{due}"


class ReportForm(forms.Form):
    requests = RequestChoiceField(
        label=_("Requests"),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        queryset=Request.objects.select_related("decision").order_by(
            F("due_date").asc(nulls_last=True), "decision__code", "paragraph", "pk"
        ),
    )
    as_at = forms.CharField(
        label=_("As at"),
        required=False,
        help_text=_("A date (the end of that day in Geneva) or an ISO timestamp; default: now."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_as_at(self):
        raw = self.cleaned_data["as_at"].strip()
        if not raw:
            return timezone.now()
        try:
            return parse_bounded_as_at(raw)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def _report_data(request):
    form = ReportForm(request.GET)
    if not form.is_valid():
        raise BadInput(BAD_REPORT, form.errors)
    as_at = form.cleaned_data["as_at"]
    requests = sorted(
        form.cleaned_data["requests"], key=lambda r: (r.due_date is None, r.due_date, r.label, r.pk)
    )
    # Only staff may have the centres that had not submitted named, and only when they ask.
    name_missing = request.user.is_staff and request.GET.get("names") == "1"
    return form, as_at, report.report_paragraphs(as_at, requests, name_missing=name_missing)


@dashboard_reader
def cop_report(request):
    if "requests" not in request.GET:
        form = ReportForm()
        context = {"form": form, "request_boxes": cells.checkboxes_html(form["requests"])}
        return render(request, "registry/dashboard/report.html", context | _tabs("report"))
    form, as_at, paragraphs = _report_data(request)
    return render(
        request,
        "registry/dashboard/report.html",
        _base_context(request, as_at)
        | _tabs("report", request.GET.get("as_at", ""))
        | {
            "form": form,
            "request_boxes": cells.checkboxes_html(form["requests"]),
            "paragraphs": paragraphs,
        },
    )


@dashboard_reader
def cop_report_docx(request):
    _form, as_at, paragraphs = _report_data(request)
    response = HttpResponse(
        report.report_docx(as_at, paragraphs),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = f"cop-report-{selectors.local_date(as_at):%Y-%m-%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@dashboard_reader
def action_plans(request):
    """Per region, how many actions of the centres' action plans are open, late and done now."""
    from submissions.action_plans import action_counts_by_region

    rows = action_counts_by_region(timezone.now())
    totals = {
        status: sum(counts[status] for _region, counts, _total in rows) for status in ActionStatus
    }
    return render(
        request,
        "registry/dashboard/action_plans.html",
        {"rows": rows, "totals": totals, "total": sum(totals.values()), "now": timezone.now()},
    )
