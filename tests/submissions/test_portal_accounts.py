"""Sign-in: by email or user name, throttled failures, staff two-factor, the admin's door."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def _sign_in(client, login, password="password", next_url=None):
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": login, "password": password})


def test_a_director_signs_in_by_email_and_lands_on_the_portal(client, director_a):
    response = _sign_in(client, director_a.email)
    assert response.status_code == 302
    assert response.url == reverse("portal:home")


def test_a_director_signs_in_by_user_name(client, director_a):
    assert _sign_in(client, "director.a").status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


def test_a_wrong_password_gets_a_clear_message(client, director_a):
    response = _sign_in(client, "director.a", "wrong")
    assert response.status_code == 200
    assert "not correct" in response.content.decode()


def test_repeated_failed_sign_ins_are_throttled(client, director_a):
    for _ in range(5):
        _sign_in(client, "director.a", "wrong")
    response = _sign_in(client, "director.a", "password")
    assert response.status_code in (200, 429)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_nobody_can_sign_up_alone(client):
    response = client.get(reverse("account_signup"))
    assert "Sign Up Closed" in response.content.decode() or response.status_code == 403


def test_a_password_reset_is_emailed(client, director_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": director_a.email})
    (message,) = mail.outbox
    assert message.to == [director_a.email]
    assert "/accounts/password/reset/key/" in message.body


def test_the_admin_sign_in_goes_through_the_accounts_flow(client):
    response = client.get("/admin/login/?next=/admin/centres/")
    assert response.status_code == 302
    assert response.url == reverse("account_login") + "?next=%2Fadmin%2Fcentres%2F"
    assert client.get(response.url).status_code == 200
    anonymous = client.get("/admin/")
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/admin/login/")


def test_staff_without_an_authenticator_must_set_one_up_after_signing_in(client, staff):
    _sign_in(client, "secretariat", next_url="/admin/")
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_activate_totp"))
    assert client.get(reverse("portal:review_queue")).status_code == 302

    # Managing authenticators asks for the password again (allauth's reauthentication).
    ask = client.get(reverse("mfa_activate_totp"))
    assert ask.url.startswith(reverse("account_reauthenticate"))
    client.post(ask.url, {"password": "password"})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    assert Authenticator.objects.filter(user=staff, type="recovery_codes").exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_an_authenticator_give_a_code_after_the_password(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    response = _sign_in(client, "secretariat", next_url="/admin/")
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert "_auth_user_id" not in client.session, wrong
    done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_test_login_of_staff_is_not_held_by_the_two_factor_requirement(client, staff):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_the_requirement_can_be_turned_off(client, staff, settings):
    settings.REGISTRY_STAFF_MFA_REQUIRED = False
    _sign_in(client, "secretariat")
    assert client.get("/admin/").status_code == 200


def test_directors_are_not_asked_for_two_factor(client, director_a):
    _sign_in(client, "director.a")
    assert client.get(reverse("portal:home")).status_code == 200


def test_demo_staff_can_be_enrolled_and_then_sign_in_with_a_code(client, staff):
    from centres.accounts import totp_enrol, totp_url

    secret, codes = totp_enrol(staff)
    assert len(codes) == 10
    assert totp_url(staff, secret).startswith("otpauth://totp/")
    assert totp_enrol(staff) == (None, [])
    _sign_in(client, "secretariat")
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.get("/admin/").status_code == 200


def test_signing_out_ends_the_session(client, director_a):
    _sign_in(client, "director.a")
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("portal:home")).status_code == 302
