"""Production settings refuse to start without a virus scanner unless scanning is turned off."""

from tests.processes import run_python
from tests.registry.test_settings import PRODUCTION_ENV, import_production


def without_scanner(**extra):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REGISTRY_CLAMD_ADDRESS"}
    return {**env, **extra}


def test_production_settings_refuse_to_load_without_a_clamd_address():
    result = import_production(without_scanner())

    assert result.returncode != 0
    assert "ImproperlyConfigured: Set REGISTRY_CLAMD_ADDRESS" in result.stderr


def test_production_settings_load_with_scanning_explicitly_turned_off():
    result = import_production(without_scanner(REGISTRY_VIRUS_SCAN_DISABLED="true"))

    assert result.returncode == 0, result.stderr


def test_production_settings_accept_a_unix_socket_as_the_clamd_address():
    result = import_production(without_scanner(REGISTRY_CLAMD_SOCKET="/run/clamav/clamd.ctl"))

    assert result.returncode == 0, result.stderr


def test_an_unknown_policy_for_an_unreachable_clamd_is_refused():
    result = import_production({**PRODUCTION_ENV, "REGISTRY_CLAMD_UNAVAILABLE": "ignore"})

    assert result.returncode != 0
    assert "REGISTRY_CLAMD_UNAVAILABLE must be refuse or hold" in result.stderr


def test_the_settings_read_the_scanner_from_the_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.REGISTRY_CLAMD_ADDRESS, s.REGISTRY_CLAMD_UNAVAILABLE, "
        "s.REGISTRY_VIRUS_SCAN_DISABLED)"
    )
    env = {
        **PRODUCTION_ENV,
        "REGISTRY_CLAMD_UNAVAILABLE": "hold",
        "DJANGO_SETTINGS_MODULE": "registry.settings.production",
    }

    result = run_python("-c", f"import django; django.setup(); {code}", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["127.0.0.1:1", "hold", "False"]


def test_a_malformed_clamd_address_stops_the_start_not_an_upload():
    result = import_production({**PRODUCTION_ENV, "REGISTRY_CLAMD_ADDRESS": "clamav"})

    assert result.returncode != 0
    assert "REGISTRY_CLAMD_ADDRESS must be a unix socket path or host:port" in result.stderr
