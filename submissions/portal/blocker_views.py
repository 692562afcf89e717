""" "What blocks you": the short form an overdue obligation's reminder links to, for the
centre's contacts; and the staff's one step from a report to an action of the centre's plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from centres.access import centres_for_user

from .. import blockers
from ..models import Blocker
from . import selectors
from .forms import BlockerForm
from .views import staff_required

REPORTED = _("Thank you: the Secretariat has your answer.")
REPORTED_WITH_EXTENSION = _(
    "Thank you: the Secretariat has your answer and your request for an extension to %(date)s."
)
ACTION_STARTED = _('An action of the centre\'s action plan was started: "%(title)s".')


@login_required
@require_http_methods(["GET", "POST"])
def blocker_report(request, pk):
    obligation = selectors.obligation_for_user(request.user, pk)
    if not centres_for_user(request.user).filter(pk=obligation.centre_id).exists():
        raise Http404
    form = BlockerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                blocker = blockers.blocker_report(
                    obligation=obligation,
                    reason=data["reason"],
                    details=data["details"],
                    proposed_date=data["proposed_date"],
                    ask_extension=data["ask_extension"],
                    reported_by=request.user,
                )
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                if blocker.extension_id:
                    proposed = formats.date_format(blocker.proposed_date)
                    done = REPORTED_WITH_EXTENSION % {"date": proposed}
                else:
                    done = REPORTED
                messages.success(request, done)
                return redirect("portal:obligation", pk=obligation.pk)
    context = {
        "obligation": obligation,
        "form": form,
        "reports": list(obligation.blockers.select_related("reported_by")),
        "now": timezone.now(),
    }
    return render(request, "submissions/blocker.html", context, status=status)


@staff_required
@require_POST
def blocker_start_action(request, pk):
    blocker = get_object_or_404(Blocker, pk=pk)
    try:
        action = blockers.blocker_start_action(blocker=blocker, started_by=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, ACTION_STARTED % {"title": action.title})
    return redirect("portal:review_queue")
