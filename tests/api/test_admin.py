"""Staff see API tokens in the admin (never their secrets) and revoke them there."""

import pytest
from django.urls import reverse
from django.utils import timezone

from registry.api import services
from registry.models import ApiToken
from tests.admin_pages import admin_action

pytestmark = pytest.mark.django_db


def test_staff_list_tokens_and_revoke_them_with_the_service(client, staff, director_a):
    token, secret = services.api_token_create(
        user=director_a, name="Website", days=5, now=timezone.now()
    )
    client.force_login(staff)

    listing = client.get(reverse("admin:registry_apitoken_changelist"))
    revoked = admin_action(client, "revoke", token)

    assert listing.status_code == 200
    assert "Website" in listing.content.decode()
    assert secret not in listing.content.decode()
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.history.count() == 2


def test_tokens_are_not_added_or_changed_by_hand(client, staff):
    client.force_login(staff)

    assert client.get(reverse("admin:registry_apitoken_add")).status_code == 403
    assert not ApiToken.objects.exists()
