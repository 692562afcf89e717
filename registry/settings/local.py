"""Development defaults for `make run`: debug on, SQLite, filesystem broker, console email."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "insecure-local-development-key-not-for-production")
os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

from .base import *  # noqa: E402,F403

VAR_DIR.mkdir(exist_ok=True)  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
if not REDIS_URL:  # noqa: F405 - kombu's filesystem transport needs its folders to exist
    for folder in ("queue", "processed", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)  # noqa: F405
