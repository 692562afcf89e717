"""Every response carries the Content-Security-Policy and Permissions-Policy headers, and no
template has the inline script, handler or style that the policy would refuse."""

import re
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from registry.middleware import PermissionsPolicyMiddleware, permissions_policy

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Emails are read in mail clients, which apply no CSP and need inline styles.
PAGE_TEMPLATES = [
    path
    for path in sorted((ROOT / "templates").rglob("*.html"))
    if path.relative_to(ROOT / "templates").parts[0] != "emails"
]
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"),
    "inline style element": re.compile(r"<style\b"),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def directives(header):
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/healthz"])
def test_every_response_carries_a_strict_content_security_policy(client, url):
    response = client.get(url)

    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'"
    assert all(v == "'self'" or v.startswith("'nonce-") for v in policy["script-src"])
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_admin_gets_a_nonce_for_its_own_scripts(admin_client):
    response = admin_client.get(reverse("admin:auth_user_add"))

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/healthz"])
def test_every_response_refuses_the_browser_features_the_registry_never_uses(client, url):
    response = client.get(url)

    features = dict(
        item.strip().split("=", 1) for item in response["Permissions-Policy"].split(",")
    )
    assert features["camera"] == "()"
    assert features["geolocation"] == "()"
    assert features["microphone"] == "()"
    assert set(features.values()) == {"()"}


def test_the_permissions_policy_lists_each_configured_feature(settings):
    settings.REGISTRY_PERMISSIONS_POLICY = ["camera", "usb"]

    assert permissions_policy(settings.REGISTRY_PERMISSIONS_POLICY) == "camera=(), usb=()"


def test_a_view_that_sets_its_own_permissions_policy_keeps_it(settings):
    def view(request):
        response = HttpResponse()
        response["Permissions-Policy"] = "fullscreen=(self)"
        return response

    response = PermissionsPolicyMiddleware(view)(RequestFactory().get("/"))

    assert response["Permissions-Policy"] == "fullscreen=(self)"


def test_the_template_scan_finds_the_templates():
    names = {path.name for path in PAGE_TEMPLATES}
    assert {"base.html", "_tz_script.html", "trends.html", "field.html"} <= names


@pytest.mark.parametrize("kind", sorted(INLINE))
def test_the_inline_scan_catches_what_it_looks_for(kind):
    samples = {
        "inline script": "<script>alert(1)</script>",
        "inline style element": "<style>p {}</style>",
        "event handler attribute": '<select onchange="go()">',
        "style attribute": '<div class="x" style="width: 1px">',
        "javascript: URL": '<a href="javascript:go()">',
    }

    assert INLINE[kind].search(samples[kind])


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_template_has_what_the_policy_refuses(path):
    text = path.read_text()

    found = [kind for kind, pattern in INLINE.items() if pattern.search(text)]

    assert found == [], "move it to static/js or static/css/registry.css"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/calendar/%00.ics", "/dashboard/?as_at=%00", "/?q%00=1", "/portal/?centre=1%002"]
)
def test_a_nul_byte_in_the_address_is_a_400_with_a_message(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()
