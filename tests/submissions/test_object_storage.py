"""Uploads in an S3-compatible bucket (moto's real server): stored under random keys, read back
only through the permission-checked download."""

import hashlib

import pytest
from django.urls import reverse

from submissions import services
from tests.submissions import portal_files as files

pytestmark = [pytest.mark.django_db, pytest.mark.s3]


def test_an_upload_goes_to_the_bucket_under_a_random_key(
    s3_uploads, s3_server, obligation_a, director_a, frozen
):
    version = services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )
    stored = version.files.get()
    assert s3_server.keys(s3_uploads) == [stored.file.name]
    assert stored.file.name.startswith("submissions/")
    assert "workplan" not in stored.file.name
    body = s3_server.client().get_object(Bucket=s3_uploads, Key=stored.file.name)["Body"].read()
    assert hashlib.sha256(body).hexdigest() == stored.sha256


def test_the_director_downloads_from_the_bucket_and_another_centre_gets_a_404(
    s3_uploads, client, obligation_a, director_a, director_b, frozen
):
    version = services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )
    url = reverse("portal:download", args=[version.files.get().pk])

    client.force_login(director_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert b"".join(response.streaming_content) == files.PDF_BYTES

    client.force_login(director_b)
    assert client.get(url).status_code == 404


def test_a_file_missing_from_the_bucket_is_a_404_not_a_500(
    s3_uploads, s3_server, client, obligation_a, director_a, frozen
):
    version = services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )
    stored = version.files.get()
    s3_server.client().delete_object(Bucket=s3_uploads, Key=stored.file.name)
    client.force_login(director_a)
    assert client.get(reverse("portal:download", args=[stored.pk])).status_code == 404
