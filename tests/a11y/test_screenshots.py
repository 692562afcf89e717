"""Screenshots of the pages users live in, on a laptop and a phone, in every language.

Kept under var/screenshots/ as test artefacts (not compared pixel by pixel); each page must
render without any element reaching past the viewport (outside the scroll boxes of wide tables).
"""

import pytest
from django.urls import reverse

from tests.a11y.conftest import SCREENSHOTS, STAFF, overflowing
from tests.a11y.test_axe import BUREAU, DIRECTOR

PAGES = {
    "director-home": (DIRECTOR, "portal:home"),
    "overview": (BUREAU, "dashboard:overview"),
    "review-queue": (STAFF, "portal:review_queue"),
}
SCREENS = {"laptop": (1366, 768), "phone": (390, 844)}


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("screen", SCREENS)
def test_the_pages_render_without_overflow(screen, language, browse, demo_server):
    width, height = SCREENS[screen]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = {}
    for name, (login, url_name) in PAGES.items():
        page = browse(login, width=width, height=height, language=language)
        page.goto(demo_server + reverse(url_name))
        assert page.evaluate("() => document.documentElement.lang") == language
        page.screenshot(
            path=SCREENSHOTS / f"{name}-{language}-{width}x{height}.png", full_page=True
        )
        found = overflowing(page)
        scroll_width = page.evaluate("() => document.scrollingElement.scrollWidth")
        if found or scroll_width > width:
            problems[name] = {"scrollWidth": scroll_width, "past the edge": found}

    assert problems == {}
