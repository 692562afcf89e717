"""Pages of the Secretariat's own work.

Mandates: staff and Bureau members read them (staff edit them in the admin). Meetings: staff and
Bureau members read all of them, a centre's contacts those their centre took part in. Budget
lines: staff and the centre's contacts edit a workplan's lines; for anyone else the workplan is
a 404, never a 403 that confirms it exists.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centres.access import can_read_dashboards, centres_for_user
from registry.dashboard.views import dashboard_reader
from registry.http import BadInput, signed_in

from . import selectors, services
from .forms import BudgetLineForm, MeetingFilterForm

NOT_FOR_YOU = _("These pages are for the Secretariat, Bureau members and the centres' contacts.")
BAD_FILTER = _("Some of the filters are not valid; correct them and try again.")
LINE_ADDED = _("The budget line was added.")
LINE_CHANGED = _("The budget line was changed.")
LINE_DELETED = _("The budget line was deleted.")


class MandateFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=_("Show"),
        choices=[("open", _("Open and in progress")), ("all", _("All, done included"))],
        required=False,
    )


@dashboard_reader
def mandates(request):
    form = MandateFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise BadInput(BAD_FILTER, form.errors)
    include_done = form.is_bound and form.cleaned_data.get("show") == "all"
    return render(
        request,
        "registry/secretariat/mandates.html",
        {
            "form": form,
            "groups": selectors.mandates_by_cop(include_done=include_done),
            "state_counts": selectors.mandate_state_counts(),
            "include_done": include_done,
        },
    )


@dashboard_reader
def support(request):
    return render(
        request,
        "registry/secretariat/support.html",
        {"contributions": selectors.contributions_for_readers()},
    )


def _reader_of_meetings(user):
    if not (can_read_dashboards(user) or centres_for_user(user).exists()):
        raise PermissionDenied(NOT_FOR_YOU)


@signed_in
@require_GET
def meetings(request):
    _reader_of_meetings(request.user)
    form = MeetingFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        raise BadInput(BAD_FILTER, form.errors)
    data = form.cleaned_data if form.is_bound else {}
    start, end = data.get("start"), data.get("end")
    counts = None
    if start and end and can_read_dashboards(request.user):
        counts = selectors.activity_counts(start, end)
    return render(
        request,
        "registry/secretariat/meetings.html",
        {
            "form": form,
            "meetings": selectors.meetings_for(
                request.user, kind=data.get("kind") or "", start=start, end=end
            ),
            "counts": counts,
            "count_rows": _count_rows(counts) if counts else [],
            "reads_all": can_read_dashboards(request.user),
        },
    )


def _count_rows(counts):
    from ..models import MeetingKind

    return [
        (label, counts.by_kind.get(value, 0), counts.unplaced.get(value, 0))
        for value, label in MeetingKind.choices
    ]


@signed_in
@require_GET
def meeting(request, pk):
    item = selectors.meeting_for_user(request.user, pk)
    if item is None:
        raise Http404
    return render(
        request,
        "registry/secretariat/meeting.html",
        {"meeting": item, "reads_all": can_read_dashboards(request.user)},
    )


def _workplan_or_404(user, pk):
    obligation = selectors.workplan_for_user(user, pk)
    if obligation is None:
        raise Http404
    return obligation


def _budget_page(request, obligation, form, status=200):
    lines = selectors.budget_summary(
        obligation,
        obligation.budget_lines.select_related("funded_by__donor_party", "entered_by").order_by(
            "pk"
        ),
    )
    return render(
        request,
        "registry/secretariat/budget.html",
        {"obligation": obligation, "budget": lines, "form": form},
        status=status,
    )


def _line_form(obligation, *args, **kwargs):
    return BudgetLineForm(
        *args,
        obligation=obligation,
        contributions=selectors.contributions_for_centre(obligation.centre),
        **kwargs,
    )


def _line_fields(form):
    return {
        name: form.cleaned_data[name] for name in ("description", "amount", "currency", "funded_by")
    }


@signed_in
@require_http_methods(["GET", "POST"])
def budget(request, pk):
    obligation = _workplan_or_404(request.user, pk)
    if request.method == "GET":
        return _budget_page(request, obligation, _line_form(obligation))
    form = _line_form(obligation, request.POST)
    if not form.is_valid():
        return _budget_page(request, obligation, form, status=400)
    services.budget_line_create(
        obligation=obligation,
        **_line_fields(form),
        entered_by=request.user,
    )
    messages.success(request, LINE_ADDED)
    return redirect("secretariat:budget", pk=obligation.pk)


def _line_or_404(user, pk):
    line = selectors.budget_line_for_user(user, pk)
    if line is None:
        raise Http404
    return line


@signed_in
@require_http_methods(["GET", "POST"])
def budget_line(request, pk):
    line = _line_or_404(request.user, pk)
    obligation = line.obligation
    data = request.POST if request.method == "POST" else None
    form = _line_form(obligation, data, instance=line)
    if data is not None and form.is_valid():
        services.budget_line_update(line=line, **_line_fields(form))
        messages.success(request, LINE_CHANGED)
        return redirect("secretariat:budget", pk=obligation.pk)
    return render(
        request,
        "registry/secretariat/budget_line.html",
        {"obligation": obligation, "line": line, "form": form},
        status=200 if data is None else 400,
    )


@signed_in
@require_POST
def budget_line_delete(request, pk):
    line = _line_or_404(request.user, pk)
    obligation_pk = line.obligation_id
    services.budget_line_delete(line=line)
    messages.success(request, LINE_DELETED)
    return redirect("secretariat:budget", pk=obligation_pk)
