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
LIST = VENDOR / "ASSETS.toml"
REQUIRED = {"path", "package", "version", "file", "source", "license", "sha256"}


def assets():
    return tomllib.loads(LIST.read_text())["asset"]


def vendored_files():
    return {str(p.relative_to(VENDOR)) for p in VENDOR.rglob("*") if p.is_file() and p != LIST}


def test_every_vendored_file_is_listed_once():
    paths = [asset["path"] for asset in assets()]

    assert len(paths) == len(set(paths))
    assert sorted(vendored_files()) == sorted(paths)


@pytest.mark.parametrize("asset", assets(), ids=lambda asset: asset["path"])
def test_each_vendored_file_is_byte_for_byte_the_listed_release(asset):
    assert REQUIRED <= set(asset)
    assert asset["source"].startswith("https://")
    assert asset["source"].endswith(f"v{asset['version']}")  # the release's tag
    data = (VENDOR / asset["path"]).read_bytes()

    assert hashlib.sha256(data).hexdigest() == asset["sha256"], (
        f"static/vendor/{asset['path']} is not {asset['package']} {asset['version']}'s "
        f"{asset['file']}: restore it, or list the new release in ASSETS.toml"
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
