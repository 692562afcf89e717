"""Failed sign-ins are limited per client behind the proxy, and per account whatever is typed."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
COLLEAGUE = "198.51.100.7"
TOO_MANY = "Too many failed login attempts"


def sign_in(client, login, password, *, client_ip=None):
    """Post the sign-in form as the proxy would pass it on: from the proxy's own address, with
    the client's address appended to X-Forwarded-For."""
    headers = {"REMOTE_ADDR": PROXY}
    if client_ip:
        headers["HTTP_X_FORWARDED_FOR"] = client_ip
    return client.post(reverse("account_login"), {"login": login, "password": password}, **headers)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def client_factory():
    """Make a browser of its own (own cookies) for each person."""
    return Client


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def fail_ten_times_from(client, client_ip):
    for n in range(10):
        response = sign_in(client, f"nobody{n}@example.org", "wrong", client_ip=client_ip)
        assert response.status_code == 200
        assert TOO_MANY not in response.content.decode()


def test_ten_failures_from_one_client_do_not_lock_out_another(
    behind_one_proxy, client_factory, director_a
):
    attacker, colleague = client_factory(), client_factory()
    fail_ten_times_from(attacker, ATTACKER)

    response = sign_in(colleague, "director.a", "password", client_ip=COLLEAGUE)

    assert response.status_code == 302
    assert signed_in(colleague)


def test_the_failing_client_itself_is_held(behind_one_proxy, client, director_a):
    fail_ten_times_from(client, ATTACKER)

    response = sign_in(client, "director.a", "password", client_ip=ATTACKER)

    assert TOO_MANY in response.content.decode()
    assert not signed_in(client)


def test_without_a_trusted_proxy_every_client_shares_the_proxys_address(
    settings, client_factory, director_a
):
    """Why the setting matters: the forwarded address is ignored, so one client locks out all."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    attacker, colleague = client_factory(), client_factory()
    fail_ten_times_from(attacker, ATTACKER)

    response = sign_in(colleague, "director.a", "password", client_ip=COLLEAGUE)

    assert TOO_MANY in response.content.decode()


def test_a_client_cannot_choose_its_address_by_prepending_to_the_header(
    behind_one_proxy, client_factory, director_a
):
    """The proxy appends the real address; only the last entry is trusted."""
    attacker = client_factory()
    for n in range(10):
        sign_in(attacker, f"nobody{n}@example.org", "wrong", client_ip=f"192.0.2.{n}, {ATTACKER}")

    response = sign_in(attacker, "director.a", "password", client_ip=f"192.0.2.99, {ATTACKER}")

    assert TOO_MANY in response.content.decode()


@pytest.mark.parametrize(
    "identifiers",
    [
        ["director.a"] * 3 + ["email"] * 2,
        ["email"] * 3 + ["DIRECTOR.A"] * 2,
        ["director.a", "email", "director.a", "EMAIL", "director.a"],
    ],
)
def test_failures_on_one_account_add_up_whatever_identifier_is_typed(
    client_factory, director_a, identifiers
):
    for n, identifier in enumerate(identifiers):
        typed = {"email": director_a.email, "EMAIL": director_a.email.upper()}
        login = typed.get(identifier, identifier)
        # From a new address each time: only the per-account limit can hold.
        sign_in(client_factory(), login, "wrong", client_ip=f"192.0.2.{n}")

    owner = client_factory()
    response = sign_in(owner, "director.a", "password")

    assert TOO_MANY in response.content.decode()
    assert not signed_in(owner)


def test_four_failures_leave_the_owner_able_to_sign_in(client_factory, director_a):
    for login in ["director.a", director_a.email, "director.a", director_a.email]:
        sign_in(client_factory(), login, "wrong")

    owner = client_factory()
    response = sign_in(owner, director_a.email, "password")

    assert response.status_code == 302
    assert signed_in(owner)


def test_failures_on_one_account_do_not_count_against_another(
    client_factory, director_a, director_b
):
    for login in ["director.a", director_a.email] * 3:
        sign_in(client_factory(), login, "wrong", client_ip="192.0.2.1")

    response = sign_in(client_factory(), director_b.email, "password", client_ip="192.0.2.2")

    assert response.status_code == 302
