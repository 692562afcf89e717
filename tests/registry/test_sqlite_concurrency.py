"""`make run`'s SQLite database takes two uploads at once (WAL, immediate transactions, a busy
timeout) instead of answering the second with a 500 "database is locked"."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.processes import run_python

ROOT = Path(__file__).resolve().parents[2]


def environment(database):
    return {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "registry.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
    }


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A migrated database file, copied by each test (migrating takes most of the time)."""
    database = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment(database),
        check=True,
        timeout=300,
    )
    return database


def upload_twice_at_once(migrated, tmp_path, *args):
    database = tmp_path / "registry.sqlite3"
    shutil.copy(migrated, database)
    env = environment(database)
    result = run_python("-m", "tests.registry.sqlite_uploads", *args, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


def test_two_uploads_at_the_same_instant_are_both_stored(migrated, tmp_path):
    outcome, _ = upload_twice_at_once(migrated, tmp_path)

    assert outcome["journal_mode"] == "wal"
    assert outcome["results"] == [302, 302]
    assert outcome["versions"] == 2


def test_without_immediate_transactions_the_second_upload_fails(migrated, tmp_path):
    """What the settings prevent: the same overlap, deferred, loses an upload to "database is
    locked" (answered 503 "try again later" by the error handler, but the upload is lost)."""
    outcome, log = upload_twice_at_once(migrated, tmp_path, "deferred")

    assert sorted(map(str, outcome["results"])) == ["302", "503"]
    assert outcome["versions"] == 1
    assert "database is locked" in log
