"""A database that cannot be reached gives a "try again later" page (503), never a bare 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def unreachable(*args, **kwargs):
    raise OperationalError("connection to server at 127.0.0.1, port 5432 failed")


def signed_in(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["portal:home", "dashboard:overview", "directory:index"])
def test_each_door_says_try_again_later_when_the_database_is_unreachable(
    name, director_a, bureau_member
):
    client = signed_in(bureau_member if name.startswith("dashboard") else director_a)

    with mock.patch.object(BaseDatabaseWrapper, "_cursor", unreachable):
        response = client.get(reverse(name))

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Please try again in a few minutes." in response.content.decode()


def test_any_other_error_is_still_a_server_error(director_a):
    client = signed_in(director_a)

    with mock.patch(
        "submissions.portal.views.selectors.portal_home_rows", side_effect=ValueError("bug")
    ):
        response = client.get(reverse("portal:home"))

    assert response.status_code == 500
