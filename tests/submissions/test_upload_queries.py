"""An upload through the portal runs the same number of queries whatever the network's size
and however many versions the obligation already has."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions import services
from tests import factories
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db


def uploaded(client, obligation, extra):
    url = reverse("portal:obligation", args=[obligation.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"files": files.pdf(extra=extra), "tz": ""})
    assert response.status_code == 302
    return len(captured)


def test_a_revision_runs_the_same_queries_at_any_size(
    client, director_a, centre_a, obligation_a, frozen
):
    client.force_login(director_a)
    uploaded(client, obligation_a, b"first")  # the first version also moves the first receipt
    small = uploaded(client, obligation_a, b"second")

    for i in range(6):
        request = factories.RequestFactory(convention_centres="", paragraph=f"q{i}")
        request.centres.add(centre_a, factories.CentreFactory())
        services.version_upload(
            obligation=request.obligations.get(centre=centre_a),
            files=[files.pdf(extra=bytes([i]))],
            uploaded_by=director_a,
        )
    for i in range(4):
        uploaded(client, obligation_a, b"more %d" % i)

    assert uploaded(client, obligation_a, b"last") == small


def test_the_receipt_reads_the_locked_obligation_not_the_obligation_again(
    client, director_a, centre_a, obligation_a, frozen, mailoutbox
):
    client.force_login(director_a)
    uploaded(client, obligation_a, b"first")
    url = reverse("portal:obligation", args=[obligation_a.pk])
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, {"files": files.pdf(extra=b"second"), "tz": ""})

    assert response.status_code == 302
    tables = [
        q["sql"].split(" FROM ")[1].split()[0] for q in captured if q["sql"].startswith("SELECT")
    ]
    # The request and its decision come with the locked obligation: never read alone.
    assert '"submissions_request"' not in tables
    assert '"submissions_decision"' not in tables
    assert tables.count('"submissions_obligation"') == 2  # the page's read, then the lock
