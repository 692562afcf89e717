"""Accepted PDFs open in the browser, sandboxed; everything else stays a download."""

import pytest
from django.urls import reverse

from submissions.downloads import PDF_CSP
from submissions.models import Obligation, SubmissionVersion
from tests import factories
from tests.registry.dashboard_network import at, sc_centres, workplan_request
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db


def _record(obligation, upload, *, accepted):
    version = factories.version_received(
        obligation, files=[upload], received_at=at(2015, 9, 1), received_through="email"
    )
    if accepted:
        SubmissionVersion.objects.filter(pk=version.pk).update(
            review_status="accepted", reviewed_at=at(2015, 9, 2)
        )
    return version.files.get()


@pytest.fixture
def obligation():
    (centre,) = sc_centres(1, prefix="Centre in Kenya")
    return Obligation.objects.get(request=workplan_request(), centre=centre)


def _assert_inline_and_sandboxed(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"
    csp = response["Content-Security-Policy"]
    assert csp == PDF_CSP and csp.startswith("sandbox;") and "default-src 'none'" in csp
    assert "script-src" not in csp and "allow-scripts" not in csp


def test_the_directory_opens_an_accepted_pdf_in_the_browser(client, obligation):
    stored = _record(obligation, files.pdf(), accepted=True)

    response = client.get(reverse("directory:document", args=[stored.pk]))

    _assert_inline_and_sandboxed(response)
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_accepted_type_is_still_a_download(client, obligation):
    stored = _record(obligation, files.docx(), accepted=True)

    response = client.get(reverse("directory:document", args=[stored.pk]))

    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" not in response.get("Content-Security-Policy", "")


def test_the_portal_opens_only_an_accepted_pdf_inline_to_those_who_may_read_it(
    client, obligation, staff, director_b
):
    pending = _record(obligation, files.pdf(), accepted=False)
    accepted = _record(obligation, files.pdf(extra=b"%v2\n"), accepted=True)
    client.force_login(staff)

    _assert_inline_and_sandboxed(client.get(reverse("portal:download", args=[accepted.pk])))
    pending_response = client.get(reverse("portal:download", args=[pending.pk]))
    assert pending_response["Content-Disposition"].startswith("attachment;")
    assert pending_response["Cache-Control"] == "no-store"

    client.force_login(director_b)  # another centre's director: still a 404
    assert client.get(reverse("portal:download", args=[accepted.pk])).status_code == 404
