"""Pages: cycles, the staff scoring page, the centre's view of its draft, activities."""

import datetime as dt
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from centres import params
from centres.access import centres_for_user, is_bureau_member
from submissions.models import SubmissionVersion, secretariat_tz

from . import exports, selectors, services
from .forms import ActivityForm, CommentForm, CycleStatusForm, ScoringForm
from .models import CycleStatus

NOT_STAFF = gettext_lazy("Only the Secretariat can do this.")


def _require_staff(user):
    if not user.is_staff:
        raise PermissionDenied(NOT_STAFF)


def _get_cycle_for_user(user, pk):
    """Return the cycle `user` may read, else 404 (bureau members see published ones only)."""
    return get_object_or_404(selectors.cycles_for_user(user), pk=pk)


def _get_activity_for_user(user, pk):
    return get_object_or_404(selectors.activities_for_user(user), pk=pk)


def _bad_request(request, message):
    """Answer 400 with `message` on a page (escaped: a form's message may quote the input)."""
    return render(request, "evaluations/bad_request.html", {"message": message}, status=400)


def _message(error):
    return " ".join(error.messages) if isinstance(error, ValidationError) else str(error)


@login_required
def cycle_list(request):
    cycles = list(selectors.cycles_for_user(request.user).order_by("-year"))
    if not cycles and not (request.user.is_staff or is_bureau_member(request.user)):
        raise Http404(_("No evaluation to show."))
    methodologies = []
    if request.user.is_staff:
        methodologies = list(selectors.methodology_grid().order_by("name", "version"))
    locked = {c.methodology_id for c in cycles if c.status != CycleStatus.OPEN}
    return render(
        request,
        "evaluations/cycle_list.html",
        {
            "cycles": cycles,
            "methodologies": methodologies,
            "locked": locked,
        },
    )


@login_required
def cycle_detail(request, pk):
    cycle = _get_cycle_for_user(request.user, pk)
    table = selectors.cycle_table(cycle, viewer=request.user)
    return render(
        request,
        "evaluations/cycle_detail.html",
        {
            "cycle": cycle,
            "table": table,
            "problems": table.methodology.problems(),
            "next_statuses": sorted(services.TRANSITIONS[CycleStatus(cycle.status)]),
            "status_labels": dict(CycleStatus.choices),
            "publish_form": CycleStatusForm(),
        },
    )


@login_required
def cycle_export(request, pk, fmt):
    cycle = _get_cycle_for_user(request.user, pk)
    if fmt == "xlsx":
        content = exports.cycle_xlsx(cycle, viewer=request.user)
        content_type = exports.XLSX_TYPE
    else:
        content = exports.cycle_docx(cycle, viewer=request.user)
        content_type = exports.DOCX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-{cycle.convention.lower()}-{cycle.year}.{fmt}"'
    )
    return response


@require_POST
@login_required
def cycle_populate(request, pk):
    _require_staff(request.user)
    cycle = _get_cycle_for_user(request.user, pk)
    try:
        created = services.cycle_populate(cycle=cycle)
    except ValidationError as error:
        return _bad_request(request, _message(error))
    messages.success(request, _("%(n)s evaluations started.") % {"n": created})
    return redirect(cycle)


@require_POST
@login_required
def cycle_status(request, pk):
    _require_staff(request.user)
    cycle = _get_cycle_for_user(request.user, pk)
    form = CycleStatusForm(request.POST)
    if not form.is_valid():
        return _bad_request(request, _("Unknown status."))
    status = form.cleaned_data["status"]
    try:
        services.cycle_set_status(
            cycle=cycle,
            status=status,
            acknowledge_incomplete=form.cleaned_data["acknowledge_incomplete"],
            by=request.user,
        )
    except ValidationError as error:
        return _bad_request(request, _message(error))
    messages.success(
        request, _("The cycle is now %(status)s.") % {"status": CycleStatus(status).label.lower()}
    )
    return redirect(cycle)


def _scoring_form(evaluation, criteria, data=None, context=None):
    initial = (
        {}
        if context is None
        else {
            "outcome": evaluation.outcome,
            "evaluator_comments": evaluation.evaluator_comments,
            "open_for_comments": evaluation.open_for_comments,
        }
    )
    if context is not None:
        for part_id, score in context["scores"].items():
            initial[f"part_{part_id}"] = str(score.level_id)
        for criterion_id, versions in context["evidence"].items():
            initial[f"evidence_{criterion_id}"] = [str(v.pk) for v in versions]
    versions = context["versions"] if context else selectors.centre_versions(evaluation.centre)
    return ScoringForm(data, initial=initial, criteria=criteria, versions=versions)


def _live_total(form):
    levels = form.chosen_levels()
    return sum(level.points for level in levels.values() if level is not None)


def _percentage(total, maximum):
    return round(100 * total / maximum, 1) if maximum else None


