"""The floor of the load test: the cheapest page Django can serve that a real one resembles.

Signed in (a session read from PostgreSQL), it renders a 20-row table of centres from PostgreSQL
through a template with the project's context processors. Served only under the bench-only
settings (bench.loadtest_settings) at /bench/floor/, never by the production URLs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from centres.models import Centre

TEMPLATE = engines["django"].from_string(
    "<!doctype html><html lang='en'><head><title>Floor</title></head><body>"
    "<table><thead><tr><th>Centre</th><th>Acronym</th><th>Region</th></tr></thead><tbody>"
    "{% for c in centres %}<tr><td>{{ c.name }}</td><td>{{ c.acronym }}</td>"
    "<td>{{ c.region__name }}</td></tr>{% endfor %}</tbody></table></body></html>"
)


@login_required
def floor(request):
    centres = Centre.objects.order_by("pk").values("name", "acronym", "region__name")[:20]
    return HttpResponse(TEMPLATE.render({"centres": list(centres)}, request))


handler500 = "registry.views.server_error"
urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("registry.urls")),
]
