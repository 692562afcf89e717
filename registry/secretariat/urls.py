from django.urls import path

from . import views

app_name = "secretariat"

urlpatterns = [
    path("mandates/", views.mandates, name="mandates"),
    path("support/", views.support, name="support"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/<int:pk>/", views.meeting, name="meeting"),
    path("workplans/<int:pk>/budget/", views.budget, name="budget"),
    path("budget-lines/<int:pk>/", views.budget_line, name="budget_line"),
    path("budget-lines/<int:pk>/delete/", views.budget_line_delete, name="budget_line_delete"),
]
