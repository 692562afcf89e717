"""The directors' portal (/portal/) and the Secretariat's review pages (/portal/staff/).

Every view starts from an access helper in `selectors` that scopes rows to the user, so that
another centre's obligation, version or file is a 404 whatever the URL.
"""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import caches
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centres.access import (
    can_read_dashboards,
    centres_for_user,
    is_addressee_contact,
    parties_for_user,
)
from datastamp import single_flight
from datastamp.stamp import stamp_token

from .. import review, services, uploads
from ..downloads import stored_file_response
from ..models import Extension, ReviewStatus, SubmissionVersion
from ..selectors import next_change_after
from ..status import local_date
from . import selectors
from .forms import (
    ExtensionDecisionForm,
    ExtensionRequestForm,
    RecordVersionForm,
    ReviewForm,
    UploadForm,
    WaiveForm,
)

TZ_COOKIE = "registry_tz"
NOT_A_CONTACT = _("This portal is for the contacts of regional centres and of Parties.")
UPLOADED = _("Version %(number)s was received. Your receipt is below; it was also emailed.")
EXTENSION_SENT = _("Your request was sent to the Secretariat. You will be emailed its decision.")
REVIEWED_ACCEPTED = _("Version %(number)s of %(obligation)s was accepted.")
REVIEWED_RETURNED = _("Version %(number)s of %(obligation)s was returned with your comments.")
EXTENSION_GRANTED = _("The extension to %(date)s was granted.")
EXTENSION_REFUSED = _("The extension was refused.")
WAIVED_DONE = _("The obligation was waived.")
RECORDED = _("Version %(number)s was recorded.")
BAD_CENTRE = _("Unknown centre: give the centre by its number. Every centre is shown.")


