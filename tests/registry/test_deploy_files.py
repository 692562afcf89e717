"""The deployment files agree with each other and with the settings they feed.

There is no Docker engine where the tests run: the files are parsed and checked for the structure
the Compose specification and the deployment need, and the parts that run Python are run here.
"""

import os
import re
import runpy
import shlex
import threading
from pathlib import Path
from typing import NamedTuple
from wsgiref.simple_server import WSGIRequestHandler, make_server

import environ
import pytest
import yaml
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.urls import reverse

from registry.celery import app as celery_app
from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"

APP_SERVICES = {"migrate", "web", "worker", "beat"}

# `env("NAME"`, `env.int("NAME"`, `env.db_url(\n    "NAME"`, `os.environ.get("NAME"`, ...
SETTING_READ = re.compile(
    r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']"""
    r"""|\bos\.(?:environ(?:\.get|\.setdefault)?|getenv)[(\[]\s*["']([A-Z][A-Z0-9_]*)["']"""
)
# Compose interpolation: $$ escapes; ${NAME}, ${NAME:-default}, ${NAME?error}, ...; $NAME.
INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_]\w*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_]\w*))"
)
EXAMPLE_LINE = re.compile(r"^(?P<commented>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")


def settings_variables():
    text = "\n".join(p.read_text() for p in sorted((ROOT / "registry/settings").glob("*.py")))
    return {a or b for a, b in SETTING_READ.findall(text)}


class Entry(NamedTuple):
    value: str
    comment: str  # the line above, when it is a comment and not another entry
    commented_out: bool


def example_entries():
    """Map each NAME of .env.example, set or shown commented out, to its entries."""
    lines = ENV_EXAMPLE.read_text().splitlines()
    entries = {}
    for number, line in enumerate(lines):
        match = EXAMPLE_LINE.match(line)
        if not match:
            continue
        above = lines[number - 1] if number else ""
        comment = above if above.startswith("#") and not EXAMPLE_LINE.match(above) else ""
        entry = Entry(match["value"], comment, bool(match["commented"]))
        entries.setdefault(match["name"], []).append(entry)
    return entries


def example_values(*, with_defaults):
    """The .env a deployer makes from the example: secrets filled in, defaults kept or set."""
    values = {
        name: entry.value
        for name, (entry, *_) in example_entries().items()
        if with_defaults or not entry.commented_out
    }
    values.update(
        DJANGO_SECRET_KEY="k3Pq9-vXr2Lm8sTz4Yw6Nb1Hc7Jd5Fg0Ae-Ui_Oy2Rt8Ew4Qa6Zs1Xc3Vb5Nm7Lk9Jh",
        POSTGRES_PASSWORD="s3cret",
        EMAIL_URL="smtp+tls://registry:secret@mail.example.org:587",
    )
    return values


def image_env():
    return dict(
        pair.split("=", 1)
        for keyword, arguments in dockerfile_instructions()
        if keyword == "ENV"
        for pair in shlex.split(arguments)
    )


def compose():
    return yaml.safe_load(COMPOSE.read_text())


