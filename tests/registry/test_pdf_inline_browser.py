"""Chromium displays an accepted PDF of the directory in its own viewer, despite the sandbox."""

import pytest
from django.urls import reverse

from submissions.models import Obligation
from tests.registry.dashboard_network import sc_centres, workplan_request
from tests.registry.test_pdf_inline import _record
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db(transaction=True)

PDF_VIEWER = "chrome-extension://mhjfbmdgcfjbbpaeojofohoefgiehjai/"


def test_chromium_shows_an_accepted_pdf_in_its_viewer(chromium, page, server):
    (centre,) = sc_centres(1, prefix="Centre in Kenya")
    obligation = Obligation.objects.get(request=workplan_request(), centre=centre)
    stored = _record(obligation, files.pdf(), accepted=True)
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "blocked" in m.text.lower() else None)

    response = page.goto(f"{server.url}{reverse('directory:document', args=[stored.pk])}")

    assert response is not None and response.status == 200
    # Chromium keeps only frame-ancestors of a PDF's policy: its viewer is sandboxed anyway.
    assert response.headers["content-type"] == "application/pdf"
    # The viewer (Chromium's PDF extension) opens in a frame of the page: a download or a
    # viewer blocked by the sandbox would show none.
    for _attempt in range(40):
        if any(f.url.startswith(PDF_VIEWER) for f in page.frames):
            break
        page.wait_for_timeout(250)
    assert any(f.url.startswith(PDF_VIEWER) for f in page.frames), [f.url for f in page.frames]
    assert "blocked by" not in page.content().lower()
    assert blocked == []
