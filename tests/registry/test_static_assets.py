"""Static files: the vendored libraries are the listed releases, and URLs carry content hashes."""

import hashlib
import re
import tomllib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.templatetags.static import static

import registry.settings.base as base_settings

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "static" / "vendor"
# The libraries the browser tests inject (axe-core), listed the same way as the served ones.
TEST_VENDOR = ROOT / "tests" / "vendor"
REQUIRED = {"path", "package", "version", "file", "source", "license", "sha256"}


def assets(vendor=VENDOR):
    return tomllib.loads((vendor / "ASSETS.toml").read_text())["asset"]


def vendored_files(vendor):
    listing = vendor / "ASSETS.toml"
    return {str(p.relative_to(vendor)) for p in vendor.rglob("*") if p.is_file() and p != listing}


@pytest.mark.parametrize("vendor", [VENDOR, TEST_VENDOR], ids=["static", "tests"])
def test_every_vendored_file_is_listed_once(vendor):
    paths = [asset["path"] for asset in assets(vendor)]

    assert len(paths) == len(set(paths))
    assert sorted(vendored_files(vendor)) == sorted(paths)


@pytest.mark.parametrize(
    ("vendor", "asset"),
    [(vendor, asset) for vendor in (VENDOR, TEST_VENDOR) for asset in assets(vendor)],
    ids=lambda value: value["path"] if isinstance(value, dict) else value.parent.name,
)
def test_each_vendored_file_is_byte_for_byte_the_listed_release(vendor, asset):
    assert REQUIRED <= set(asset)
    assert asset["source"].startswith("https://")
    assert asset["source"].endswith(f"v{asset['version']}")  # the release's tag
    data = (vendor / asset["path"]).read_bytes()

    assert hashlib.sha256(data).hexdigest() == asset["sha256"], (
        f"{vendor.relative_to(ROOT)}/{asset['path']} is not {asset['package']} "
        f"{asset['version']}'s {asset['file']}: restore it, or list the new release in ASSETS.toml"
    )


def test_the_libraries_name_the_release_they_are():
    """The version in ASSETS.toml is the one the library's own banner states."""
    stated = {
        "bootstrap/bootstrap.min.css": r"Bootstrap\s+v(\S+) ",
        "bootstrap/bootstrap.bundle.min.js": r"Bootstrap v(\S+) ",
        "chartjs/chart.umd.min.js": r"Chart\.js v(\S+)",
        "htmx/htmx.min.js": r'version:"([^"]+)"',
        "swagger-ui/swagger-ui-bundle.js": r'PACKAGE_VERSION:"([^"]+)"',
    }
    versions = {asset["path"]: asset["version"] for asset in assets()}

    for path, pattern in stated.items():
        text = (VENDOR / path).read_text(encoding="utf-8")
        assert re.search(pattern, text)[1] == versions[path], path
    axe = {asset["path"]: asset["version"] for asset in assets(TEST_VENDOR)}
    banner = (TEST_VENDOR / "axe-core/axe.min.js").read_text(encoding="utf-8")[:200]
    assert re.search(r"axe v(\S+)", banner)[1] == axe["axe-core/axe.min.js"]


def test_templates_load_only_listed_vendor_files():
    used = set()
    for template in (ROOT / "templates").rglob("*.html"):
        used |= set(re.findall(r"""\{% static ['"]vendor/([^'"]+)['"] %\}""", template.read_text()))

    assert used
    assert used <= {asset["path"] for asset in assets()}


def test_deployed_settings_store_static_files_under_hashed_names():
    backend = base_settings.STORAGES["staticfiles"]["BACKEND"]

    assert backend == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_collected_static_urls_carry_a_hash_of_the_content(settings, tmp_path):
    settings.STORAGES = base_settings.STORAGES
    settings.STATIC_ROOT = tmp_path

    call_command("collectstatic", interactive=False, verbosity=0)

    # Files that reference no other file are named by a hash of their bytes as they are.
    for path in ("vendor/htmx/htmx.min.js", "css/registry.css"):
        digest = hashlib.md5((ROOT / "static" / path).read_bytes()).hexdigest()[:12]
        stem, _, extension = path.rpartition(".")
        assert static(path) == f"{settings.STATIC_URL}{stem}.{digest}.{extension}"
    # Bootstrap's stylesheet names its source map, which is rewritten to the map's hashed name.
    css = static("vendor/bootstrap/bootstrap.min.css").removeprefix(settings.STATIC_URL)
    assert re.fullmatch(r"vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", css)
    text = (tmp_path / css).read_text()
    assert re.search(r"sourceMappingURL=bootstrap\.min\.css\.[0-9a-f]{12}\.map", text)
