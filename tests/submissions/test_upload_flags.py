"""Flags from the upload checks are shown to staff wherever they review a version."""

import pytest
from django.urls import reverse

from submissions import services
from tests.submissions.hostile_files import linked_picture_docx

pytestmark = pytest.mark.django_db

# Shared fixtures of the portal tests.

FLAG = "links to outside content that may load when it is opened"


@pytest.fixture
def flagged_version(obligation_a, director_a, frozen):
    return services.version_upload(
        obligation=obligation_a, files=[linked_picture_docx()], uploaded_by=director_a
    )


def test_the_obligation_page_shows_staff_the_flags_and_asks_to_confirm_them(
    client, staff, flagged_version
):
    client.force_login(staff)
    page = client.get(
        reverse("portal:obligation", args=[flagged_version.submission.obligation_id])
    ).content.decode()
    assert FLAG in page and "https://tracker.example/pixel.png" in page
    assert 'name="flags_seen"' in page


def test_the_review_queue_shows_the_flags(client, staff, flagged_version):
    client.force_login(staff)
    assert FLAG in client.get(reverse("portal:review_queue")).content.decode()


def test_directors_do_not_see_the_staff_flags(client, director_a, flagged_version):
    client.force_login(director_a)
    page = client.get(
        reverse("portal:obligation", args=[flagged_version.submission.obligation_id])
    ).content.decode()
    assert FLAG not in page


def test_an_unflagged_version_asks_no_confirmation(client, staff, obligation_a, director_a, frozen):
    from tests.submissions import portal_files as files

    services.version_upload(obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a)
    client.force_login(staff)
    page = client.get(reverse("portal:obligation", args=[obligation_a.pk])).content.decode()
    assert 'name="flags_seen"' not in page


def test_the_admin_shows_the_flags_on_the_version(admin_client, flagged_version):
    page = admin_client.get(
        reverse("admin:submissions_submissionversion_change", args=[flagged_version.pk])
    ).content.decode()
    assert FLAG in page
