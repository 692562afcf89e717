"""The load test's floor page (bench/floor.py): served only under the bench settings' URLs."""

import pytest
from django.urls import Resolver404, resolve

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_production_urls_have_no_floor_page():
    with pytest.raises(Resolver404):
        resolve("/bench/floor/")


def test_the_floor_renders_twenty_centres_for_a_signed_in_user(client, settings, bureau_member):
    settings.ROOT_URLCONF = "bench.floor"
    factories.CentreFactory.create_batch(25)
    assert client.get("/bench/floor/").status_code == 302  # sign-in first
    client.force_login(bureau_member)
    response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content.count(b"<tr><td>") == 20
