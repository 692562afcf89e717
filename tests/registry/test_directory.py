"""The public directory: centres by region, public details, and only accepted documents."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.directory.selectors import accepted_versions
from submissions.models import Obligation, RequestKind
from tests import factories
from tests.registry.dashboard_network import at, sc_centres, submit, workplan_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    africa = factories.RegionFactory(code="AF", name="Africa")
    [centre] = sc_centres(1, region=africa, prefix="Centre in Kenya")
    factories.HostingFactory(
        centre=centre,
        institution__name="Former Host",
        started_on=dt.date(2009, 1, 1),
        ended_on=dt.date(2014, 12, 31),
    )
    factories.HostingFactory(
        centre=centre, institution__name="icipe", started_on=dt.date(2015, 1, 1)
    )
    factories.ContactFactory(
        centre=centre, name="Public Person", email="public@c.org", is_public=True
    )
    factories.ContactFactory(centre=centre, name="Private Person", email="private@c.org")
    centre.countries_served.add(factories.PartyFactory(code="UG", name="Uganda"))
    return centre


def test_it_lists_centres_by_region_with_their_public_details(client, centre):
    response = client.get(reverse("directory:index"))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Africa",
        "Centre in Kenya 0001",
        "icipe",
        "Stockholm Convention",
        "Uganda",
        "Public Person",
        "public@c.org",
    ):
        assert text in html
    for text in ("Former Host", "Private Person", "private@c.org"):
        assert text not in html


def test_a_ceased_centre_is_not_listed(client, centre):
    centre.ceased_on = dt.date(2016, 1, 1)
    centre.save()

    assert "Centre in Kenya" not in client.get(reverse("directory:index")).content.decode()


def test_only_the_latest_accepted_version_is_offered_and_downloads(client, centre):
    obligation = Obligation.objects.get(request=workplan_request(), centre=centre)
    submit(obligation, at(2015, 9, 1), accepted=True, name="workplan-v1.pdf")
    submit(obligation, at(2015, 9, 5), accepted=True, name="workplan-v2.pdf", content=b"v2")
    pending = submit(obligation, at(2015, 9, 9), name="workplan-draft.pdf")

    response = client.get(reverse("directory:index"))

    html = response.content.decode()
    assert "workplan-v2.pdf" in html
    assert "workplan-v1.pdf" not in html
    assert "workplan-draft.pdf" not in html
    [(request, version, [public_file])] = response.context["regions"][0][1][0]["documents"]
    download = client.get(reverse("directory:document", args=[public_file.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"v2"
    assert 'filename="workplan-v2.pdf"' in download["Content-Disposition"]
    hidden = pending.files.get()
    assert client.get(reverse("directory:document", args=[hidden.pk])).status_code == 404


def test_documents_other_than_workplans_and_reports_are_never_public(client, centre):
    request = factories.RequestFactory(
        paragraph="12(b)",
        kind=RequestKind.VIEWS,
        period_start=None,
        period_end=None,
        issued_on=dt.date(2016, 4, 20),
        due_date=dt.date(2016, 6, 30),
    )
    views = submit(
        Obligation.objects.get(request=request, centre=centre),
        at(2016, 6, 1),
        accepted=True,
        name="views.pdf",
    )

    assert "views.pdf" not in client.get(reverse("directory:index")).content.decode()
    assert client.get(reverse("directory:document", args=[views.files.get().pk])).status_code == 404


def test_accepted_means_reviewed_and_accepted():
    [centre] = sc_centres(1)
    obligation = Obligation.objects.get(request=workplan_request(), centre=centre)
    accepted = submit(obligation, at(2015, 9, 1), accepted=True)
    submit(obligation, at(2015, 9, 2))

    assert list(accepted_versions()) == [accepted]


def test_an_unknown_document_is_a_404(client):
    assert client.get(reverse("directory:document", args=[424242])).status_code == 404
