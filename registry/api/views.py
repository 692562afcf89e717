"""The API's documentation page (Swagger UI from the project's own static files), and the
answer to an address the API does not have."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .problems import NOT_FOUND, problem


@require_GET
def docs(request):
    return render(request, "registry/api/docs.html", {"schema_url": reverse("api:openapi-json")})


def not_found(request):
    return problem(404, NOT_FOUND)
