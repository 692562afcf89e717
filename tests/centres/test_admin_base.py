"""One admin base: every page of the registry's admin shows and reads Geneva time, named."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from centres.admin import GenevaTimeMixin
from submissions.models import Digest
from tests.outbox.emails import queue_one_time_link

pytestmark = pytest.mark.django_db

OUR_APPS = {"centres", "submissions", "evaluations", "registry", "datastamp"}


def test_every_admin_of_the_registry_has_the_one_base():
    ours = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ]

    assert ours
    assert [
        model for model, model_admin in ours if not isinstance(model_admin, GenevaTimeMixin)
    ] == []


def test_a_ledger_without_history_shows_geneva_time_and_names_it(client, staff):
    Digest.objects.create(
        week=dt.date(2016, 1, 4), covers_to=dt.datetime(2016, 1, 4, 23, 30, tzinfo=dt.UTC)
    )
    client.force_login(staff)

    response = client.get(reverse("admin:submissions_digest_changelist"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "5 January 2016, 00:30 CET" in text  # 23:30 UTC is half past midnight in Geneva
    assert "Dates and times on this page are Geneva time (Europe/Zurich)." in text
    add = client.post(reverse("admin:submissions_digest_add"), {"week": "2016-01-11"})
    assert add.status_code == 403


def test_the_outbox_shows_geneva_time_and_names_it_too(client, staff):
    queue_one_time_link(now=dt.datetime(2016, 7, 1, 22, 15, tzinfo=dt.UTC))
    client.force_login(staff)

    response = client.get(reverse("admin:outbox_emaillog_changelist"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "2 July 2016, 00:15 CEST" in text  # 22:15 UTC in summer is a quarter past midnight
    assert "Dates and times on this page are Geneva time (Europe/Zurich)." in text


def test_pages_outside_the_admin_keep_the_reader_s_own_time_zone(client, staff):
    client.force_login(staff)

    response = client.get(reverse("dashboard:overview"))

    assert "Dates and times on this page are Geneva time" not in response.content.decode()
