"""The site's URLs plus views that fail on purpose, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from registry.urls import urlpatterns as site_urlpatterns

handler500 = "registry.views.server_error"


def fails(request):
    raise RuntimeError("a bug")


def refuses(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("a forged request")


urlpatterns = [
    path("test-errors/fails", fails),
    path("test-errors/refuses", refuses),
    path("test-errors/suspicious", suspicious),
    *site_urlpatterns,
]
