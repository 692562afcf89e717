"""Settings of the Celery worker subprocess started by test_deadline_worker.py.

The test database, the Redis broker and the loopback SMTP server come from the environment.
"""

import os

from registry.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["REDIS_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# A new dict: the star import shares registry.settings.test's, which must stay as it is.
DATABASES = {
    "default": {
        **DATABASES["default"],  # noqa: F405
        "NAME": os.environ["REGISTRY_TEST_DB_NAME"],
        "CONN_MAX_AGE": 0,
    }
}
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "127.0.0.1",
            "port": int(os.environ["REGISTRY_TEST_SMTP_PORT"]),
            "timeout": 5,
        },
    }
}
REGISTRY_EMAIL_LEASE_SECONDS = 2
