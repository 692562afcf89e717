from django.urls import path

from . import views

app_name = "dashboard"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("overview.<str:fmt>", views.overview_export, name="overview_export"),
    path("matrix/", views.matrix, name="matrix"),
    path("matrix.<str:fmt>", views.matrix_export, name="matrix_export"),
    path("centres/<int:pk>/", views.centre, name="centre"),
    path("centres/<int:pk>/records/", views.centre_records, name="centre_records"),
    path("trends/", views.trends, name="trends"),
    path("action-plans/", views.action_plans, name="action_plans"),
    path("report/", views.cop_report, name="report"),
    path("report.docx", views.cop_report_docx, name="report_docx"),
]
