"""Portal pages of a centre (its profile) and the invitation link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from . import invitations
from .access import centres_for_user
from .forms import CentreWebsiteForm, ContactFormSet, InvitationAcceptForm
from .models import Centre, Contact

PROFILE_SAVED = gettext_lazy("The centre's details were saved.")
PROFILE_CONFLICT = gettext_lazy(
    "These contacts clash with the centre's records (one director, distinct emails)."
)
HISTORY_LIMIT = 50
CENTRE_FIELDS = ("website",)
CONTACT_FIELDS = ("name", "role", "email", "preferred_language", "is_public")


def _get_centre_for_user(user, pk):
    """Return the centre `pk` if `user` may see it (a contact of it, or staff), else 404."""
    centres = Centre.objects.all() if user.is_staff else centres_for_user(user)
    return get_object_or_404(centres, pk=pk)


def _can_edit(user, centre):
    if user.is_staff:
        return True
    return Contact.objects.filter(centre=centre, user=user, role=Contact.Role.DIRECTOR).exists()


def profile_history(centre):
    """Return the latest changes to the centre's website and contacts, newest first."""
    rows = list(centre.history.select_related("history_user").order_by("history_date")) + list(
        Contact.history.filter(centre_id=centre.pk)
        .select_related("history_user")
        .order_by("history_date")
    )
    rows.sort(key=lambda r: (r.history_date, r.history_id))
    previous, changes = {}, []
    for row in rows:
        is_centre = row.__class__.__name__ == "HistoricalCentre"
        fields = CENTRE_FIELDS if is_centre else CONTACT_FIELDS
        key = ("centre" if is_centre else "contact", row.id)
        before = previous.get(key)
        changed = [f for f in fields if before is None or getattr(before, f) != getattr(row, f)]
        previous[key] = row
        if row.history_type == "~" and not changed:
            continue
        changes.append(
            {
                "when": row.history_date,
                "who": row.history_user,
                "kind": row.history_type,
                "what": _("Centre") if is_centre else row.name,
                "fields": []
                if row.history_type == "-"
                else [
                    (
                        row._meta.get_field(f).verbose_name,
                        getattr(row, f"get_{f}_display", None)
                        and getattr(row, f"get_{f}_display")()
                        or getattr(row, f),
                    )
                    for f in changed
                ],
            }
        )
    changes.reverse()
    return changes[:HISTORY_LIMIT]


@login_required
@require_http_methods(["GET", "POST"])
def centre_profile(request, pk):
    centre = _get_centre_for_user(request.user, pk)
    can_edit = _can_edit(request.user, centre)
    data = request.POST if request.method == "POST" and can_edit else None
    form = CentreWebsiteForm(data, instance=centre, prefix="centre")
    formset = ContactFormSet(data, instance=centre, prefix="contacts", user=request.user)
    if data is not None and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                form.save()
                formset.save()
        except IntegrityError:
            messages.error(request, PROFILE_CONFLICT)
        else:
            messages.success(request, PROFILE_SAVED)
            return redirect("centres:profile", pk=centre.pk)
    elif request.method == "POST" and not can_edit:
        raise Http404
    return render(
        request,
        "centres/profile.html",
        {
            "centre": centre,
            "form": form,
            "formset": formset,
            "can_edit": can_edit,
            "history": profile_history(centre),
        },
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    try:
        invitation = invitations.invitation_for_token(token)
    except ValidationError as exc:
        return render(
            request,
            "centres/invitation_invalid.html",
            {"message": exc.messages[0]},
            status=410 if exc.code != "invalid" else 404,
        )
    existing = invitations.existing_user_for(invitation)
    if existing is not None:
        form = None
        if request.method == "POST":
            invitations.invitation_accept(token=token)
            messages.success(
                request,
                _("Your account is now linked to %(centre)s. Sign in.")
                % {"centre": invitation.invited_as},
            )
            return redirect(reverse("account_login"))
    else:
        email = invitation.invitee.email
        form = InvitationAcceptForm(
            request.POST or None, email=email, initial={"username": email.split("@")[0]}
        )
        if request.method == "POST" and form.is_valid():
            try:
                invitations.invitation_accept(
                    token=token,
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password1"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your password is set. Sign in to continue."))
                return redirect(reverse("account_login"))
    return render(
        request,
        "centres/invitation_accept.html",
        {"invitation": invitation, "form": form, "existing": existing},
    )


def language_set(request):
    """Django's `set_language`, which also keeps a signed-in user's choice on their account
    (applied at their next sign-in and to their emails)."""
    from django.views.i18n import set_language

    from .languages import account_language_set

    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        account_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
