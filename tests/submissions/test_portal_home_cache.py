"""The portal home's list is cached per user under the data stamp and the Geneva day."""

import datetime as dt

import pytest
from django.urls import reverse

from submissions import services
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("portal:home")).content.decode()


def listing(html):
    return html[html.index('id="obligations"') :]


def test_a_second_read_runs_fewer_queries_and_shows_the_same_list(
    client, director_a, obligation_a, frozen, django_assert_max_num_queries
):
    client.force_login(director_a)
    first = home(client)

    # session, user, centres, Parties, stamp, nav; no obligation
    with django_assert_max_num_queries(9):
        second = home(client)

    assert listing(second) == listing(first)
    assert f'data-obligation="{obligation_a.pk}"' in second


def test_a_write_shows_at_once(
    client, director_a, obligation_a, frozen, django_capture_on_commit_callbacks
):
    client.force_login(director_a)
    before = home(client)

    with django_capture_on_commit_callbacks(execute=True):
        services.version_upload(
            obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
        )
    after = home(client)

    assert "Nothing received yet." in before
    assert "Latest: version 1" in after


def test_the_next_day_counts_the_days_left_again(client, director_a, obligation_a, frozen):
    client.force_login(director_a)
    today = home(client)

    frozen.shift(dt.timedelta(days=1))
    tomorrow = home(client)

    assert listing(today) != listing(tomorrow)  # one day left fewer


def test_each_user_gets_their_own_list(client, director_a, director_b, obligation_a, obligation_b):
    client.force_login(director_a)
    mine = home(client)
    client.force_login(director_b)
    theirs = home(client)

    assert f'data-obligation="{obligation_a.pk}"' in mine
    assert f'data-obligation="{obligation_a.pk}"' not in theirs
    assert f'data-obligation="{obligation_b.pk}"' in theirs
