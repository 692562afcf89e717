from django.urls import path, re_path

from . import calendar_feed

app_name = "calendar"

urlpatterns = [
    path("", calendar_feed.subscription, name="subscription"),
    path("reset/", calendar_feed.reset, name="reset"),
    # Tokens are URL-safe base64 (`registry.models.new_token`): anything else is simply not found.
    re_path(r"^(?P<token>[A-Za-z0-9_-]{1,64})\.ics$", calendar_feed.feed, name="feed"),
]
