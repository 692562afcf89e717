"""A director reaches their centre's published evaluations from the portal's home."""

import pytest
from django.urls import reverse

from evaluations.models import CycleStatus
from tests.evaluations.grid import make_cycle, make_evaluation

pytestmark = pytest.mark.django_db


def test_the_home_links_to_the_published_evaluations_which_never_list_a_draft(
    client, director_a, centre_a, centre_b, methodology
):
    published = make_evaluation(
        make_cycle(methodology, year=2015, status=CycleStatus.PUBLISHED), centre_a
    )
    draft = make_evaluation(make_cycle(methodology, year=2019), centre_a)
    other = make_evaluation(published.cycle, centre_b)
    client.force_login(director_a)

    home = client.get(reverse("portal:home")).content.decode()
    listing = client.get(reverse("evaluations:my_evaluations")).content.decode()

    assert reverse("evaluations:my_evaluations") in home
    assert reverse("evaluations:my_evaluation", args=[published.pk]) in listing
    assert reverse("evaluations:my_evaluation", args=[draft.pk]) not in listing
    assert reverse("evaluations:my_evaluation", args=[other.pk]) not in listing
    page = client.get(reverse("evaluations:my_evaluation", args=[published.pk]))
    assert page.status_code == 200