def staff_required(view):
    """Staff only: anonymous users go to sign in, others get 403 (before any lookup)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def user_time_zone(request):
    return review.valid_time_zone(request.COOKIES.get(TZ_COOKIE, ""))


def _is_contact_of(user, obligation):
    return is_addressee_contact(user, obligation)


@login_required
@require_GET
def home(request):
    if request.user.is_staff:
        return redirect("portal:review_queue")
    centres = list(centres_for_user(request.user))
    parties = list(parties_for_user(request.user))
    if not centres and not parties:
        if can_read_dashboards(request.user):  # Bureau members land on the dashboards
            try:
                return redirect("dashboard:overview")
            except NoReverseMatch:
                pass
        raise PermissionDenied(NOT_A_CONTACT)
    rows_html = _home_rows_html(request, len(centres) + len(parties), timezone.now())
    return render(
        request,
        "submissions/portal_home.html",
        {"rows_html": rows_html, "centres": centres, "parties": parties},
    )


HOME_ROWS_TEMPLATE = "submissions/_portal_home_rows.html"


def _home_rows_html(request, addressees, now):
    """The home page's list of obligations as HTML, cached for the user under the data stamp.

    The list changes when the records do (any write changes the stamp), when the Geneva day
    changes (statuses and days left are phrased on Geneva days), or when the clock passes a
    timestamp recorded ahead of the time it was rendered (`next_change_after`), which is kept
    beside it. The key holds the language and the time zone the dates are shown in.
    """
    user = request.user
    key = ":".join(
        [
            "portal-home",
            str(user.pk),
            stamp_token(),
            local_date(now).isoformat(),
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
        ]
    )

    def render_rows():
        rows = selectors.portal_home_rows(user, now)
        # Without the request: the rows use nothing of it, and with it the context processors
        # would run (and query) a second time for the page.
        html = render_to_string(HOME_ROWS_TEMPLATE, {"rows": rows, "addressees": addressees})
        return (html, next_change_after(now))

    html, _until = single_flight.get_or_compute(
        caches[settings.DASHBOARD_CACHE_ALIAS],
        key,
        render_rows,
        timeout=settings.DASHBOARD_CACHE_SECONDS,
        usable=lambda entry: entry[1] is None or now < entry[1],
    )
    return html


def _obligation_page(
    request,
    obligation,
    *,
    upload_form=None,
    extension_form=None,
    record_form=None,
    waive_form=None,
    status=200,
):
    now = timezone.now()
    summary = selectors.obligation_summary(obligation, now)
    versions = sorted(selectors.versions_of(obligation), key=lambda v: -v.number)
    is_contact = _is_contact_of(request.user, obligation)
    can_upload = is_contact and obligation.waived_at is None
    context = {
        "obligation": obligation,
        "summary": summary,
        "versions": versions,
        "extensions": list(obligation.extensions.all()),
        "blockers": list(obligation.blockers.all()),
        "is_contact": is_contact,
        "can_upload": can_upload,
        "upload_form": upload_form or (UploadForm() if can_upload else None),
        "extension_form": extension_form
        or (
            ExtensionRequestForm()
            if can_upload
            and summary["open_extension"] is None
            and summary["latest"] is None
            and summary["due"]
            else None
        ),
        "is_staff": request.user.is_staff,
        "geneva_tz": settings.REGISTRY_TIME_ZONE,
    }
    if request.user.is_staff:
        # One form per pending version and per open request, each with its own element ids.
        for version in versions:
            version.review_form = ReviewForm(
                auto_id=f"id_v{version.pk}_%s", flagged=bool(version.upload_flags)
            )
        for extension in context["extensions"]:
            extension.decision_form = ExtensionDecisionForm(auto_id=f"id_e{extension.pk}_%s")
        context.update(
            record_form=record_form or RecordVersionForm(),
            waive_form=waive_form or (WaiveForm() if obligation.waived_at is None else None),
        )
    return render(request, "submissions/obligation.html", context, status=status)


def limit_upload_size(view):
    """Stop receiving oversized files early (CSRF is checked after the handler is in place)."""
    protected = csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, uploads.SizeLimitUploadHandler(request))
        return protected(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def _form_with_upload_errors(request, form):
    """Bind-time errors: files refused while they were being received."""
    errors = uploads.streamed_too_large_errors(request)
    if errors:
        form.errors.pop("files", None)  # "choose a file" would mislead: it was too large
        for error in errors:
            form.add_error("files", error)
    return form


@login_required
@require_http_methods(["GET", "POST"])
@limit_upload_size
def obligation_detail(request, pk):
    if request.method == "GET":
        return _obligation_page(request, selectors.obligation_for_user(request.user, pk))
    # An upload reads none of the page's versions; a refused one reloads the page below.
    obligation = selectors.obligation_to_write(request.user, pk)
    if not _is_contact_of(request.user, obligation):
        raise Http404
    form = _form_with_upload_errors(request, UploadForm(request.POST, request.FILES))
    if form.is_valid():
        user_tz = review.valid_time_zone(form.cleaned_data["tz"]) or user_time_zone(request)
        try:
            version = services.version_upload(
                obligation=obligation,
                files=form.cleaned_data["files"],
                uploaded_by=request.user,
                user_tz=user_tz,
            )
        except services.IdenticalUpload as exc:
            # The receipt of the version already recorded, with every time line it had: the
            # reader's own zone too, which only this form may have told.
            messages.info(request, exc.messages[0])
            return _to_receipt(request, exc.version, user_tz)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, UPLOADED % {"number": version.number})
            return _to_receipt(request, version, user_tz)
    return _obligation_refused(request, obligation, upload_form=form)


def _to_receipt(request, version, user_tz):
    response = redirect("portal:receipt", pk=version.pk)
    if user_tz:
        response.set_cookie(
            TZ_COOKIE,
            user_tz,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


@login_required
@require_POST
def extension_request(request, pk):
    obligation = selectors.obligation_for_user(request.user, pk)
    if not _is_contact_of(request.user, obligation):
        raise Http404

    def send(data):
        services.extension_request(
            obligation=obligation,
            new_due_date=data["new_due_date"],
            reason=data["reason"],
            requested_by=request.user,
        )
        return EXTENSION_SENT

    form = ExtensionRequestForm(request.POST, obligation=obligation)
    return _obligation_action(request, obligation, form, "extension_form", act=send)


@login_required
@require_GET
def receipt(request, pk):
    version = selectors.version_for_user(request.user, pk)
    context = review.receipt_context(version, user_time_zone(request))
    return render(request, "submissions/receipt.html", context)


@login_required
@require_GET
def download(request, pk):
    stored = selectors.file_for_user(request.user, pk)
    accepted = stored.version.review_status == ReviewStatus.ACCEPTED
    response = stored_file_response(stored, inline_pdf=accepted)
    response["Cache-Control"] = "no-store"
    return response


# --- the Secretariat -----------------------------------------------------------------------


@staff_required
@require_POST
def version_review(request, pk):
    version = get_object_or_404(
        SubmissionVersion.objects.select_related(
            "submission__obligation__request__decision", "submission__obligation__centre"
        ),
        pk=pk,
    )
    obligation = version.submission.obligation

    def review(data):
        accept = data["decision"] == "accept"
        services.version_review(
            version=version,
            reviewer=request.user,
            accept=accept,
            comments=data["comments"],
            flags_seen=data.get("flags_seen", False),
        )
        message = REVIEWED_ACCEPTED if accept else REVIEWED_RETURNED
        return message % {"number": version.number, "obligation": obligation}

    return _staff_decision(
        request,
        ReviewForm(request.POST),
        decide=review,
        back=_obligation_url(obligation, anchor=f"v{version.number}"),
    )


@staff_required
@require_POST
def extension_decide(request, pk):
    extension = get_object_or_404(Extension.objects.select_related("obligation"), pk=pk)

    def decide(data):
        grant = data["decision"] == "grant"
        services.extension_decide(
            extension=extension,
            decided_by=request.user,
            grant=grant,
            response=data["response"],
        )
        if not grant:
            return EXTENSION_REFUSED
        return EXTENSION_GRANTED % {"date": formats.date_format(extension.new_due_date)}

    return _staff_decision(
        request,
        ExtensionDecisionForm(request.POST),
        decide=decide,
        back=_obligation_url(extension.obligation),
    )


def _staff_decision(request, form, *, decide, back):
    """Apply a staff decision: `decide(cleaned_data)` calls the service and returns the message
    to show; a refusal, by the form or the service, is shown and leads `back`."""
    if form.is_valid():
        try:
            done = decide(form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, done)
            return redirect(_next_or(request, "portal:review_queue"))
    else:
        messages.error(request, "; ".join(m for errs in form.errors.values() for m in errs))
    return redirect(back)


@staff_required
@require_POST
def obligation_waive(request, pk):
    obligation = selectors.obligation_for_user(request.user, pk)

    def waive(data):
        services.obligation_waive(
            obligation=obligation, waived_by=request.user, reason=data["reason"]
        )
        return WAIVED_DONE

    return _obligation_action(request, obligation, WaiveForm(request.POST), "waive_form", act=waive)


@staff_required
@require_POST
@limit_upload_size
def version_record(request, pk):
    obligation = selectors.obligation_for_user(request.user, pk)
    form = _form_with_upload_errors(
        request, RecordVersionForm(request.POST, request.FILES, obligation=obligation)
    )

    def record(data):
        version = services.version_record(
            obligation=obligation,
            files=data["files"],
            received_at=data["received_at"],
            received_through=data["received_through"],
            recorded_by=request.user,
            note=data["note"],
        )
        return RECORDED % {"number": version.number}

    return _obligation_action(request, obligation, form, "record_form", act=record)


def _obligation_action(request, obligation, form, form_name, *, act):
    """Apply an action on `obligation`: `act(cleaned_data)` calls the service and returns the
    message to show. A refusal, by the form or the service, shows the page again with the form
    as `form_name` (`_obligation_refused`)."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, done)
            return redirect("portal:obligation", pk=obligation.pk)
    return _obligation_refused(request, obligation, **{form_name: form})


def _obligation_refused(request, obligation, **forms):
    """Show the obligation page again (400) with the refused form among `forms`, the obligation
    read again as it is now (e.g. just waived)."""
    obligation = selectors.obligation_for_user(request.user, obligation.pk)
    return _obligation_page(request, obligation, status=400, **forms)


def _obligation_url(obligation, anchor=""):
    url = reverse("portal:obligation", args=[obligation.pk])
    return f"{url}#{anchor}" if anchor else url


def _next_or(request, name):
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse(name)
