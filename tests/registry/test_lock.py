"""The hashed locks (requirements*.txt) agree with the dependencies pyproject.toml declares."""

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+?)"
    r"(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)
HASH = re.compile(r"^\s+--hash=sha256:[0-9a-f]{64}(\s*\\)?$")


def lock_entries(name):
    """Return {canonical name: (version, [sha256 lines], marker)} of a lock file."""
    entries = {}
    current = None
    for line in (ROOT / name).read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if match := PIN.match(line):
            current = canonicalize_name(match["name"])
            assert current not in entries, f"{name}: {current} pinned twice"
            entries[current] = (match["version"], [], match["marker"])
        elif HASH.match(line) and current:
            entries[current][1].append(line.strip())
        else:
            pytest.fail(f"{name}: not a hashed pin: {line!r}")
    return entries


def test_the_pin_pattern_reads_plain_and_marked_pins():
    assert PIN.match("celery==5.7.0 \\")["version"] == "5.7.0"
    marked = PIN.match("colorama==0.4.6 ; sys_platform == 'win32' \\")
    assert (marked["name"], marked["marker"]) == ("colorama", "sys_platform == 'win32'")
    assert not PIN.match("celery>=5.7")


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_of_the_lock_carries_a_hash(name):
    entries = lock_entries(name)

    assert entries
    assert [n for n, (_, hashes, _) in entries.items() if not hashes] == []


@pytest.mark.parametrize(
    ("group", "name"),
    [(None, "requirements.txt"), ("dev", "requirements-dev.txt"), (None, "requirements-dev.txt")],
)
def test_every_declared_dependency_is_pinned_within_its_range(group, name):
    project = PYPROJECT["project"]["dependencies"]
    declared = PYPROJECT["dependency-groups"][group] if group else project
    entries = lock_entries(name)

    for requirement in map(Requirement, declared):
        key = canonicalize_name(requirement.name)
        assert key in entries, f"{requirement.name} is declared but not in {name}: run `make lock`"
        version = entries[key][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name} pins {requirement.name}=={version}, outside {requirement.specifier}: "
            "run `make lock`"
        )


def test_the_dev_lock_installs_the_runtime_lock_unchanged():
    runtime = lock_entries("requirements.txt")
    dev = lock_entries("requirements-dev.txt")

    assert {n: v[0] for n, v in runtime.items()} == {n: dev[n][0] for n in runtime if n in dev}
    assert set(runtime) <= set(dev)


def test_the_markers_of_the_lock_are_valid():
    for name in ("requirements.txt", "requirements-dev.txt"):
        for _, _, marker in lock_entries(name).values():
            if marker:
                Marker(marker)
