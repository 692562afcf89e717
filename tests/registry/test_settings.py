"""Production settings fail closed, and the registry's own settings are checked at start-up."""

import ast
import re
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.checks import run_checks

from registry import checks
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]
GOOD_SECRET_KEY = "k3Pq9-vXr2Lm8sTz4Yw6Nb1Hc7Jd5Fg0Ae-Ui_Oy2Rt8Ew4Qa6Zs1Xc3Vb5Nm7Lk9Jh"

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": GOOD_SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
    # Nothing listens there: neither the import nor `check --deploy` may need a server.
    "DATABASE_URL": "postgres://registry:secret@127.0.0.1:1/registry",
    "REDIS_URL": "redis://127.0.0.1:1/0",
    "EMAIL_URL": "smtp+tls://registry:secret@mail.example.org:587",
    "REGISTRY_CLAMD_ADDRESS": "127.0.0.1:1",
    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
}


def import_production(env):
    return run_python("-c", "import registry.settings.production", env=env)


@pytest.mark.parametrize("value", [None, ""])
def test_local_settings_use_sqlite_when_database_url_is_unset_or_empty(value):
    env = {} if value is None else {"DATABASE_URL": value}
    result = run_python(
        "-c",
        "from registry.settings import local; print(local.DATABASES['default']['ENGINE'])",
        env=env,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_production_settings_load_when_every_required_variable_is_set():
    result = import_production(PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "Set the DJANGO_SECRET_KEY environment variable"),
        ("DJANGO_ALLOWED_HOSTS", "Set DJANGO_ALLOWED_HOSTS"),
        ("DATABASE_URL", "Set DATABASE_URL"),
        ("REDIS_URL", "Set REDIS_URL"),
        ("EMAIL_URL", "Set EMAIL_URL"),
    ],
)
def test_production_settings_refuse_to_load_without_a_required_variable(missing, message):
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != missing}

    result = import_production(env)

    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("value", ["", "change-me"])
def test_production_settings_refuse_an_empty_or_short_secret_key(value):
    result = import_production({**PRODUCTION_ENV, "DJANGO_SECRET_KEY": value})

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set DJANGO_SECRET_KEY to at least 50" in result.stderr


def test_production_settings_refuse_to_load_with_nothing_set():
    result = import_production({})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_the_deployment_check_is_clean_with_production_settings():
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "registry.settings.production"}

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_check_fails_on_a_bad_registry_setting():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "registry.settings.production",
        "REGISTRY_TIME_ZONE": "Europe/Geneva-ish",
    }

    result = run_python("manage.py", "check", "--deploy", env=env)

    assert result.returncode != 0
    assert "registry.E001" in result.stderr


# --- System checks ------------------------------------------------------------------------------


def ids(messages):
    return [message.id for message in messages]


def test_the_registry_checks_pass_on_the_test_settings():
    assert ids(run_checks(tags=[checks.TAG])) == []


def assert_one_error(check, error_id, message, value):
    """Assert that `check` reports exactly one error, `error_id`, naming the bad `value`."""
    (error,) = check()
    assert error.id == error_id
    assert error.msg == message.format(value=value)


@pytest.mark.parametrize("name", ["Europe/Zurich", "UTC", "America/Sao_Paulo"])
def test_a_known_time_zone_passes(settings, name):
    settings.REGISTRY_TIME_ZONE = name

    assert checks.time_zone_check() == []


@pytest.mark.parametrize("name", ["Europe/Geneva-ish", "", "../etc/passwd", None, 2])
def test_an_unknown_time_zone_is_an_error(settings, name):
    settings.REGISTRY_TIME_ZONE = name

    assert_one_error(checks.time_zone_check, "registry.E001", checks.TIME_ZONE_INVALID, name)


def test_an_unknown_time_zone_is_reported_by_the_check_framework(settings):
    settings.REGISTRY_TIME_ZONE = "Mars/Olympus_Mons"

    assert "registry.E001" in ids(run_checks(tags=[checks.TAG]))


