"""One demo network and one live server for every accessibility test, signed-in browsers reused.

The demo data (`seed_demo`) fills every page with what the Secretariat really keeps; loading it
takes seconds, so it is loaded once for the package (not once per test, as pytest-django's
`live_server` would) and flushed when the package is done. The server also serves the failing
views of `tests.registry.error_urls`, for the error pages.
"""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.testcases import LiveServerThread

from submissions.models import Obligation, RequestKind
from tests import factories
from tests.services import missing

AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
PASSWORD = "registry-demo"  # seed_demo's
STAFF = "staff.a11y"  # staff without an authenticator, so that sign-in needs no code
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def pytest_collection_modifyitems(items):
    """Mark the package's tests as using the database, so that pytest-django creates the test
    database even when they run alone (it creates none for a run without a marked test). Each
    test is then wrapped in a transaction of its own on this thread's connection, which the
    server's threads never see: the tests only browse."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.django_db)
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="package")
def demo_server(django_db_setup, django_db_blocker, chromium):
    """The demo network served by a live server; yield its base URL.

    PostgreSQL only: the server's threads must see the demo data and write their sessions
    outside each test's transaction, which an in-memory SQLite database shared between threads
    cannot give. Without PostgreSQL the package is skipped (bare `make test`), or fails in CI."""
    if connection.vendor != "postgresql":
        missing("the accessibility tests need PostgreSQL: set DATABASE_URL=postgres://...")
    settings = override_settings(
        REGISTRY_STAFF_MFA_REQUIRED=False,
        ROOT_URLCONF="tests.registry.error_urls",
        DEBUG=False,
        # As in tests.conftest.server: the live server's media handler cannot parse None.
        MEDIA_URL="http://media.invalid/",
    )
    with django_db_blocker.unblock(), settings:
        call_command("seed_demo", stdout=io.StringIO())
        factories.StaffFactory(username=STAFF, password=PASSWORD)
        # The demo has no budget line; the budget pages need one, on a workplan.
        workplan = Obligation.objects.filter(request__kind=RequestKind.WORKPLAN).order_by("pk")
        factories.BudgetLineFactory(obligation=workplan.first())
        # Static files through the finders, as StaticLiveServerTestCase serves them.
        thread = LiveServerThread("127.0.0.1", StaticFilesHandler)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield f"http://127.0.0.1:{thread.port}"
        finally:
            thread.terminate()
            _close_server_connections()
            call_command("flush", interactive=False, verbosity=0)


def _close_server_connections():
    """End the database sessions that the server's request threads still hold.

    A request thread closes its connection when the browser closes the socket; Chromium keeps
    idle keep-alive sockets open past the server's end, and the test database could then not be
    dropped at the end of the run: end those sessions from here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="package")
def signed_in(demo_server, chromium):
    """Return `signed_in(login)`: the storage state (cookies) of a session signed in as `login`.

    Each login signs in once per package; tests open their own contexts from that state.
    """
    states = {}

    def state_for(login):
        if login not in states:
            context = chromium.new_context()
            page = context.new_page()
            page.goto(f"{demo_server}/accounts/login/")
            page.fill('input[name="login"]', login)
            page.fill('input[name="password"]', PASSWORD)
            page.locator("form:has(input[name=password]) [type=submit]").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            states[login] = context.storage_state()
            context.close()
        return states[login]

    return state_for


@pytest.fixture
def browse(chromium, demo_server, signed_in):
    """Return `browse(login=None, width=1366, height=768, language=None)`: a new page.

    `login` None is an anonymous visitor; `language` sets Django's language cookie.
    """
    contexts = []

    def open_page(login=None, *, width=1366, height=768, language=None):
        context = chromium.new_context(
            viewport={"width": width, "height": height},
            storage_state=signed_in(login) if login else None,
        )
        if language:
            context.add_cookies(
                [{"name": "django_language", "value": language, "url": demo_server}]
            )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("critical", "serious")):
    """Run axe-core in `page`; return its violations of those impacts, each summarised.

    The script is evaluated through the DevTools protocol: the site's Content-Security-Policy
    (script-src 'self') would refuse it as an inline <script>.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;true")
    violations = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))"""
    )
    return [v for v in violations if v["impact"] in impacts]


# Elements wider than the viewport, outside the scroll boxes made for wide tables (which must
# themselves fit: their content scrolls inside them).
OVERFLOWING = """() => {
  const limit = window.innerWidth + 1, found = [];
  for (const el of document.body.querySelectorAll("*")) {
    if (el.parentElement && el.parentElement.closest(".table-responsive, .inline-scroll")) continue;
    const box = el.getBoundingClientRect();
    if ((box.width || box.height) && box.right > limit) {
      found.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                 `${el.className && el.className.baseVal === undefined && el.className
                    ? "." + el.className.trim().split(/\\s+/).join(".") : ""} ` +
                 `right=${Math.round(box.right)}`);
    }
  }
  return found.slice(0, 10);
}"""


def overflowing(page):
    """Elements of `page` that reach past the viewport's right edge (at most ten, described)."""
    return page.evaluate(OVERFLOWING)
