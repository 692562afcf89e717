"""The restore drill: deploy/backup dumps the database and copies every file out of the bucket;
deploy/restore puts both into a scratch database and another bucket; then every file's SHA-256
matches its row. Real PostgreSQL, real pg_dump/pg_restore, moto's real S3 server."""

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from submissions.models import SubmissionFile
from tests.registry.test_storage import record_versions

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.s3,
    pytest.mark.django_db(transaction=True),
]


def database_url(name):
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


@pytest.fixture
def scratch_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin_url = database_url("postgres")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(script, *args, env):
    return subprocess.run(
        [str(ROOT / "deploy" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_backup_restores_into_a_scratch_database_and_bucket_with_every_file_intact(
    s3_server, s3_uploads, scratch_database, tmp_path
):
    stored = record_versions(4)
    expected = sorted((f.file.name, f.sha256) for f in stored)
    base_env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "registry.settings.local",
        "REGISTRY_MEDIA_ROOT": str(tmp_path / "unused-media"),
    }
    backup = tmp_path / "backup"
    made = run(
        "backup",
        str(backup),
        env={
            **base_env,
            **s3_server.environment(s3_uploads),
            "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
        },
    )
    assert made.returncode == 0, made.stdout + made.stderr
    assert "copied and verified: 4" in made.stdout

    restored_bucket = s3_server.new_bucket()
    restored = run(
        "restore",
        str(backup),
        env={
            **base_env,
            **s3_server.environment(restored_bucket),
            "DATABASE_URL": database_url(scratch_database),
        },
    )
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "Every file matches its row's SHA-256." in restored.stdout

    # Checked again here, independently of the command: the scratch database's rows and the
    # restored bucket's bytes.
    with psycopg.connect(database_url(scratch_database)) as db:
        rows = sorted(
            db.execute(f"SELECT file, sha256 FROM {SubmissionFile._meta.db_table}").fetchall()
        )
    assert rows == expected
    client = s3_server.client()
    for key, sha256 in rows:
        body = client.get_object(Bucket=restored_bucket, Key=key)["Body"].read()
        assert hashlib.sha256(body).hexdigest() == sha256


def test_restore_refuses_a_database_that_is_not_empty(s3_server, s3_uploads, tmp_path):
    record_versions(1)
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHON": sys.executable,
        "DJANGO_SETTINGS_MODULE": "registry.settings.local",
        **s3_server.environment(s3_uploads),
        "DATABASE_URL": database_url(connection.settings_dict["NAME"]),
    }
    backup = tmp_path / "backup"
    assert run("backup", str(backup), env=env).returncode == 0
    refused = run("restore", str(backup), env=env)
    assert refused.returncode == 1
    assert "restore into an empty one" in refused.stderr
