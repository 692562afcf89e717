"""Admin forms and lists as staff read them: no doubled labels, times in Geneva, named."""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import reverse

from centres import invitations
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_request_form_offers_chosen_centres_not_chosen_chosen_centres(client, staff):
    client.force_login(staff)

    text = client.get(reverse("admin:submissions_request_add")).content.decode()

    assert "chosen chosen" not in text.lower()
    # SelectFilter2.js titles its boxes "Available <field name>" and "Chosen <field name>".
    assert 'data-field-name="centres"' in text and 'data-field-name="Parties"' in text


def test_no_filter_widget_of_the_admin_doubles_the_word_chosen():
    for model, model_admin in admin.site._registry.items():
        for name in [*model_admin.filter_horizontal, *model_admin.filter_vertical]:
            label = str(model._meta.get_field(name).verbose_name)
            assert not label.lower().startswith("chosen"), (model, name, label)


def test_the_invitation_list_shows_geneva_time_and_names_it(client, staff):
    contact = factories.ContactFactory(email="someone@centre.org")
    invitations.invitation_send(
        contact=contact, invited_by=staff, now=dt.datetime(2016, 7, 1, 22, 15, tzinfo=dt.UTC)
    )
    client.force_login(staff)

    text = client.get(reverse("admin:centres_invitation_changelist")).content.decode()

    assert "2 July 2016, 00:15 CEST" in text  # 22:15 UTC in summer is 00:15 in Geneva
    assert "Dates and times on this page are Geneva time (Europe/Zurich)." in text
