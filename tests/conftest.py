"""Fixtures shared by every test: the named cast, and the real-service switches.

Tests marked `postgres` or `redis` need those real services. When a service is missing they
are skipped, unless REGISTRY_REQUIRE_SERVICES=1 (as in CI), which turns the skip into a failure.
"""

import os

import pytest
from django.db import connection

from tests import factories
from tests.services import missing as _missing


@pytest.fixture(scope="session", autouse=True)
def _catalogues_compiled():
    """The French and Spanish catalogues, compiled as `make test` does, also under bare pytest."""
    from django.utils.translation import trans_real

    from registry.catalogues import catalogue_compile, catalogues

    if any([catalogue_compile(path) for path in catalogues()]):
        trans_real._translations = {}
        trans_real._default = None


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached answers (the dashboards', sign-in counters) never leak from one test to another."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _real_services(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("needs PostgreSQL: set DATABASE_URL=postgres://...")
    if request.node.get_closest_marker("redis"):
        url = os.environ.get("REDIS_URL", "")
        if not url:
            _missing("needs Redis: set REDIS_URL=redis://...")
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.exceptions.RedisError as exc:
            _missing(f"Redis at {url} does not answer: {exc}")
    if request.node.get_closest_marker("clamd"):
        from tests.clamd import CLAMD, clamd_available

        if not clamd_available():
            _missing(f"needs ClamAV's clamd at {CLAMD} (apt-get install -y clamav-daemon)")


@pytest.fixture(scope="session")
def _s3_server():
    from tests.s3_server import started_or_reason

    server, reason = started_or_reason()
    yield server, reason
    if server is not None:
        server.stop()


@pytest.fixture
def s3_server(_s3_server):
    """moto's S3-compatible server (tests.s3_server), one per test process, running."""
    server, reason = _s3_server
    if server is None:
        _missing(f"needs moto's S3 server (moto_server): {reason}")
    return server


@pytest.fixture
def s3_uploads(s3_server, settings):
    """Uploads stored in a fresh bucket of the S3 server, for this test only. Yields the bucket."""
    bucket = s3_server.new_bucket()
    settings.STORAGES = s3_server.storages_setting(bucket, settings.STORAGES)
    return bucket


@pytest.fixture
def own_redis(tmp_path):
    """A started redis-server of this test's own (see `tests.redis_server`)."""
    import shutil

    from tests.redis_server import RedisServer

    if not shutil.which("redis-server"):
        _missing("needs redis-server (apt-get install -y redis-server)")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def scripted(settings):
    """Send through `ScriptedBackend`; append exceptions to the returned list to fail sends."""
    from django.core import mail

    from tests.scripted_mail import ScriptedBackend

    settings.MAILERS = {"default": {"BACKEND": f"{ScriptedBackend.__module__}.ScriptedBackend"}}
    mail.outbox = []
    ScriptedBackend.script = []
    return ScriptedBackend.script


@pytest.fixture
def staff(db):
    return factories.StaffFactory(username="secretariat")


@pytest.fixture
def staff_client(client, staff):
    """The test client, signed in as `staff`."""
    client.force_login(staff)
    return client


@pytest.fixture
def bureau_member(db):
    return factories.BureauMemberFactory(username="bureau")


@pytest.fixture
def centre_a(db):
    return factories.CentreFactory(name="Centre in Brazil")


@pytest.fixture
def centre_b(db):
    return factories.CentreFactory(name="Centre in Spain")


def _director(centre, username):
    user = factories.UserFactory(username=username)
    factories.ContactFactory(centre=centre, user=user, role="director", email=user.email)
    return user


@pytest.fixture
def director_a(centre_a):
    return _director(centre_a, "director.a")


@pytest.fixture
def director_b(centre_b):
    return _director(centre_b, "director.b")


@pytest.fixture
def party_a(db):
    return factories.PartyFactory(code="CO", name="Colombia")


@pytest.fixture
def party_user_a(party_a):
    """The official contact point of Colombia, with an account (an accepted invitation)."""
    user = factories.UserFactory(username="ocp.colombia")
    factories.PartyContactFactory(party=party_a, user=user, email=user.email)
    return user


CHROMIUM = os.environ.get("REGISTRY_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium():
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        _missing(f"needs Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")
    # Playwright's sync API runs an event loop; Django must allow sync ORM calls beside it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def server(request):
    """`live_server`, started with a MEDIA_URL its media handler can parse.

    The project keeps MEDIA_URL = None (files are served only through views); Django's live
    server wraps a media handler that cannot parse None. A URL with a host makes that handler
    step aside; it is read once, when the server starts.
    """
    from django.conf import settings

    saved = settings.MEDIA_URL
    settings.MEDIA_URL = "http://media.invalid/"
    try:
        return request.getfixturevalue("live_server")
    finally:
        settings.MEDIA_URL = saved


@pytest.fixture
def sign_in(server):
    """Return `sign_in(page, login, start=...)`, which signs in through the sign-in form.

    `start` is the page the browser opens first (a protected page sends it to the form);
    the caller waits for wherever the sign-in leads (the portal, a two-factor step, ...).
    """

    def sign_in(page, login, *, password="password", start="/accounts/login/"):
        page.goto(f"{server.url}{start}")
        page.fill('input[name="login"]', login)
        page.fill('input[name="password"]', password)
        page.locator("form:has(input[name=password]) [type=submit]").click()

    return sign_in
