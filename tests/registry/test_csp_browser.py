"""In Chromium: no page of the registry, for any role, trips its Content-Security-Policy.

The demo data is loaded, then each role (anonymous, director, Bureau member, staff) crawls the
site from its home page, one page per URL shape (ids and query values aside), listening for
`securitypolicyviolation` events and Chromium's "Refused to ..." console errors.
"""

import io
import re
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

MAX_PAGES_PER_ROLE = 400
# Downloads, exports and sign-out: not pages, or the end of the crawl.
SKIP = re.compile(
    r"logout|/download|/export|\.(csv|xlsx|ics|pdf|docx|odt)\b|format=|/calendar/feed|/i18n/"
    r"|/delete/|/static/",
)
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " at "
                              + e.sourceFile + ":" + e.lineNumber);
});
"""


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=io.StringIO())


def shape(url):
    """The URL with ids and query values blanked: one visit per kind of page."""
    parts = urlsplit(url)
    path = re.sub(r"\d+", "N", parts.path)
    if path.startswith("/admin/"):
        return path  # the admin's sorts and filters render the same page
    keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return path + ("?" + "&".join(keys) if keys else "")


def session_cookie(server, username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": server.url}


def crawl(chromium, server, username):
    """Visit the site as `username` (None: anonymous); return {url: [violations]}."""
    context = chromium.new_context()
    if username:
        context.add_cookies([session_cookie(server, username)])
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.on("console", on_console)

    found, seen, queue, errors = {}, set(), ["/"], {}
    while queue and len(seen) < MAX_PAGES_PER_ROLE:
        path = queue.pop(0)
        if shape(path) in seen:
            continue
        seen.add(shape(path))
        refused.clear()
        try:
            response = page.goto(server.url + path, wait_until="load")
            if page.locator('[hx-trigger*="load"]').count():
                page.wait_for_load_state("networkidle")  # content that htmx fetches on load
        except Exception:  # noqa: BLE001 - a download, not a page
            continue
        if response is not None and response.status >= 500:
            errors[path] = response.status
        violations = page.evaluate("window.__cspViolations || []") + list(refused)
        if violations:
            found[path] = violations
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            href = urldefrag(href)[0]
            if href.startswith(server.url) and not SKIP.search(href):
                link = href[len(server.url) :] or "/"
                if shape(link) not in seen:
                    queue.append(link)
    context.close()
    left = {shape(link) for link in queue} - seen
    assert not left, f"{username}: the crawl stopped at {MAX_PAGES_PER_ROLE} pages before {left}"
    return found, seen, errors


def test_no_page_trips_the_content_security_policy(chromium, server, demo, settings):
    settings.REGISTRY_STAFF_MFA_REQUIRED = False
    report = {}
    # The fewest kinds of page each role must reach, so that a broken crawl cannot pass.
    for username, least in [(None, 3), ("director.br", 8), ("bureau", 8), ("secretariat", 20)]:
        found, seen, errors = crawl(chromium, server, username)
        assert len(seen) >= least, f"{username}: the crawl found only {sorted(seen)}"
        assert not errors, f"{username}: {errors}"
        print(username, len(seen), "kinds of page")
        if found:
            report[username or "anonymous"] = found

    assert report == {}


def test_the_listener_reports_a_violation_when_one_happens(chromium, server, transactional_db):
    """The crawl's witness works: an inline script on a real page is refused and reported."""
    context = chromium.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(server.url + "/accounts/login/", wait_until="load")

    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.appendChild(script);
    }""")
    page.wait_for_function("window.__cspViolations.length > 0")

    assert page.evaluate("window.__ran || false") is False
    assert page.evaluate("window.__cspViolations")[0].startswith("script-src")
    context.close()


def test_the_language_menu_still_submits_itself_without_an_inline_handler(
    chromium, server, transactional_db
):
    context = chromium.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(server.url + "/accounts/login/", wait_until="load")

    with page.expect_navigation():
        page.select_option("select[name=language]", "fr")

    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.evaluate("window.__cspViolations") == []
    context.close()
