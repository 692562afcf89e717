from django.urls import path

from ..cop_note import views as cop_note
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
    path("cop-note/", cop_note.index, name="cop_note_index"),
    path("cop-note/<str:convention>/<int:cop>/", cop_note.page, name="cop_note"),
    path("cop-note/<str:convention>/<int:cop>.docx", cop_note.docx, name="cop_note_docx"),
]
