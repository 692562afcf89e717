"""Response headers that Django's own middleware does not send."""

from django.conf import settings


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
