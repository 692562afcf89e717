from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from centres.access import can_read_dashboards

from .middleware import in_admin


def navigation(request):
    """Flags that decide which doors the navigation bar shows."""
    # An error page answering a request refused before authentication (e.g. an unknown Host
    # header: a 400) has no user: it gets no door.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "nav_dashboards": can_read_dashboards(user),
        "nav_portal": user.is_authenticated and user.contacts.exists(),
        "nav_admin": user.is_authenticated and user.is_staff,
        # The admin's pages name the zone their date-times are in (AdminTimeZoneMiddleware).
        "registry_time_zone": settings.REGISTRY_TIME_ZONE if in_admin(request) else None,
    }
