"""The account page of personal API tokens: create (the secret shown once), list, revoke."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services

TOKEN_REVOKED = _("The token was revoked: it no longer works.")
DEFAULT_DAYS = 90


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What the token is for."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"] = forms.IntegerField(
            label=_("Valid for (days)"),
            min_value=1,
            max_value=settings.REGISTRY_API_TOKEN_MAX_DAYS,
            initial=DEFAULT_DAYS,
        )


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """List the user's tokens; a valid POST creates one and shows its secret this once."""
    form = ApiTokenForm(request.POST or None)
    secret = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, secret = services.api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
                now=timezone.now(),
            )
            form = ApiTokenForm()
        else:
            status = 400
    context = {
        "form": form,
        "secret": secret,
        "tokens": request.user.api_tokens.all(),
        "now": timezone.now(),
    }
    response = render(request, "registry/api/tokens.html", context, status=status)
    response["Cache-Control"] = "no-store"  # the page may hold a secret
    return response


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(request.user.api_tokens, pk=pk)
    services.api_token_revoke(token=token, now=timezone.now())
    messages.success(request, TOKEN_REVOKED)
    return redirect("api_tokens")
