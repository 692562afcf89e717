"""The API's documentation page: Swagger UI from the project's own static files."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET


@require_GET
def docs(request):
    return render(request, "registry/api/docs.html", {"schema_url": reverse("api:openapi-json")})