@pytest.mark.parametrize("days", [0, 1, 30, 365])
def test_a_non_negative_due_soon_window_passes(settings, days):
    settings.REGISTRY_DUE_SOON_DAYS = days

    assert checks.due_soon_days_check() == []


@pytest.mark.parametrize("days", [-1, "30", 7.5, True, None])
def test_a_negative_or_non_integer_due_soon_window_is_an_error(settings, days):
    settings.REGISTRY_DUE_SOON_DAYS = days

    assert_one_error(
        checks.due_soon_days_check, "registry.E002", checks.DUE_SOON_DAYS_INVALID, days
    )


def test_a_negative_due_soon_window_is_reported_by_the_check_framework(settings):
    settings.REGISTRY_DUE_SOON_DAYS = -5

    assert "registry.E002" in ids(run_checks(tags=[checks.TAG]))


def test_media_apart_from_the_static_files_passes(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [tmp_path / "assets", ("vendor", tmp_path / "vendor")]
    settings.MEDIA_ROOT = tmp_path / "media"

    assert checks.media_root_check() == []


@pytest.mark.parametrize(
    "media", ["static", "static/uploads", "assets/docs", "vendor", "static/../static/media"]
)
def test_media_inside_the_static_files_is_an_error(settings, tmp_path, media):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = [tmp_path / "assets", ("vendor", tmp_path / "vendor")]
    settings.MEDIA_ROOT = str(tmp_path / media)

    (error,) = checks.media_root_check()

    assert error.id == "registry.E004"


def test_media_inside_the_static_files_is_reported_by_the_check_framework(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "static" / "media"

    assert "registry.E004" in ids(run_checks(tags=[checks.TAG]))


def test_a_static_directory_inside_the_media_passes(settings, tmp_path):
    """Only the other way round publishes documents."""
    settings.MEDIA_ROOT = tmp_path
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STATICFILES_DIRS = []

    assert checks.media_root_check() == []


@pytest.mark.parametrize("media", ["", "var/media", "./media"])
def test_a_relative_media_root_is_an_error(settings, media):
    settings.MEDIA_ROOT = media

    (error,) = checks.media_root_check()

    assert error.id == "registry.E003"


def database_engine(name):
    return mock.patch.dict(settings.DATABASES["default"], ENGINE=f"django.db.backends.{name}")


def test_a_deployment_on_sqlite_is_warned_about():
    with database_engine("sqlite3"):
        (warning,) = checks.database_check()

    assert warning.id == "registry.W001"


def test_a_deployment_on_postgresql_passes():
    with database_engine("postgresql"):
        assert checks.database_check() == []


def test_the_database_warning_is_a_deployment_check_only():
    with database_engine("sqlite3"):
        assert "registry.W001" not in ids(run_checks(tags=[checks.TAG]))
        assert "registry.W001" in ids(run_checks(tags=[checks.TAG], include_deployment_checks=True))


# --- Which settings each entry point defaults to -------------------------------------------------

SHOW_SETTINGS = (
    "from django.conf import settings; import django; django.setup(); "
    "print(settings.SETTINGS_MODULE, settings.DEBUG)"
)


@pytest.mark.parametrize("module", ["registry.wsgi", "registry.celery"])
def test_the_server_and_the_worker_default_to_production_settings(module):
    result = run_python("-c", f"import {module}; {SHOW_SETTINGS}", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["registry.settings.production", "False"]


@pytest.mark.parametrize("module", ["registry.wsgi", "registry.celery"])
def test_the_server_and_the_worker_refuse_to_start_with_nothing_set(module):
    """Never the local settings' debug mode and known secret key."""
    result = run_python("-c", f"import {module}; {SHOW_SETTINGS}", env={})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_manage_py_defaults_to_the_local_settings():
    result = run_python("manage.py", "shell", "-c", SHOW_SETTINGS, env={})

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["registry.settings.local", "True"]


# --- HSTS ----------------------------------------------------------------------------------------


def test_production_sends_no_hsts_preload_by_default():
    result = run_python(
        "-c",
        "import registry.settings.production as s; print(s.SECURE_HSTS_PRELOAD)",
        env=PRODUCTION_ENV,
    )

    assert result.stdout.strip() == "False", result.stderr


@pytest.mark.parametrize(
    ("seconds", "subdomains"), [("2592000", "true"), ("31535999", "true"), ("31536000", "false")]
)
def test_hsts_preload_is_refused_below_a_year_or_without_subdomains(seconds, subdomains):
    result = import_production(
        {
            **PRODUCTION_ENV,
            "DJANGO_SECURE_HSTS_PRELOAD": "true",
            "DJANGO_SECURE_HSTS_SECONDS": seconds,
            "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": subdomains,
        }
    )

    assert result.returncode != 0
    assert "DJANGO_SECURE_HSTS_PRELOAD needs DJANGO_SECURE_HSTS_SECONDS" in result.stderr


def test_hsts_preload_is_accepted_with_a_year():
    env = {
        **PRODUCTION_ENV,
        "DJANGO_SETTINGS_MODULE": "registry.settings.production",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
        "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    }

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr


# --- Declared once -------------------------------------------------------------------------------

APPS = ["centres", "submissions", "evaluations", "registry", "outbox"]
SETTING_WITH_DEFAULT = re.compile(r"""getattr\(\s*settings\s*,\s*["']([A-Z][A-Z0-9_]*)["']\s*,""")
OUR_SETTING_READ = re.compile(r"""\bsettings\.((?:REGISTRY|DASHBOARD)_[A-Z0-9_]+)""")


def project_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "migrations" not in parts and "settings" not in parts:
                yield path


def test_no_module_gives_a_setting_a_default_of_its_own():
    """A default outside the settings drifts from the declared one (it did, four times)."""
    found = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in project_modules()
        for name in SETTING_WITH_DEFAULT.findall(path.read_text())
    }

    assert not found, f"read settings.X, declared in registry/settings/base.py: {sorted(found)}"


def test_every_registry_setting_the_code_reads_is_declared_in_the_base_settings():
    from registry.settings import base

    read = {
        name for path in project_modules() for name in OUR_SETTING_READ.findall(path.read_text())
    }

    assert read, "the scan found no setting: fix its pattern"
    assert read - set(vars(base)) == set()


def test_production_caches_in_redis_through_the_resilient_backend():
    result = run_python(
        "-c",
        "import registry.settings.production as s; c = s.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])",
        env={**PRODUCTION_ENV, "REDIS_CACHE_URL": "redis://127.0.0.1:1/1"},
    )

    assert result.stdout.split() == ["registry.cache.ResilientRedisCache", "redis://127.0.0.1:1/1"]


def test_the_sqlite_database_of_make_run_uses_wal_and_waits_for_the_write_lock():
    result = run_python(
        "-c",
        "import registry.settings.local as s; print(s.DATABASES['default']['OPTIONS'])",
        env={},
    )

    options = ast.literal_eval(result.stdout)
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]


def test_behind_a_proxy_that_is_not_trusted_the_deployment_check_warns(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None

    (warning,) = checks.proxy_check()

    assert warning.id == "registry.W002"
    assert "registry.W002" in ids(run_checks(tags=[checks.TAG], include_deployment_checks=True))


@pytest.mark.parametrize(("count", "header"), [(1, None), (0, "X-Real-IP")])
def test_a_trusted_proxy_count_or_header_passes_the_proxy_check(settings, count, header):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = count
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = header

    assert checks.proxy_check() == []


def test_without_a_proxy_there_is_nothing_to_trust(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0

    assert checks.proxy_check() == []


def test_production_without_a_trusted_proxy_fails_the_strict_deployment_check():
    env = {**PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "registry.settings.production"}
    del env["ALLAUTH_TRUSTED_PROXY_COUNT"]

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert "registry.W002" in result.stderr
