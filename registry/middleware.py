"""Request checks and response headers that Django's own middleware does not provide."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

NUL_IN_REQUEST = gettext_lazy("The address contains a character that is not allowed (a NUL byte).")


class RejectNulMiddleware:
    """Answer 400 to a request whose path or query string holds a NUL byte.

    PostgreSQL cannot store or compare text holding NUL: such a value reaching any text lookup
    would fail with a DataError (a 500). Forms already refuse NUL in their fields; this covers the
    path and the query parameters for every view at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            if request.path.startswith("/api/"):
                from registry.api.problems import problem

                return problem(400, NUL_IN_REQUEST)  # the API's own form of errors
            return HttpResponseBadRequest(
                str(NUL_IN_REQUEST), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


def permissions_policy(features):
    """Return the Permissions-Policy value that refuses every feature in `features`."""
    return ", ".join(f"{feature}=()" for feature in features)


class PermissionsPolicyMiddleware:
    """Send Permissions-Policy, refusing the REGISTRY_PERMISSIONS_POLICY features to every origin.

    A view that sets the header itself keeps its own value.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(settings.REGISTRY_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response


def in_admin(request):
    return request.path.startswith(reverse("admin:index"))


class AdminTimeZoneMiddleware:
    """Show and read every date-time of the admin in the Secretariat's time zone.

    Staff work in Geneva time (due dates are read there); the admin would otherwise show UTC.
    Template responses are rendered inside the handler, so within the override.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.zone = ZoneInfo(settings.REGISTRY_TIME_ZONE)

    def __call__(self, request):
        if not in_admin(request):
            return self.get_response(request)
        with timezone.override(self.zone):
            return self.get_response(request)