@require_http_methods(["GET", "POST"])
@login_required
def score(request, pk):
    _require_staff(request.user)
    evaluation = get_object_or_404(selectors.evaluations_for_staff(), pk=pk)
    context = selectors.scoring_context(evaluation)
    editable = evaluation.cycle.is_open
    if request.method == "POST":
        if not editable:
            return _bad_request(request, str(services.CYCLE_NOT_OPEN))
        form = _scoring_form(evaluation, context["criteria"], request.POST, context)
        if form.is_valid():
            try:
                services.evaluation_score(
                    evaluation=evaluation,
                    levels=form.chosen_levels(),
                    outcome=form.cleaned_data["outcome"],
                    evaluator_comments=form.cleaned_data["evaluator_comments"],
                    open_for_comments=form.cleaned_data["open_for_comments"],
                    evidence=form.chosen_evidence(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The evaluation of %(centre)s is saved.") % {"centre": evaluation.centre},
                )
                return redirect("evaluations:score", pk=evaluation.pk)
        status = 400
    else:
        form = _scoring_form(evaluation, context["criteria"], context=context)
        status = 200
    total = _live_total(form) if form.is_bound and form.is_valid() else evaluation.total
    return render(
        request,
        "evaluations/score.html",
        {
            **context,
            "evaluation": evaluation,
            "form": form,
            "editable": editable,
            "total": total,
            "percentage": _percentage(total, evaluation.max_total),
            "problems": context["methodology"].problems(),
            "sections": form.sections(context["suggestions"]),
        },
        status=status,
    )


@require_POST
@login_required
def score_total(request, pk):
    """Return the total of the levels chosen so far (htmx), computed here, never in the page."""
    _require_staff(request.user)
    evaluation = get_object_or_404(selectors.evaluations_for_staff(), pk=pk)
    methodology = selectors.methodology_grid().get(pk=evaluation.cycle.methodology_id)
    form = _scoring_form(evaluation, list(methodology.criteria.all()), request.POST)
    if not form.is_valid():
        errors = [e for field in form.errors.values() for e in field]
        return _bad_request(request, " ".join(str(e) for e in errors))
    total = _live_total(form)
    return render(
        request,
        "evaluations/_total.html",
        {
            "total": total,
            "percentage": _percentage(total, evaluation.max_total),
            "evaluation": evaluation,
        },
    )


@login_required
def my_evaluations(request):
    evaluations = list(selectors.evaluations_for_director(request.user))
    return render(request, "evaluations/my_evaluations.html", {"evaluations": evaluations})


@require_http_methods(["GET", "POST"])
@login_required
def my_evaluation(request, pk):
    """The centre's director reads its draft evaluation (once opened for comments) and comments."""
    evaluation = get_object_or_404(selectors.evaluations_for_director(request.user), pk=pk)
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.comment_create(
                    evaluation=evaluation, author=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your comment was sent to the Secretariat."))
                return redirect("evaluations:my_evaluation", pk=evaluation.pk)
        status = 400
    context = selectors.scoring_context(evaluation)
    return render(
        request,
        "evaluations/my_evaluation.html",
        {
            **context,
            "evaluation": evaluation,
            "form": form,
            "can_comment": evaluation.cycle.is_open,
        },
        status=status,
    )


def _activity_form(request, instance=None):
    centres = (
        selectors.all_centres()
        if request.user.is_staff
        else centres_for_user(request.user).order_by("name")
    )
    versions = (
        SubmissionVersion.objects.filter(
            submission__obligation__centre__in=centres,
            submission__obligation__request__kind="activity_report",
        )
        .select_related("submission__obligation__request__decision")
        .order_by("-received_at")
    )
    return ActivityForm(request.POST or None, instance=instance, centres=centres, versions=versions)


@login_required
def activity_list(request):
    user = request.user
    if not user.is_staff and not centres_for_user(user).exists():
        raise Http404(_("No centre of yours to report activities for."))
    activities = selectors.activities_for_user(user).order_by("centre__name", "-start_date", "pk")
    try:
        centre = params.parse_id(request.GET.get("centre"), message=params.BAD_CENTRE)
    except params.BadParameter as error:
        return _bad_request(request, str(error))
    if centre is not None:
        activities = activities.filter(centre_id=centre)
    return render(request, "evaluations/activity_list.html", {"activities": list(activities)})


@require_http_methods(["GET", "POST"])
@login_required
def activity_create(request):
    if not request.user.is_staff and not centres_for_user(request.user).exists():
        raise Http404(_("No centre of yours to report activities for."))
    return _activity_edit(request, None)


@require_http_methods(["GET", "POST"])
@login_required
def activity_edit(request, pk):
    return _activity_edit(request, _get_activity_for_user(request.user, pk))


def _activity_edit(request, activity):
    form = _activity_form(request, activity)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.activity_save(
                    activity=form.save(commit=False),
                    countries=form.cleaned_data["countries_benefited"],
                    entered_by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Activity “%(title)s” saved.") % {"title": saved})
                return redirect("evaluations:activity_list")
        status = 400
    return render(
        request,
        "evaluations/activity_form.html",
        {"form": form, "activity": activity},
        status=status,
    )


@require_POST
@login_required
def activity_delete(request, pk):
    activity = _get_activity_for_user(request.user, pk)
    services.activity_delete(activity=activity)
    messages.success(request, _("Activity “%(title)s” deleted.") % {"title": activity})
    return redirect("evaluations:activity_list")


def _mercury_period(request):
    today = timezone.localdate(timezone=secretariat_tz())
    default = (dt.date(today.year - 2, 1, 1), dt.date(today.year - 1, 12, 31))
    return selectors.parse_period(request.GET.get("start"), request.GET.get("end"), default)


def _mercury_page(view):
    """Staff only; the period of the query string (a 400 page when unreadable) as `start`, `end`."""

    @login_required
    @functools.wraps(view)
    def wrapper(request):
        _require_staff(request.user)
        try:
            start, end = _mercury_period(request)
        except ValueError as error:
            return _bad_request(request, str(error))
        return view(request, start, end)

    return wrapper


@_mercury_page
def mercury_list(request, start, end):
    activities = list(selectors.mercury_activities(start, end))
    return render(
        request,
        "evaluations/mercury_list.html",
        {
            "activities": activities,
            "start": start,
            "end": end,
            "centres": len({a.centre_id for a in activities}),
        },
    )


@_mercury_page
def mercury_export(request, start, end):
    content = exports.mercury_xlsx(selectors.mercury_activities(start, end), start, end)
    response = HttpResponse(content, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="mercury-activities-{start}-{end}.xlsx"'
    )
    return response
