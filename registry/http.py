"""What every signed-in page shares: bad input is a 400 page with its message, never a 500."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render


class BadInput(Exception):
    """Input that deserves a 400 page with `message`, never a 500."""

    def __init__(self, message, errors=None):
        super().__init__(str(message))
        self.message = message
        self.errors = errors or {}


def signed_in(view, *, allowed=None):
    """Send anonymous users to sign in, refuse those `allowed(user)` rejects, and render `BadInput`.

    `allowed` raises (PermissionDenied, Http404) or returns; None lets every signed-in user in.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if allowed is not None:
            allowed(request.user)
        try:
            return view(request, *args, **kwargs)
        except BadInput as exc:
            return render(
                request,
                "registry/dashboard/bad_input.html",
                {"message": exc.message, "errors": exc.errors},
                status=400,
            )

    return wrapper
