"""A Redis cache that degrades to process memory while Redis is down.

The cache holds the sign-in rate limits (allauth), used TOTP codes and the dashboards' answers.
With Django's RedisCache a stopped Redis turns every sign-in into a 500; here a failed call is
logged, answered from a process-local LocMemCache, and Redis is left alone for
REGISTRY_CACHE_RETRY_SECONDS before it is tried again. The limits then count per process, which
is weaker than shared counters but keeps people signing in; nothing else depends on the cache
holding anything (the dashboards' answers are keyed by the data stamp, kept in the database).
"""

import logging
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a Redis that is down, restarting or unreachable raises (socket errors are OSError).
FAILURES = (RedisError, OSError)


class ResilientRedisCache(RedisCache):
    """RedisCache whose every call falls back to process memory when Redis fails."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._fallback = LocMemCache(
            f"registry-fallback-{id(self)}",
            {
                "TIMEOUT": params.get("TIMEOUT", DEFAULT_TIMEOUT),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
            },
        )
        self._down_until = 0.0

    def _call(self, name, *args, **kwargs):
        if time.monotonic() >= self._down_until:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except FAILURES as exc:
                self._down_until = time.monotonic() + settings.REGISTRY_CACHE_RETRY_SECONDS
                logger.warning(
                    "The cache (Redis) is unavailable, using process memory for %s s: %s",
                    settings.REGISTRY_CACHE_RETRY_SECONDS,
                    exc,
                )
        return getattr(self._fallback, name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
