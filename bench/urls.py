"""The registry's URLs plus the floor page of the benchmarks (bench/settings.py only)."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_GET

from centres.models import Centre
from registry.urls import handler500
from registry.urls import urlpatterns as registry_urlpatterns

FLOOR = engines["django"].from_string(
    """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Floor</title></head>
<body><p>{{ user.username }}</p><table>
<thead><tr><th>Centre</th><th>City</th><th>Region</th></tr></thead><tbody>
{% for c in centres %}
<tr><td>{{ c.name }}</td><td>{{ c.city }}</td><td>{{ c.region.name }}</td></tr>
{% endfor %}</tbody></table></body></html>"""
)


@transaction.non_atomic_requests
@require_GET
@login_required
def floor(request):
    """The framework's floor: a signed-in page rendering a 20-row table from the database."""
    centres = Centre.objects.select_related("region").order_by("pk")[:20]
    return HttpResponse(FLOOR.render({"centres": centres}, request))


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *registry_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
