from django.urls import path

from . import views
from .main import api

urlpatterns = [
    path("docs", views.docs, name="api_docs"),
    path("", api.urls),
]
