from django.urls import path

from . import views

app_name = "centres"

urlpatterns = [
    path("<int:pk>/", views.centre_profile, name="profile"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
