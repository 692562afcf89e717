"""Calendar feeds (iCalendar) of the centres' deadlines, at a secret per-user URL.

Directors see their centres' deadlines, staff every centre's (or one centre's with ?centre=).
Resetting the token revokes the old URL at once.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from icalendar import Calendar, Event

from centres import params
from centres.access import centres_for_user
from submissions.models import Obligation, ObligationStatus, RequestMode
from submissions.selectors import obligation_statuses

from .models import CalendarToken, new_token

TOKEN_RESET = gettext_lazy("Your calendar address was changed; the old one no longer works.")
BAD_CENTRE = gettext_lazy("The centre must be given by its number.")
PRODID = "-//Secretariat of the Basel, Rotterdam and Stockholm conventions//Registry//EN"


def can_subscribe(user):
    """Directors (and other contacts with an account) and staff may have a feed."""
    return user.is_active and (user.is_staff or centres_for_user(user).exists())


def feed_obligations(user, centre_id=None):
    """Return the centre obligations with a due date that `user` may follow."""
    # An invitation has no due date, so it has no event.
    qs = Obligation.objects.filter(
        centre__isnull=False, request__due_date__isnull=False, request__mode=RequestMode.OBLIGATION
    )
    if not user.is_staff:
        qs = qs.filter(centre__in=centres_for_user(user))
    if centre_id is not None:
        qs = qs.filter(centre_id=centre_id)
    return qs.select_related("request__decision").order_by("request__due_date", "pk")


def build_calendar(pairs, *, host, now):
    """Return the iCalendar bytes of [(obligation, status)]: one all-day event per deadline."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Regional centres: deadlines"))
    for obligation, status in pairs:
        request = obligation.request
        due = obligation.extended_due_date or request.due_date
        title = request.title or request.get_kind_display()
        event = Event()
        event.add("uid", f"obligation-{obligation.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", due)
        # An all-day event ends the next day; the last representable day has none.
        event.add("dtend", due + dt.timedelta(days=1) if due < dt.date.max else due)
        event.add(
            "summary",
            _("%(request)s %(title)s due – %(centre)s")
            % {"request": request.label, "title": title, "centre": obligation.centre.name},
        )
        lines = [_("Status: %(status)s") % {"status": ObligationStatus(status).label}]
        if obligation.extended_due_date:
            lines.append(
                _("Extended from %(due)s.") % {"due": formats.date_format(request.due_date)}
            )
        if request.period_start and request.period_end:
            lines.append(
                _("Period: %(start)s to %(end)s.")
                % {
                    "start": formats.date_format(request.period_start),
                    "end": formats.date_format(request.period_end),
                }
            )
        event.add("description", "\n".join(lines))
        event.add("categories", [str(ObligationStatus(status).label)])
        calendar.add_component(event)
    return calendar.to_ical()


@login_required
@require_http_methods(["GET"])
def subscription(request):
    """Show the user's secret feed address (creating it on first visit)."""
    if not can_subscribe(request.user):
        raise PermissionDenied
    token, _created = CalendarToken.objects.get_or_create(user=request.user)
    url = request.build_absolute_uri(reverse("calendar:feed", args=[token.token]))
    return render(request, "registry/calendar/subscription.html", {"feed_url": url, "token": token})


@login_required
@require_POST
def reset(request):
    """Give the user a new secret address; the old one stops working."""
    if not can_subscribe(request.user):
        raise PermissionDenied
    with transaction.atomic():
        token, created = CalendarToken.objects.select_for_update().get_or_create(user=request.user)
        if not created:
            token.token = new_token()
            token.created_at = timezone.now()
            token.save(update_fields=["token", "created_at"])
    messages.success(request, TOKEN_RESET)
    return redirect("calendar:subscription")


@require_GET
def feed(request, token):
    """Serve the feed, authenticated by its secret token only, so that calendar apps can read it."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not can_subscribe(found.user):
        raise Http404
    try:
        centre_id = params.parse_id(request.GET.get("centre"), message=BAD_CENTRE)
    except params.BadParameter as exc:
        return HttpResponseBadRequest(str(exc))
    now = timezone.now()
    pairs = obligation_statuses(now, feed_obligations(found.user, centre_id))
    body = build_calendar(pairs, host=request.get_host().split(":")[0], now=now)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
