from django.urls import path, re_path

from . import views
from .main import api

urlpatterns = [
    path("docs", views.docs, name="api_docs"),
    path("", api.urls),
    # Any other address under the API is a problem detail too, not the site's HTML page.
    re_path(r"^", views.not_found),
]
