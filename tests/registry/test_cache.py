"""The cache degrades to process memory while Redis is down: sign-in keeps working.

Each test runs a redis-server of its own on a free port, stops it and starts it again; the
shared Redis is never touched.
"""

import socket
import time

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts"


@pytest.fixture
def redis_cache(own_redis, settings):
    """The production cache configuration, pointed at the test's own Redis."""
    settings.REGISTRY_CACHE_RETRY_SECONDS = 0  # try Redis again at once once it is back
    config = {
        "default": {
            "BACKEND": "registry.cache.ResilientRedisCache",
            "LOCATION": own_redis.url,
            "KEY_PREFIX": "registry",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    with override_settings(CACHES=config):
        yield caches["default"]


def sign_in(login, password="password"):
    browser = Client()
    started = time.monotonic()
    response = browser.post(reverse("account_login"), {"login": login, "password": password})
    return browser, response, time.monotonic() - started


def test_sign_in_uses_redis_while_it_runs(redis_cache, own_redis, director_a):
    browser, response, _ = sign_in("director.a", "wrong")

    assert response.status_code == 200
    assert any(b"allauth" in key for key in own_redis.keys())  # the failure was counted there


def test_sign_in_keeps_working_while_redis_is_down_and_uses_it_again_after(
    redis_cache, own_redis, director_a
):
    browser, response, _ = sign_in("director.a")
    assert response.status_code == 302

    own_redis.stop()
    browser, response, elapsed = sign_in("director.a")

    assert response.status_code == 302
    assert "_auth_user_id" in browser.session
    assert elapsed < 5

    own_redis.start()  # empty: the server keeps nothing on disk
    browser, response, _ = sign_in("director.a", "wrong")

    assert response.status_code == 200
    assert any(b"allauth" in key for key in own_redis.keys())


def test_failed_sign_ins_are_still_limited_while_redis_is_down(redis_cache, own_redis, director_a):
    own_redis.stop()
    for _ in range(5):
        _, response, _ = sign_in("director.a", "wrong")
        assert response.status_code == 200

    browser, response, _ = sign_in("director.a")

    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in browser.session


def test_a_down_redis_is_left_alone_for_the_retry_interval(
    redis_cache, own_redis, settings, caplog
):
    settings.REGISTRY_CACHE_RETRY_SECONDS = 60
    own_redis.stop()

    redis_cache.set("answer", 42)
    own_redis.start()

    # Still within the interval: the value lives in process memory, Redis is not asked.
    assert redis_cache.get("answer") == 42
    assert own_redis.keys() == []
    assert caplog.text.count("The cache (Redis) is unavailable") == 1


@pytest.mark.parametrize(
    ("method", "args", "fallback_answer"),
    [
        ("get", ("k",), None),
        ("set", ("k", 1), None),
        ("add", ("k", 1), True),
        ("delete", ("k",), False),
        ("has_key", ("k",), False),
        ("touch", ("k",), False),
        ("get_many", (["k"],), {}),
        ("set_many", ({"k": 1},), []),
        ("delete_many", (["k"],), None),
        ("get_or_set", ("k", 7), 7),
        ("clear", (), None),
    ],
)
def test_every_call_answers_from_memory_when_redis_is_down(
    redis_cache, own_redis, method, args, fallback_answer
):
    own_redis.stop()

    assert getattr(redis_cache, method)(*args) == fallback_answer


def test_incr_on_a_missing_key_raises_value_error_up_or_down(redis_cache, own_redis):
    with pytest.raises(ValueError):
        redis_cache.incr("missing")
    own_redis.stop()
    with pytest.raises(ValueError):
        redis_cache.incr("missing")


def test_the_dashboards_cache_round_trips_through_redis(redis_cache, own_redis):
    redis_cache.set("dashboard:rows", [1, 2, 3])

    assert redis_cache.get("dashboard:rows") == [1, 2, 3]
    assert own_redis.keys() == [b"registry:1:dashboard:rows"]


def test_sign_in_does_not_hang_on_a_redis_that_never_answers(settings, director_a):
    settings.REGISTRY_CACHE_RETRY_SECONDS = 60
    with socket.create_server(("127.0.0.1", 0), backlog=8) as silent:
        config = {
            "default": {
                "BACKEND": "registry.cache.ResilientRedisCache",
                "LOCATION": f"redis://127.0.0.1:{silent.getsockname()[1]}/0",
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            }
        }
        with override_settings(CACHES=config):
            browser, response, elapsed = sign_in("director.a")

    assert response.status_code == 302
    assert "_auth_user_id" in browser.session
    assert elapsed < 10
