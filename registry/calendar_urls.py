from django.urls import path

from . import calendar_feed

app_name = "calendar"

urlpatterns = [
    path("", calendar_feed.subscription, name="subscription"),
    path("reset/", calendar_feed.reset, name="reset"),
    path("<str:token>.ics", calendar_feed.feed, name="feed"),
]
