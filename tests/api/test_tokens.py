"""Personal API tokens: stored hashed, shown once, with an expiry, revocable, last use noted."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from registry.api import services
from registry.models import ApiToken, api_token_digest

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def status_with(client, secret):
    return client.get("/api/v1/obligations", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_only_the_hash_of_a_token_is_stored(director_a):
    token, secret = services.api_token_create(user=director_a, name="Script", days=30, now=NOW)

    assert secret.startswith("rcr_") and len(secret) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert secret not in {str(v) for v in stored.values()}
    assert stored["digest"] == api_token_digest(secret)
    assert secret.startswith(stored["hint"])
    assert token.expires_at == NOW + dt.timedelta(days=30)


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_token_is_valid_for_a_bounded_number_of_days(director_a, days):
    with pytest.raises(ValueError, match="1 to 365 days"):
        services.api_token_create(user=director_a, name="Script", days=days, now=NOW)


def test_a_token_works_until_it_expires(client, director_a):
    _token, secret = services.api_token_create(user=director_a, name="S", days=1, now=NOW)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    with time_machine.travel(NOW + dt.timedelta(hours=23), tick=False):
        assert client.get("/api/v1/obligations", **header).status_code == 200
    with time_machine.travel(NOW + dt.timedelta(days=1), tick=False):
        expired = client.get("/api/v1/obligations", **header)

    assert expired.status_code == 401
    assert expired["WWW-Authenticate"] == "Bearer"


def test_a_revoked_token_stops_working_even_on_public_operations(client, director_a):
    token, secret = services.api_token_create(user=director_a, name="S", days=5, now=timezone.now())
    services.api_token_revoke(token=token, now=timezone.now())

    answer = client.get("/api/v1/centres", HTTP_AUTHORIZATION=f"Bearer {secret}")

    assert answer.status_code == 401
    assert answer.json()["status"] == 401


def test_the_token_of_a_deactivated_user_stops_working(client, director_a):
    _token, secret = services.api_token_create(
        user=director_a, name="S", days=5, now=timezone.now()
    )
    director_a.is_active = False
    director_a.save()

    assert (
        client.get("/api/v1/obligations", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401
    )


def test_the_last_use_is_noted_at_most_once_a_minute(director_a):
    token, secret = services.api_token_create(user=director_a, name="S", days=5, now=NOW)
    later = NOW + dt.timedelta(seconds=30)

    services.api_token_authenticate(secret=secret, now=NOW)
    services.api_token_authenticate(secret=secret, now=later)
    token.refresh_from_db()
    assert token.last_used_at == NOW

    services.api_token_authenticate(secret=secret, now=NOW + dt.timedelta(minutes=2))
    token.refresh_from_db()
    assert token.last_used_at == NOW + dt.timedelta(minutes=2)
    assert token.history.count() == 1  # its uses write no history


@pytest.mark.parametrize("secret", ["", "rcr_", "not-ours", "rcr_" + "x" * 200])
def test_unknown_secrets_authenticate_nobody(secret, director_a):
    services.api_token_create(user=director_a, name="S", days=5, now=NOW)

    assert services.api_token_authenticate(secret=secret, now=NOW) is None


def test_the_account_page_shows_a_new_token_once(client, director_a):
    client.force_login(director_a)
    url = reverse("api_tokens")

    created = client.post(url, {"name": "Our website", "days": "90"})
    secret = created.context["secret"]
    listed = client.get(url)

    assert created.status_code == 200
    assert created["Cache-Control"] == "no-store"
    assert secret in created.content.decode()
    assert (
        client.get("/api/v1/obligations", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )
    assert secret not in listed.content.decode()
    assert "Our website" in listed.content.decode()


@pytest.mark.parametrize("data", [{"name": "", "days": "30"}, {"name": "x", "days": "999"}])
def test_the_account_page_refuses_bad_input_with_a_400(client, director_a, data):
    client.force_login(director_a)

    answer = client.post(reverse("api_tokens"), data)

    assert answer.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_user_revokes_their_own_token_only(client, director_a, director_b):
    own, _ = services.api_token_create(user=director_a, name="A", days=5, now=timezone.now())
    other, _ = services.api_token_create(user=director_b, name="B", days=5, now=timezone.now())
    client.force_login(director_a)

    assert client.post(reverse("api_token_revoke", args=[other.pk])).status_code == 404
    assert client.post(reverse("api_token_revoke", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.revoked_at is not None
    assert other.revoked_at is None


def test_the_command_prints_a_working_token(client, director_a):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("api_token", "director.a", "--days", "2", stdout=out)

    secret = out.getvalue().strip()
    assert (
        client.get("/api/v1/obligations", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    )
