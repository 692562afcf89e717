"""The admin's change forms with inlines fit a 1366 px screen: no column cut off."""

from django.urls import reverse

from tests.a11y.conftest import STAFF
from tests.a11y.test_axe import _director_objects

# Every element under #content, scroll boxes included: at 1366 px nothing may need one.
PAST_THE_EDGE = """() => {
  const limit = window.innerWidth + 1, found = [];
  for (const el of document.querySelectorAll("#content *")) {
    const box = el.getBoundingClientRect();
    if ((box.width || box.height) && box.right > limit) found.push(el.tagName + "#" + el.id);
  }
  const scrolled = [...document.querySelectorAll(".inline-scroll")]
    .filter(box => box.scrollWidth > box.clientWidth + 1).map(box => box.id || box.className);
  return {found: found.slice(0, 10), scrolled};
}"""


def test_the_centre_and_request_forms_fit_1366_pixels(browse, demo_server):
    centre, obligation, _ = _director_objects()
    page = browse(STAFF, width=1366, height=768)
    results = {}
    for path in (
        reverse("admin:centres_centre_change", args=[centre.pk]),
        reverse("admin:submissions_request_change", args=[obligation.request_id]),
        reverse("admin:centres_centre_add"),
    ):
        page.goto(demo_server + path)
        assert page.locator("#content").count() == 1
        results[path] = page.evaluate(PAST_THE_EDGE)

    assert results == {path: {"found": [], "scrolled": []} for path in results}
    # The centre's inlines are all there (hostings, endorsements, contacts).
    page.goto(demo_server + reverse("admin:centres_centre_change", args=[centre.pk]))
    assert page.locator(".inline-group .tabular").count() >= 3
