"""Production: every secret and host must come from the environment, or start-up fails."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

# hstspreload.org's requirements for the "preload" directive: a year at least, subdomains too.
HSTS_PRELOAD_MIN_SECONDS = 31536000
HSTS_PRELOAD_TOO_SHORT = (
    "DJANGO_SECURE_HSTS_PRELOAD needs DJANGO_SECURE_HSTS_SECONDS of at least 31536000 (a year) "
    "and DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS=true."
)

DEBUG = False
if len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY to at least 50 random characters: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS to the host names this site answers to.")
if not env("DATABASE_URL", default=""):
    raise ImproperlyConfigured("Set DATABASE_URL to the PostgreSQL database.")
if not env("REDIS_URL", default=""):
    raise ImproperlyConfigured("Set REDIS_URL to the Redis broker.")
if not env("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "Set EMAIL_URL to the SMTP server (smtp://user:pass@host:587/?tls=True)."
    )
if not REGISTRY_CLAMD_ADDRESS and not REGISTRY_VIRUS_SCAN_DISABLED:  # noqa: F405
    raise ImproperlyConfigured(
        "Set REGISTRY_CLAMD_ADDRESS to clamd's socket (a path or host:port), or set "
        "REGISTRY_VIRUS_SCAN_DISABLED=true to accept uploads without a virus scan."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if SECURE_HSTS_PRELOAD and (
    SECURE_HSTS_SECONDS < HSTS_PRELOAD_MIN_SECONDS or not SECURE_HSTS_INCLUDE_SUBDOMAINS
):
    # Preload lists refuse (and browsers may keep) a header that promises less than this.
    raise ImproperlyConfigured(HSTS_PRELOAD_TOO_SHORT)
if not SECURE_HSTS_PRELOAD:
    # Preloading is the domain owner's commitment (hard to undo), not a default: its absence
    # is a choice, not a finding of `check --deploy`.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
