"""Settings of the benchmarks only: the test settings, the bench's URLs (the registry's plus
the floor page), and the Redis cache of production when REDIS_URL is set. Never used by a
server: `registry.urls` stays free of the floor page."""

from registry.settings.test import *  # noqa: F403
from registry.settings.test import REDIS_URL

ROOT_URLCONF = "bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
REGISTRY_STAFF_MFA_REQUIRED = False
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "registry.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bench",
        }
    }
