"""The public directory: centres by region, public details, and only accepted documents."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse

from registry.directory.selectors import accepted_versions
from submissions.models import Obligation
from tests import factories
from tests.registry.dashboard_network import (
    at,
    hosted_by,
    sc_centres,
    submit,
    views_request,
    workplan_request,
)
from tests.submissions import portal_files as files

V2 = files.PDF_BYTES + b"% v2\n"

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre():
    africa = factories.RegionFactory(code="AF", name="Africa")
    [centre] = sc_centres(1, region=africa, prefix="Centre in Kenya")
    hosted_by(centre, "Former Host", "icipe", since=dt.date(2015, 1, 1))
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
    submit(obligation, at(2015, 9, 5), accepted=True, name="workplan-v2.pdf", content=V2)
    pending = submit(obligation, at(2015, 9, 9), name="workplan-draft.pdf")

    response = client.get(reverse("directory:index"))

    html = response.content.decode()
    assert "workplan-v2.pdf" in html
    assert "workplan-v1.pdf" not in html
    assert "workplan-draft.pdf" not in html
    [(_region, _code, [entry])] = response.context["sections"]
    [document] = entry["documents"]
    [(public_file, _name)] = document["files"]
    download = client.get(reverse("directory:document", args=[public_file]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == V2
    assert 'filename="workplan-v2.pdf"' in download["Content-Disposition"]
    hidden = pending.files.get()
    assert client.get(reverse("directory:document", args=[hidden.pk])).status_code == 404


def test_documents_other_than_workplans_and_reports_are_never_public(client, centre):
    request = views_request()
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


def test_the_directory_is_paginated_by_region_and_name(client):
    africa = factories.RegionFactory(code="AF", name="Africa")
    asia = factories.RegionFactory(code="AP", name="Asia and the Pacific")
    sc_centres(15, region=asia, prefix="Asian centre")
    sc_centres(10, region=africa, prefix="African centre")

    first = client.get(reverse("directory:index"))
    second = client.get(reverse("directory:index"), {"page": "2"})

    assert [name for name, _code, _entries in first.context["sections"]] == [
        "Africa",
        "Asia and the Pacific",
    ]
    assert len(first.context["sections"][1][2]) == 10  # 20 a page
    assert [e["name"] for e in second.context["sections"][0][2]] == [
        f"Asian centre {i:04d}" for i in range(11, 16)
    ]
    assert first.context["page"] == {"number": 1, "num_pages": 2, "count": 25}
    assert "page=2" in first.content.decode()
    assert {r["code"]: r["count"] for r in first.context["regions"]} == {"AF": 10, "AP": 15}


def test_the_count_is_the_listed_centres_whether_by_region_or_searched(client):
    africa = factories.RegionFactory(code="AF", name="Africa")
    asia = factories.RegionFactory(code="AP", name="Asia and the Pacific")
    asian = sc_centres(23, region=asia, prefix="Asian centre")
    sc_centres(4, region=africa, prefix="African centre")
    ceased = asian[0]
    ceased.ceased_on = dt.date(2015, 1, 1)
    ceased.save()

    def page(**query):
        return client.get(reverse("directory:index"), query).context["page"]

    assert page() == {"number": 1, "num_pages": 2, "count": 26}
    assert page(region="AP", page="2") == {"number": 2, "num_pages": 2, "count": 22}
    assert page(region="AF") == {"number": 1, "num_pages": 1, "count": 4}
    assert page(q="Asian") == {"number": 1, "num_pages": 2, "count": 22}
    assert page(q="African", region="AP") == {"number": 1, "num_pages": 1, "count": 0}


def test_the_directory_filters_by_region_and_searches_names(client, centre):
    asia = factories.RegionFactory(code="AP", name="Asia and the Pacific")
    sc_centres(2, region=asia, prefix="Centre in China")

    by_region = client.get(reverse("directory:index"), {"region": "AP"})
    by_name = client.get(reverse("directory:index"), {"q": "kenya"})
    nothing = client.get(reverse("directory:index"), {"q": "Atlantis"})

    assert [e["name"] for _n, _c, es in by_region.context["sections"] for e in es] == [
        "Centre in China 0001",
        "Centre in China 0002",
    ]
    assert [e["name"] for _n, _c, es in by_name.context["sections"] for e in es] == [
        "Centre in Kenya 0001"
    ]
    assert "No centre matches this search." in nothing.content.decode()


@pytest.mark.parametrize("query", [{"region": "XX"}, {"q": "x" * 101}])
def test_a_bad_region_or_search_is_a_400_with_a_message(client, centre, query):
    response = client.get(reverse("directory:index"), query)

    assert response.status_code == 400
    assert "The region or the search is not valid" in response.content.decode()


def test_a_page_out_of_range_shows_the_last_page(client, centre):
    response = client.get(reverse("directory:index"), {"page": "99"})

    assert response.status_code == 200
    assert "Centre in Kenya 0001" in response.content.decode()


def test_the_page_is_cached_as_plain_data_until_the_next_write(
    client, centre, django_assert_num_queries, django_capture_on_commit_callbacks
):
    client.get(reverse("directory:index"))
    [entry] = cache.get(directory_key())["sections"][0][2]

    with django_assert_num_queries(1):  # the data stamp only
        cached = client.get(reverse("directory:index"))
    with django_capture_on_commit_callbacks(execute=True):
        centre.name = "Renamed centre in Kenya"
        centre.save()
    fresh = client.get(reverse("directory:index"))

    assert isinstance(entry, dict) and entry["name"] == "Centre in Kenya 0001"
    assert "Centre in Kenya 0001" in cached.content.decode()
    assert "Renamed centre in Kenya" in fresh.content.decode()


def directory_key():
    [key] = [k for k in cache._cache if ":directory:" in k and not k.endswith(":lock")]  # noqa: SLF001
    return key.split(":", 2)[2]
