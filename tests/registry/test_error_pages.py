"""400, 403, 404 and 500 answer in the site's layout, in plain words, with a way back."""

import pytest
from django.test import Client

BACK = '<a href="/">Back to the start page</a>'


@pytest.fixture
def failing_site(settings):
    settings.ROOT_URLCONF = "tests.registry.error_urls"
    settings.DEBUG = False


@pytest.fixture
def visitor(db):
    return Client(raise_request_exception=False)


def error_page(visitor, path, status, **headers):
    """Get `path`; assert it answers `status` with a way back; return the page."""
    response = visitor.get(path, headers=headers)
    page = response.content.decode()
    assert response.status_code == status
    assert BACK in page
    return page


def test_a_missing_page_is_a_404_in_the_layout_with_a_way_back(visitor):
    page = error_page(visitor, "/no/such/page/", 404)

    assert "There is no such page" in page
    assert 'class="navbar' in page
    assert "favicon.svg" in page


def test_a_refusal_is_a_403_that_names_who_is_signed_in(failing_site, visitor, director_a):
    visitor.force_login(director_a)

    page = error_page(visitor, "/test-errors/refuses", 403)

    assert "You are signed in as director.a" in page


def test_a_refusal_to_a_visitor_suggests_signing_in(failing_site, visitor):
    page = error_page(visitor, "/test-errors/refuses", 403)

    assert "Sign in to see it" in page


def test_a_suspicious_request_is_a_400_in_the_layout(failing_site, visitor):
    page = error_page(visitor, "/test-errors/suspicious", 400)

    assert "could not understand this request" in page


def test_a_bug_is_a_500_in_the_layout_that_reads_no_session(failing_site, visitor, staff):
    visitor.force_login(staff)

    page = error_page(visitor, "/test-errors/fails", 500)

    assert "Something went wrong on our side" in page
    assert "secretariat" not in page  # rendered without the request: no user, no session


def test_the_error_pages_follow_the_language(failing_site, visitor):
    response = visitor.get("/test-errors/suspicious", headers={"accept-language": "fr"})

    assert '<html lang="fr">' in response.content.decode()


def test_the_admin_names_the_registry(visitor, staff):
    visitor.force_login(staff)

    response = visitor.get("/admin/")

    assert "Regional centres registry: administration" in response.content.decode()


def test_an_unknown_host_is_a_400_in_the_layout(visitor):
    error_page(visitor, "/", 400, host="registry.example.org")
