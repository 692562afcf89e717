"""registry.storage and its commands: copying the uploads between a folder and a bucket with every
SHA-256 checked, verifying them, and /healthz's storage check. The bucket is moto's real server."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from registry import storage
from submissions.models import SubmissionFile
from tests import factories
from tests.processes import run_python
from tests.submissions import portal_files as files

ROOT = Path(__file__).resolve().parents[2]


def record_versions(count):
    """Store `count` versions of one file each, in the storage configured now."""
    obligation = factories.ObligationFactory()
    for n in range(count):
        factories.version_received(
            obligation,
            files=[SimpleUploadedFile(f"report-{n}.pdf", files.PDF_BYTES + str(n).encode())],
            received_at=dt.datetime(2015, 9, 1, 10, tzinfo=dt.UTC),
            received_through="paper",
        )
    return list(SubmissionFile.objects.order_by("pk"))


@pytest.fixture
def folder_files(db, settings, tmp_path):
    """Three uploads stored in a folder (the set-up before object storage)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return record_versions(3)


pytestmark = pytest.mark.django_db


@pytest.mark.s3
def test_moving_the_folder_to_the_bucket_verifies_every_file_and_is_idempotent(
    folder_files, settings, s3_server, tmp_path
):
    folder = settings.MEDIA_ROOT
    bucket = s3_server.new_bucket()
    settings.STORAGES = s3_server.storages_setting(bucket, settings.STORAGES)

    report = storage.uploads_copy(
        source=FileSystemStorage(location=folder), target=storage.default_storage
    )
    assert (len(report.copied), report.ok) == (3, True)
    assert s3_server.keys(bucket) == sorted(f.file.name for f in folder_files)

    again = storage.uploads_copy(
        source=FileSystemStorage(location=folder), target=storage.default_storage
    )
    assert (len(again.copied), len(again.present), again.ok) == (0, 3, True)
    assert storage.uploads_verify().ok


@pytest.mark.s3
def test_a_copy_resumes_replaces_a_damaged_copy_and_refuses_a_source_that_differs(
    folder_files, settings, s3_server
):
    folder = settings.MEDIA_ROOT
    bucket = s3_server.new_bucket()
    settings.STORAGES = s3_server.storages_setting(bucket, settings.STORAGES)
    first, second, third = folder_files
    client = s3_server.client()
    # An earlier run stopped after the first file and left a truncated second one.
    client.put_object(
        Bucket=bucket, Key=first.file.name, Body=Path(folder, first.file.name).read_bytes()
    )
    client.put_object(Bucket=bucket, Key=second.file.name, Body=b"%PDF-trunc")
    # The third file was damaged on disk since it was stored.
    Path(folder, third.file.name).write_bytes(b"damaged")

    report = storage.uploads_copy(
        source=FileSystemStorage(location=folder), target=storage.default_storage
    )
    assert report.present == [first_label(first)]
    assert report.copied == [first_label(second)]
    assert report.mismatched == [first_label(third)]
    assert not report.ok
    verified = storage.uploads_verify()
    assert verified.missing == [first_label(third)]


def first_label(stored):
    return f"submissions.SubmissionFile #{stored.pk} (file: {stored.file.name})"


def test_the_command_backs_up_to_a_folder_and_deletes_a_source_only_once_copied(
    folder_files, settings, tmp_path
):
    backup = tmp_path / "backup"
    call_command("uploads_copy", "--to-folder", str(backup), stdout=open(os.devnull, "w"))
    assert sorted(p.name for p in (backup / "submissions").iterdir()) == sorted(
        Path(f.file.name).name for f in folder_files
    )
    restored = tmp_path / "restored"
    settings.MEDIA_ROOT = str(restored)
    call_command(
        "uploads_copy",
        "--from-folder",
        str(backup),
        "--delete-source",
        stdout=open(os.devnull, "w"),
    )
    assert list((backup / "submissions").iterdir()) == []
    assert storage.uploads_verify().ok


def test_the_command_refuses_to_copy_the_folder_onto_itself(folder_files, settings):
    with pytest.raises(CommandError, match="nothing to copy"):
        call_command("uploads_copy", "--from-folder", settings.MEDIA_ROOT)


def test_verify_fails_and_names_the_file_whose_content_changed(folder_files, settings):
    Path(settings.MEDIA_ROOT, folder_files[0].file.name).write_bytes(b"changed")
    with pytest.raises(CommandError, match="missing or differ"):
        call_command("uploads_verify", stdout=open(os.devnull, "w"))


def test_history_tables_are_not_copied_twice(db):
    models = {model._meta.label for model, _field in storage.file_fields()}
    assert "submissions.SubmissionFile" in models
    assert not [label for label in models if ".Historical" in label]


@pytest.mark.s3
def test_healthz_reports_the_bucket_and_a_bucket_that_does_not_answer(
    client, settings, s3_server, s3_uploads
):
    settings.REGISTRY_HEALTHZ_TOKEN = "probe"
    auth = {"HTTP_AUTHORIZATION": "Bearer probe"}
    body = client.get("/healthz", **auth).json()
    assert body["storage"] == {"status": "ok", "backend": "S3Storage"}

    settings.STORAGES = s3_server.storages_setting("no-such-bucket", settings.STORAGES)
    settings.STORAGES["default"]["OPTIONS"]["endpoint_url"] = "http://127.0.0.1:9"
    response = client.get("/healthz", **auth)
    assert response.status_code == 503
    assert response.json()["storage"]["status"] == "down"


def test_healthz_reports_a_folder_that_cannot_be_written(client, settings, tmp_path):
    if os.geteuid() == 0:
        blocked = tmp_path / "a-file-not-a-folder"
        blocked.write_text("")
        settings.MEDIA_ROOT = str(blocked / "media")
    else:
        settings.MEDIA_ROOT = "/proc/registry-media"
    settings.REGISTRY_HEALTHZ_TOKEN = "probe"
    response = client.get("/healthz", HTTP_AUTHORIZATION="Bearer probe")
    assert response.status_code == 503
    assert response.json()["storage"]["status"] == "down"


@pytest.mark.s3
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_settings_put_uploads_in_the_bucket_named_by_the_environment(s3_server):
    """REGISTRY_S3_* (read by base.py, not the test's own STORAGES) reach the bucket."""
    bucket = s3_server.new_bucket()
    record_versions(2)
    db = connection.settings_dict
    env = {
        **os.environ,
        **s3_server.environment(bucket),
        "DJANGO_SETTINGS_MODULE": "registry.settings.local",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REGISTRY_MEDIA_ROOT": str(storage.default_storage.location),
    }
    result = run_python(
        "manage.py", "uploads_copy", "--from-folder", env["REGISTRY_MEDIA_ROOT"], env=env
    )
    assert result.returncode == 0, result.stderr
    assert "copied and verified: 2" in result.stdout
    assert len(s3_server.keys(bucket)) == 2
