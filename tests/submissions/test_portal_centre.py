"""The centre profile in the portal: the director updates contacts and website, with history."""

import pytest
from django.urls import reverse

from centres.models import Contact
from tests import factories

pytestmark = pytest.mark.django_db


def _form_data(centre, **changes):
    contacts = list(centre.contacts.order_by("pk"))
    data = {
        "centre-website": changes.get("website", centre.website),
        "contacts-TOTAL_FORMS": str(len(contacts) + 1),
        "contacts-INITIAL_FORMS": str(len(contacts)),
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    for i, c in enumerate(contacts):
        data.update(
            {
                f"contacts-{i}-id": str(c.pk),
                f"contacts-{i}-centre": str(centre.pk),
                f"contacts-{i}-name": c.name,
                f"contacts-{i}-role": c.role,
                f"contacts-{i}-email": c.email,
                f"contacts-{i}-preferred_language": c.preferred_language,
            }
        )
    new = changes.get("new")
    if new:
        i = len(contacts)
        data.update({f"contacts-{i}-{k}": v for k, v in new.items()})
    return data


def test_the_director_updates_the_website_and_adds_a_contact_with_history(
    client, director_a, centre_a
):
    client.force_login(director_a)
    url = reverse("centres:profile", args=[centre_a.pk])
    response = client.post(
        url,
        _form_data(
            centre_a,
            website="https://centre-a.example.org",
            new={
                "name": "Bia Lima",
                "role": "focal_point",
                "email": "bia@centre-a.org",
                "preferred_language": "en",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    centre_a.refresh_from_db()
    assert centre_a.website == "https://centre-a.example.org"
    assert Contact.objects.filter(centre=centre_a, email="bia@centre-a.org").exists()
    assert centre_a.history.first().history_user == director_a
    assert Contact.history.filter(email="bia@centre-a.org").get().history_user == director_a
    page = client.get(url).content.decode()
    assert "Bia Lima" in page and "director.a" in page and "centre-a.example.org" in page


def test_a_second_director_is_refused_with_a_clear_message(client, director_a, centre_a):
    client.force_login(director_a)
    response = client.post(
        reverse("centres:profile", args=[centre_a.pk]),
        _form_data(
            centre_a,
            new={
                "name": "Rival",
                "role": "director",
                "email": "rival@centre-a.org",
                "preferred_language": "en",
            },
        ),
    )
    assert response.status_code == 200
    assert "A centre has one director" in response.content.decode()
    assert centre_a.contacts.count() == 1


def test_a_focal_point_sees_the_profile_but_cannot_change_it(client, centre_a, director_a):
    user = factories.UserFactory(username="focal")
    factories.ContactFactory(centre=centre_a, user=user)
    client.force_login(user)
    url = reverse("centres:profile", args=[centre_a.pk])
    assert "Only the centre's director" in client.get(url).content.decode()
    response = client.post(url, _form_data(centre_a, website="https://evil.example.org"))
    assert response.status_code == 404
    centre_a.refresh_from_db()
    assert centre_a.website == ""