def strings_in(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings_in(item)


def interpolated_names(text):
    return {m["braced"] or m["bare"] for m in INTERPOLATION.finditer(text) if not m["escaped"]}


def interpolate(text, variables):
    """Substitute like Compose does (enough of it for these files)."""

    def substitute(m):
        if m["escaped"]:
            return "$"
        name = m["braced"] or m["bare"]
        value = variables.get(name)
        op = m["op"] or ""
        if op in (":-", ":?") and not value or op in ("-", "?") and value is None:
            if op.endswith("?"):
                raise ValueError(m["arg"])
            return m["arg"]
        return value or ""

    return INTERPOLATION.sub(substitute, text)


def command_text(service):
    command = service.get("command", "")
    return command if isinstance(command, str) else " ".join(command)


def dockerfile_instructions():
    """Return (INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text())
    instructions = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, arguments = line.partition(" ")
            instructions.append((keyword.upper(), arguments.strip()))
    return instructions


# --- .env.example -------------------------------------------------------------------------------


def test_the_settings_scan_finds_the_variables_it_is_meant_to():
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "REGISTRY_TIME_ZONE"} <= (
        settings_variables()
    )


def test_every_variable_the_settings_read_is_in_the_env_example():
    missing = settings_variables() - set(example_entries())

    assert not missing, f"add to .env.example, with a comment: {sorted(missing)}"


def test_every_variable_in_the_env_example_has_a_comment_above_it():
    uncommented = [
        name
        for name, entries in example_entries().items()
        for entry in entries
        if not entry.comment
    ]

    assert not uncommented


def test_every_variable_appears_once_in_the_env_example():
    assert [name for name, entries in example_entries().items() if len(entries) > 1] == []


@pytest.mark.parametrize("secret", ["DJANGO_SECRET_KEY", "POSTGRES_PASSWORD", "EMAIL_URL"])
def test_the_env_example_leaves_every_secret_empty(secret):
    """A copied example must fail closed, not run with a published secret."""
    assert [entry.value for entry in example_entries()[secret]] == [""]


def test_every_variable_the_compose_file_interpolates_is_in_the_env_example():
    used = set().union(*(interpolated_names(s) for s in strings_in(compose())))

    assert used, "the scan should find the POSTGRES_* variables at least"
    assert not used - set(example_entries())


def test_the_interpolation_scan_skips_escaped_dollars():
    assert interpolated_names("pg_isready -U $${POSTGRES_USER} ${A:-x} ${B:?y} $C $$D") == {
        "A",
        "B",
        "C",
    }


# --- Dockerfile ---------------------------------------------------------------------------------


def test_the_image_is_built_on_python_3_13_slim():
    assert dockerfile_instructions()[0] == ("FROM", "python:3.13-slim")


def test_the_image_runs_as_a_user_other_than_root():
    users = [arguments for keyword, arguments in dockerfile_instructions() if keyword == "USER"]

    assert users
    assert users[-1].split(":")[0] not in ("root", "0")


def test_the_image_installs_the_runtime_requirements_only():
    installs = [
        arguments.strip()
        for keyword, run in dockerfile_instructions()
        if keyword == "RUN"
        for arguments in re.findall(r"pip install([^&]*)", run)
    ]

    assert installs == ["--require-hashes --requirement requirements.txt"]
    assert "requirements-dev" not in DOCKERFILE.read_text()


def test_the_image_runs_production_settings_and_gunicorn():
    instructions = dockerfile_instructions()
    env = " ".join(a for k, a in instructions if k == "ENV")
    (cmd,) = [a for k, a in instructions if k == "CMD"]

    assert "DJANGO_SETTINGS_MODULE=registry.settings.production" in env
    assert yaml.safe_load(cmd) == [
        "gunicorn",
        "registry.wsgi:application",
        "--config",
        "gunicorn.conf.py",
    ]


def test_gunicorn_preloads_the_app_and_recycles_its_workers():
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert config["preload_app"] is True
    assert config["max_requests"] > 0 and config["max_requests_jitter"] > 0
    assert config["bind"] == "0.0.0.0:8000"


def test_the_collectstatic_step_of_the_image_works_with_its_placeholders(tmp_path):
    """Run the Dockerfile's collectstatic line here, with only the variables it sets."""
    (run,) = [a for k, a in dockerfile_instructions() if k == "RUN" and "collectstatic" in a]
    words = shlex.split(run.split("&&")[0])
    assignments = dict(w.split("=", 1) for w in words if re.match(r"^[A-Z_]+=", w))
    command = [w for w in words if not re.match(r"^[A-Z_]+=", w)]

    assert command == ["python", "manage.py", "collectstatic", "--noinput"]
    result = run_python(
        *command[1:],
        env={
            **image_env(),
            **assignments,
            "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
            "REGISTRY_MEDIA_ROOT": str(tmp_path / "media"),
        },
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "static" / "admin").is_dir()


def test_the_build_context_leaves_out_secrets_and_local_state():
    patterns = {line.strip() for line in DOCKERIGNORE.read_text().splitlines() if line.strip()}

    assert {".env", ".git", ".venv", "var"} <= patterns
    assert not {"requirements.txt", "static", "templates", "registry", "manage.py"} & patterns


# --- docker-compose.yml -------------------------------------------------------------------------

SERVICE_KEYS = {
    "build",
    "image",
    "command",
    "entrypoint",
    "environment",
    "env_file",
    "ports",
    "volumes",
    "depends_on",
    "healthcheck",
    "restart",
    "deploy",
    "stop_grace_period",
    "user",
    "networks",
    "labels",
    "logging",
    "working_dir",
    "init",
    "read_only",
    "tmpfs",
    "secrets",
    "configs",
}
HEALTHCHECK_KEYS = {"test", "interval", "timeout", "retries", "start_period", "start_interval"}
DURATION = re.compile(r"^(\d+(us|ms|s|m|h))+$")
DEPENDENCY_CONDITIONS = {"service_started", "service_healthy", "service_completed_successfully"}


def test_the_compose_file_declares_only_known_top_level_keys():
    keys = {k for k in compose() if not k.startswith("x-")}

    assert keys <= {"name", "services", "volumes", "networks", "configs", "secrets", "include"}


def test_the_compose_file_runs_the_application_beside_postgres_and_redis():
    assert set(compose()["services"]) == APP_SERVICES | {"postgres", "redis", "clamav"}


@pytest.mark.parametrize("name", sorted(APP_SERVICES | {"postgres", "redis", "clamav"}))
def test_each_service_uses_only_compose_service_keys(name):
    service = compose()["services"][name]

    assert set(service) <= SERVICE_KEYS
    assert "image" in service or "build" in service
    healthcheck = service.get("healthcheck", {})
    assert set(healthcheck) <= HEALTHCHECK_KEYS
    for key in ("interval", "timeout", "start_period"):
        if key in healthcheck:
            assert DURATION.match(healthcheck[key]), (key, healthcheck[key])
    if "test" in healthcheck:
        assert healthcheck["test"][0] in ("CMD", "CMD-SHELL")
    for dependency, spec in service.get("depends_on", {}).items():
        assert dependency in compose()["services"]
        assert spec["condition"] in DEPENDENCY_CONDITIONS


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_each_application_service_reads_the_env_file_and_waits_for_its_dependencies(name):
    service = compose()["services"][name]

    assert service["env_file"] == ".env"
    assert service["build"] == "."
    assert service["depends_on"]["postgres"] == {"condition": "service_healthy"}
    assert service["depends_on"]["redis"] == {"condition": "service_healthy"}
    if name != "migrate":
        assert service["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}


def test_migrations_run_once_before_the_application_starts():
    migrate = compose()["services"]["migrate"]

    assert "python manage.py migrate --noinput" in command_text(migrate)
    assert "check --deploy" in command_text(migrate)
    assert migrate["restart"] == "no"


def test_the_web_service_is_healthy_only_when_healthz_answers():
    web = compose()["services"]["web"]

    assert "command" not in web  # the image's gunicorn
    assert f"'http://127.0.0.1:8000{reverse('healthz')}'" in web["healthcheck"]["test"][-1]


def test_the_worker_and_beat_run_celery_and_beat_runs_alone():
    services = compose()["services"]

    assert command_text(services["worker"]).startswith("celery -A registry worker")
    assert command_text(services["beat"]).startswith("celery -A registry beat")
    assert "--beat" not in command_text(services["worker"])  # no second scheduler
    assert services["beat"].get("deploy", {}).get("replicas", 1) == 1


def test_postgres_16_keeps_its_data_in_a_named_volume_and_reports_readiness():
    postgres = compose()["services"]["postgres"]

    assert postgres["image"].split(":")[1].startswith("16")
    assert "postgres:/var/lib/postgresql/data" in postgres["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_redis_persists_its_queue_and_reports_readiness():
    redis = compose()["services"]["redis"]

    assert redis["command"][redis["command"].index("--appendonly") + 1] == "yes"
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert any(v.endswith(":/data") for v in redis["volumes"])


def test_web_and_worker_share_the_media_volume_at_the_media_root():
    services = compose()["services"]
    media_root = compose()["x-app"]["environment"]["REGISTRY_MEDIA_ROOT"]

    for name in ("web", "worker"):
        assert f"media:{media_root}" in services[name]["volumes"]
        assert services[name]["environment"]["REGISTRY_MEDIA_ROOT"] == media_root


def test_every_named_volume_used_is_declared():
    declared = set(compose()["volumes"])
    used = {
        volume.split(":")[0]
        for service in compose()["services"].values()
        for volume in service.get("volumes", [])
        if not volume.startswith((".", "/"))
    }

    assert used == declared


def test_the_database_url_compose_builds_from_the_example_is_postgresql():
    url = interpolate(
        compose()["x-app"]["environment"]["DATABASE_URL"], example_values(with_defaults=False)
    )

    database = environ.Env.db_url_config(url)

    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"]) == ("postgres", 5432)
    assert database["PASSWORD"] == "s3cret"
    assert database["OPTIONS"]["connect_timeout"] == 5


def test_the_compose_file_refuses_to_start_without_a_database_password():
    variables = {name: entries[0].value for name, entries in example_entries().items()}

    with pytest.raises(ValueError, match="Set POSTGRES_PASSWORD"):
        interpolate(compose()["x-app"]["environment"]["DATABASE_URL"], variables)


@pytest.mark.parametrize("with_defaults", [False, True], ids=["as-is", "defaults-uncommented"])
def test_the_containers_environment_passes_the_deployment_check(with_defaults):
    """Image ENV, then the .env made from the example, then the compose file's environment."""
    values = example_values(with_defaults=with_defaults)
    environment = {
        name: interpolate(value, values)
        for name, value in compose()["x-app"]["environment"].items()
    }
    env = {**image_env(), **values, **environment, "PATH": os.environ.get("PATH", "")}

    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def site(db):
    """This project served over HTTP on a free port (live_server dislikes MEDIA_URL = None)."""

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    django_app = get_wsgi_application()

    def app(environ, start_response):
        try:
            return django_app(environ, start_response)
        finally:
            # Persistent connections of this thread would keep the test database from being
            # dropped at the end of the run.
            connections.close_all()

    server = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def run_web_probe(site, allowed_hosts):
    """Run the web service's health probe against `site`, as the container would run it."""
    probe = compose()["services"]["web"]["healthcheck"]["test"]
    assert probe[:3] == ["CMD", "python", "-c"]
    code = probe[3].replace("http://127.0.0.1:8000", site)
    assert code != probe[3]
    return run_python("-c", code, env={"DJANGO_ALLOWED_HOSTS": allowed_hosts}, timeout=30)


@pytest.mark.parametrize("allowed_hosts", ["localhost", ".localhost,example.org", "*"])
def test_the_web_health_probe_passes_against_a_healthy_site(site, allowed_hosts):
    result = run_web_probe(site, allowed_hosts)

    assert result.returncode == 0, result.stderr


def test_the_web_health_probe_fails_when_healthz_reports_down(site, monkeypatch):
    monkeypatch.setitem(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    result = run_web_probe(site, "localhost")

    assert result.returncode != 0
    assert "HTTP Error 503" in result.stderr


def test_the_web_health_probe_fails_when_its_host_is_not_allowed(site):
    result = run_web_probe(site, "registry.example.org")

    assert result.returncode != 0
    assert "HTTP Error 400" in result.stderr
