"""System checks for the registry's own settings, run by `manage.py check` (and so by `migrate`).

A bad value here would otherwise surface as a 500 on the first page that reads it, or, for the
media directory, as uploaded documents published by the static file server.
"""

import zoneinfo
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning

# `manage.py check --tag registry` runs these alone.
TAG = "registry"

TIME_ZONE_INVALID = "REGISTRY_TIME_ZONE {value!r} is not a time zone name known to zoneinfo."
DUE_SOON_DAYS_INVALID = "REGISTRY_DUE_SOON_DAYS must be a whole number of days >= 0, not {value!r}."
MEDIA_ROOT_RELATIVE = "MEDIA_ROOT {value!r} is not an absolute path."
MEDIA_ROOT_PUBLISHED = "MEDIA_ROOT {media} is inside the static files directory {static}."
DATABASE_NOT_POSTGRESQL = "The database is {vendor}, not PostgreSQL."
PROXY_NOT_TRUSTED = (
    "The site is behind a reverse proxy (SECURE_PROXY_SSL_HEADER) but the client's address is "
    "not read from it: every client shares the proxy's address in the sign-in limits."
)


def time_zone_check(app_configs=None, **kwargs):
    """Check that the Secretariat's time zone is a valid IANA name."""
    value = settings.REGISTRY_TIME_ZONE
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return [
            Error(
                TIME_ZONE_INVALID.format(value=value),
                hint="Use a name such as Europe/Zurich (Geneva).",
                id="registry.E001",
            )
        ]
    return []


def due_soon_days_check(app_configs=None, **kwargs):
    """Check that the "due soon" window is a non-negative whole number of days."""
    value = settings.REGISTRY_DUE_SOON_DAYS
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [Error(DUE_SOON_DAYS_INVALID.format(value=value), id="registry.E002")]
    return []


def _static_directories():
    if settings.STATIC_ROOT:
        yield Path(settings.STATIC_ROOT)
    for entry in settings.STATICFILES_DIRS:
        # An entry is a path or a (prefix, path) pair.
        yield Path(entry[1] if isinstance(entry, (tuple, list)) else entry)


def media_root_check(app_configs=None, **kwargs):
    """Check that uploaded documents live apart from the files served to anyone.

    The static file server publishes STATIC_ROOT and `collectstatic` copies STATICFILES_DIRS
    into it, so a document stored under either would be readable without a permission check.
    """
    media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else Path()
    if not media.is_absolute():
        # Web and worker would disagree about where the files are, depending on their directory.
        return [
            Error(
                MEDIA_ROOT_RELATIVE.format(value=str(settings.MEDIA_ROOT)),
                hint="Set REGISTRY_MEDIA_ROOT to an absolute path.",
                id="registry.E003",
            )
        ]
    media = media.resolve()
    errors = []
    for static in _static_directories():
        static = static.resolve()
        if media == static or media.is_relative_to(static):
            errors.append(
                Error(
                    MEDIA_ROOT_PUBLISHED.format(media=media, static=static),
                    hint="Set REGISTRY_MEDIA_ROOT to a directory outside the static files.",
                    id="registry.E004",
                )
            )
    return errors


def database_check(app_configs=None, **kwargs):
    """Warn when a deployment runs on anything but PostgreSQL (`check --deploy` only)."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        return [
            Warning(
                DATABASE_NOT_POSTGRESQL.format(vendor=engine.rsplit(".", 1)[-1]),
                hint="Set DATABASE_URL=postgres://...; SQLite serialises every write.",
                id="registry.W001",
            )
        ]
    return []


def proxy_check(app_configs=None, **kwargs):
    """Warn when behind a proxy the sign-in limits would count every client as one.

    Ten failed sign-ins from anyone would then lock everyone out (`check --deploy` only).
    """
    behind_proxy = bool(settings.SECURE_PROXY_SSL_HEADER)
    if behind_proxy and not (
        settings.ALLAUTH_TRUSTED_PROXY_COUNT or settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER
    ):
        return [
            Warning(
                PROXY_NOT_TRUSTED,
                hint="Set ALLAUTH_TRUSTED_PROXY_COUNT=1 for one proxy that appends to "
                "X-Forwarded-For (docker-compose.yml does).",
                id="registry.W002",
            )
        ]
    return []
