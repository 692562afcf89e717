"""In Chromium: the API's documentation page renders every operation under the site's CSP,
from the site's own files only."""

from urllib.parse import urlsplit

from tests.registry.test_csp_browser import LISTEN


def test_swagger_ui_renders_the_schema_without_tripping_the_csp(chromium, server, db):
    context = chromium.new_context()
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    refused, hosts = [], set()
    page.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))

    page.goto(f"{server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path")

    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/obligations" in paths
    assert "/api/v1/compliance" in paths
    assert page.evaluate("window.__cspViolations") == []
    assert refused == []
    assert hosts == {urlsplit(server.url).netloc}
    context.close()
