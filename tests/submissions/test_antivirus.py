"""Every upload is scanned by a real clamd (the tests' own, with the project's EICAR signature)."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions import antivirus, services, uploads
from submissions.models import SubmissionFile, SubmissionVersion
from tests import clamd as clamd_fixtures
from tests.clamd import EICAR, SIGNATURE, start_clamd
from tests.submissions import portal_files as files
from tests.submissions.hostile_files import rewrite_zip
from tests.submissions.portal_files import docx_bytes

# Shared fixtures of the portal and clamd tests.
clamd = clamd_fixtures.clamd
clamd_socket = clamd_fixtures.clamd_socket


def _upload(client, obligation, *uploaded):
    url = reverse("portal:obligation", args=[obligation.pk])
    return client.post(url, {"files": list(uploaded), "tz": "Europe/Zurich"})


def eicar_pdf(name="workplan.pdf"):
    """A readable PDF, clean for the content checks, that carries EICAR in a raw stream."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.PDF_BYTES)))
    stream = DecodedStreamObject()
    stream.set_data(EICAR)
    writer._root_object[NameObject("/PieceInfo")] = writer._add_object(stream)
    buffer = io.BytesIO()
    writer.write(buffer)
    assert EICAR in buffer.getvalue()
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def clamd_down(tmp_path, settings):
    """A clamd that ran, answered, and was then stopped: its socket is left without a server."""
    server = start_clamd(tmp_path)
    server.stop()
    settings.REGISTRY_CLAMD_ADDRESS = server.socket
    settings.REGISTRY_VIRUS_SCAN_DISABLED = False
    return server.socket


@pytest.mark.clamd
@pytest.mark.django_db
def test_an_eicar_upload_through_the_portal_is_refused_and_logged(
    client, director_a, obligation_a, frozen, clamd, caplog
):
    client.force_login(director_a)
    with caplog.at_level(logging.WARNING, logger="submissions.antivirus"):
        response = _upload(client, obligation_a, eicar_pdf())

    assert response.status_code == 400
    page = response.content.decode()
    assert f"The file “workplan.pdf” contains a virus or malware ({SIGNATURE})" in page
    assert not SubmissionVersion.objects.exists()
    assert not SubmissionFile.objects.exists()
    (record,) = [r for r in caplog.records if r.name == "submissions.antivirus"]
    assert record.levelno == logging.WARNING
    assert "workplan.pdf" in record.getMessage() and SIGNATURE in record.getMessage()


@pytest.mark.clamd
@pytest.mark.django_db
def test_a_clean_pdf_is_scanned_and_stored(client, director_a, obligation_a, frozen, clamd):
    client.force_login(director_a)
    response = _upload(client, obligation_a, files.pdf())

    assert response.status_code == 302
    version = SubmissionVersion.objects.get()
    assert [f.original_name for f in version.files.all()] == ["workplan.pdf"]
    assert version.upload_flags == ""


@pytest.mark.clamd
def test_eicar_inside_a_word_package_is_found(clamd):
    hidden = SimpleUploadedFile(
        "plan.docx", rewrite_zip(docx_bytes(), add=[("word/media/x.png", EICAR)])
    )
    with pytest.raises(uploads.UploadRefused) as exc:
        uploads.validate_uploads([hidden, files.pdf()])
    (message,) = exc.value.messages
    assert "“plan.docx” contains a virus" in message


@pytest.mark.clamd
@pytest.mark.django_db
def test_when_clamd_is_down_uploads_are_refused_with_try_again_later(
    client, director_a, obligation_a, frozen, clamd_down, caplog
):
    client.force_login(director_a)
    with caplog.at_level(logging.ERROR, logger="submissions.antivirus"):
        response = _upload(client, obligation_a, files.pdf())

    assert response.status_code == 400
    assert str(antivirus.UNAVAILABLE) in response.content.decode()
    assert "try again later" in str(antivirus.UNAVAILABLE)
    assert not SubmissionVersion.objects.exists()
    assert any("Antivirus unavailable" in r.getMessage() for r in caplog.records)


@pytest.mark.clamd
@pytest.mark.django_db
def test_under_the_hold_policy_an_unscanned_upload_is_stored_and_flagged_for_staff(
    client, director_a, staff, obligation_a, frozen, clamd_down, settings
):
    settings.REGISTRY_CLAMD_UNAVAILABLE = "hold"
    client.force_login(director_a)
    assert _upload(client, obligation_a, files.pdf()).status_code == 302
    version = SubmissionVersion.objects.get()
    assert version.upload_flag_list() == [
        str(antivirus.NOT_SCANNED_FLAG % {"name": "workplan.pdf"})
    ]

    client.force_login(staff)
    queue = client.get(reverse("portal:review_queue")).content.decode()
    assert "was not scanned for viruses" in queue
    url = reverse("portal:version_review", args=[version.pk])
    client.post(url, {"decision": "accept"})
    version.refresh_from_db()
    assert version.review_status == "pending"

    client.post(url, {"decision": "accept", "flags_seen": "on"})
    version.refresh_from_db()
    assert version.review_status == "accepted"


@pytest.mark.django_db
def test_a_flagged_version_cannot_be_accepted_without_confirming_the_flags(
    obligation_a, director_a, staff, frozen
):
    from tests.submissions.hostile_files import linked_picture_docx

    version = services.version_upload(
        obligation=obligation_a, files=[linked_picture_docx()], uploaded_by=director_a
    )
    assert "tracker.example" in version.upload_flags
    with pytest.raises(Exception) as exc:
        services.version_review(version=version, reviewer=staff, accept=True)
    assert str(services.FLAGS_NOT_SEEN) in exc.value.messages
    services.version_review(version=version, reviewer=staff, accept=True, flags_seen=True)
    version.refresh_from_db()
    assert version.review_status == "accepted"


def test_nothing_is_scanned_when_no_address_is_configured(settings):
    settings.REGISTRY_CLAMD_ADDRESS = ""
    assert not antivirus.scanning_enabled()
    assert uploads.validate_uploads([eicar_pdf()]).flags == []


def test_scanning_can_be_turned_off_explicitly(settings):
    settings.REGISTRY_CLAMD_ADDRESS = "/nowhere/clamd.sock"
    settings.REGISTRY_VIRUS_SCAN_DISABLED = True
    assert not antivirus.scanning_enabled()


@pytest.mark.parametrize(
    ("address", "kind", "where"),
    [
        ("/run/clamav/clamd.ctl", "ClamdUnixSocket", "/run/clamav/clamd.ctl"),
        ("unix:///var/run/clamd.sock", "ClamdUnixSocket", "/var/run/clamd.sock"),
        ("clamav:3310", "ClamdNetworkSocket", ("clamav", 3310)),
        ("tcp://127.0.0.1:3310", "ClamdNetworkSocket", ("127.0.0.1", 3310)),
    ],
)
def test_the_address_names_a_socket_path_or_a_host_and_port(address, kind, where):
    client = antivirus.client(address)
    assert type(client).__name__ == kind
    found = client.unix_socket if kind == "ClamdUnixSocket" else (client.host, client.port)
    assert found == where


@pytest.mark.parametrize("address", ["clamav", "clamav:port", "clamav:३३१०"])
def test_a_malformed_address_is_a_configuration_error(address):
    with pytest.raises(ImproperlyConfigured):
        antivirus.client(address)
