from django.urls import path

from . import action_views, blocker_views, staff_views, views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("obligations/<int:pk>/", views.obligation_detail, name="obligation"),
    path("obligations/<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("obligations/<int:pk>/blocker/", blocker_views.blocker_report, name="blocker"),
    path(
        "staff/blockers/<int:pk>/action/",
        blocker_views.blocker_start_action,
        name="blocker_action",
    ),
    path("centres/<int:pk>/action-plan/", action_views.action_plan, name="action_plan"),
    path("actions/<int:pk>/update/", action_views.action_update, name="action_update"),
    path("versions/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("files/<int:pk>/download/", views.download, name="download"),
    path("staff/review/", staff_views.review_queue, name="review_queue"),
    path("staff/obligations/", staff_views.staff_obligations, name="staff_obligations"),
    path("staff/versions/<int:pk>/review/", views.version_review, name="version_review"),
    path("staff/extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("staff/obligations/<int:pk>/waive/", views.obligation_waive, name="obligation_waive"),
    path("staff/obligations/<int:pk>/record/", views.version_record, name="version_record"),
]
