"""A centre's gap analysis and action plan in the portal: read by its contacts, the Bureau and
staff; its actions updated (state and evidence) by the contacts of the centre that owns them.

Another centre's plan or action is a 404 for a director, never a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from centres.access import can_read_dashboards, centres_for_user
from centres.models import Centre

from .. import action_plans
from ..models import Action, ActionOwner
from .forms import ActionUpdateForm

ACTION_UPDATED = _('The action "%(title)s" was updated.')


def _readable_centre(user, pk):
    """Return centre `pk` if `user` may read its plan: staff and the Bureau all, contacts theirs."""
    if user.is_staff or can_read_dashboards(user):
        return get_object_or_404(Centre, pk=pk)
    return get_object_or_404(centres_for_user(user), pk=pk)


def _may_update(user, action, own_centres):
    return user.is_staff or (
        action.owner == ActionOwner.CENTRE and action.gap.centre_id in own_centres
    )


def _plan_page(request, centre, *, forms=None, status=200):
    now = timezone.now()
    own = set(centres_for_user(request.user).values_list("pk", flat=True))
    forms = forms or {}
    plan = []
    for gap, actions in action_plans.action_plan_of(centre, now):
        rows = []
        for action, action_status in actions:
            form = None
            if _may_update(request.user, action, own):
                form = forms.get(action.pk) or ActionUpdateForm(
                    initial={
                        "state": action.state,
                        "evidence": action.evidence,
                        "evidence_link": action.evidence_link,
                    },
                    prefix=f"action-{action.pk}",
                )
            rows.append({"action": action, "status": action_status, "form": form})
        plan.append({"gap": gap, "actions": rows})
    context = {
        "centre": centre,
        "plan": plan,
        "counts": action_plans.centre_action_counts(centre, now),
    }
    return render(request, "submissions/action_plan.html", context, status=status)


@login_required
@require_GET
def action_plan(request, pk):
    return _plan_page(request, _readable_centre(request.user, pk))


@login_required
@require_POST
def action_update(request, pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("gap__centre"), pk=pk
    )
    own = set(centres_for_user(request.user).values_list("pk", flat=True))
    if not _may_update(request.user, action, own):
        if action.gap.centre_id in own:
            raise PermissionDenied(action_plans.NOT_THE_CENTRES)
        raise Http404
    form = ActionUpdateForm(request.POST, prefix=f"action-{action.pk}")
    if form.is_valid():
        try:
            action_plans.action_update(
                action=action,
                state=form.cleaned_data["state"],
                evidence=form.cleaned_data["evidence"],
                evidence_link=form.cleaned_data["evidence_link"],
                updated_by=request.user,
            )
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, ACTION_UPDATED % {"title": action.title})
            return redirect("portal:action_plan", pk=action.gap.centre_id)
    return _plan_page(request, action.gap.centre, forms={action.pk: form}, status=400)
