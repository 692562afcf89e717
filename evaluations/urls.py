from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/<int:pk>/", views.cycle_detail, name="cycle_detail"),
    path(
        "cycles/<int:pk>/export.xlsx", views.cycle_export, {"fmt": "xlsx"}, name="cycle_export_xlsx"
    ),
    path(
        "cycles/<int:pk>/export.docx", views.cycle_export, {"fmt": "docx"}, name="cycle_export_docx"
    ),
    path("cycles/<int:pk>/populate/", views.cycle_populate, name="cycle_populate"),
    path("cycles/<int:pk>/status/", views.cycle_status, name="cycle_status"),
    path("scores/<int:pk>/", views.score, name="score"),
    path("scores/<int:pk>/total/", views.score_total, name="score_total"),
    path("mine/", views.my_evaluations, name="my_evaluations"),
    path("mine/<int:pk>/", views.my_evaluation, name="my_evaluation"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/delete/", views.activity_delete, name="activity_delete"),
    path("mercury/", views.mercury_list, name="mercury_list"),
    path("mercury/export.xlsx", views.mercury_export, name="mercury_export"),
]
