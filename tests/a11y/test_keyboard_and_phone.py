"""A keyboard reaches the content first, sees where it is, and a phone needs no sideways scroll."""

import pytest
from django.urls import reverse

from tests.a11y.conftest import STAFF, axe_violations, overflowing
from tests.a11y.test_axe import BUREAU, DIRECTOR, _director_objects

PHONE = {"width": 390, "height": 844}


def focus_outline(page):
    return page.evaluate(
        """() => { const s = getComputedStyle(document.activeElement);
                   return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
    )


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(browse, demo_server):
    page = browse(DIRECTOR)
    page.goto(demo_server + reverse("portal:home"))
    assert (
        page.evaluate("() => document.querySelector('.skip-link').getBoundingClientRect().top") < 0
    )

    page.keyboard.press("Tab")

    focused = page.evaluate(
        """() => { const el = document.activeElement, box = el.getBoundingClientRect();
                   return {cls: el.className, href: el.getAttribute("href"), top: box.top,
                           text: el.textContent.trim()}; }"""
    )
    assert focused["cls"] == "skip-link"
    assert focused["href"] == "#main"
    assert focused["top"] >= 0  # shown once focused
    assert focused["text"] == "Skip to main content"
    style, width = focus_outline(page)
    assert style != "none" and width >= 2

    page.keyboard.press("Enter")

    assert page.evaluate("() => document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # the next stop is inside the content, past the navigation
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_the_admin_has_a_skip_link_too(browse, demo_server):
    page = browse(STAFF)
    page.goto(demo_server + reverse("admin:centres_centre_changelist"))

    page.keyboard.press("Tab")

    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#content-start"
    style, width = focus_outline(page)
    assert style != "none" and width >= 2
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "content-start"


def current(page):
    return page.locator('[aria-current="page"]').all_inner_texts()


def test_the_active_tab_and_menu_item_are_marked_current(browse, demo_server):
    bureau = browse(BUREAU)
    bureau.goto(demo_server + reverse("dashboard:overview"))
    assert current(bureau) == ["Compliance", "Overview"]
    bureau.goto(demo_server + reverse("dashboard:trends"))
    assert current(bureau) == ["Trends"]
    bureau.goto(demo_server + reverse("evaluations:cycle_list"))
    assert current(bureau) == ["Evaluations"]

    director = browse(DIRECTOR)
    director.goto(demo_server + reverse("portal:home"))
    assert current(director) == ["My deadlines"]
    director.goto(demo_server + reverse("account_change_password"))
    assert current(director) == ["Password"]

    staff = browse(STAFF)
    staff.goto(demo_server + reverse("portal:review_queue") + "?tab=extensions")
    assert current(staff) == ["Review queue", "Extension requests"]
    staff.goto(demo_server + reverse("portal:review_queue"))
    assert current(staff) == ["Review queue", "Versions"]


def test_the_overviews_counts_are_all_visible_on_a_phone(browse, demo_server):
    page = browse(BUREAU, **PHONE)
    page.goto(demo_server + reverse("dashboard:overview"))

    cells = page.evaluate(
        """() => [...document.querySelectorAll("#overview-table td[data-col]")].map(td => {
               const box = td.getBoundingClientRect();
               return {left: box.left, right: box.right, label: getComputedStyle(td, "::before")
                       .content};
           })"""
    )
    assert len(cells) >= 9
    assert all(0 <= cell["left"] and cell["right"] <= 390 for cell in cells)
    assert all(cell["label"] not in ("none", "normal", '""') for cell in cells)  # labelled
    assert page.evaluate("() => document.scrollingElement.scrollWidth") <= 390
    assert overflowing(page) == []


@pytest.mark.parametrize(
    ("login", "pages"),
    [
        (
            DIRECTOR,
            ["portal:home", "portal:obligation", "portal:receipt", "evaluations:activity_list"],
        ),
        (
            BUREAU,
            ["dashboard:overview", "dashboard:matrix", "dashboard:trends", "dashboard:centre"],
        ),
        (STAFF, ["portal:review_queue", "portal:staff_obligations", "evaluations:cycle_list"]),
        (None, ["directory:index", "account_login"]),
    ],
    ids=["director", "bureau", "staff", "anonymous"],
)
def test_no_page_scrolls_sideways_on_a_phone_and_wide_tables_scroll_in_a_named_box(
    login, pages, browse, demo_server
):
    centre, obligation, version = _director_objects()
    kwargs = {
        "portal:obligation": {"pk": obligation.pk},
        "portal:receipt": {"pk": version.pk},
        "dashboard:centre": {"pk": centre.pk},
    }
    page = browse(login, **PHONE)
    problems = {}
    for name in pages:
        page.goto(demo_server + reverse(name, kwargs=kwargs.get(name)))
        width = page.evaluate("() => document.scrollingElement.scrollWidth")
        boxes = page.evaluate(
            """() => [...document.querySelectorAll(".table-responsive")]
                 .filter(box => box.scrollWidth > box.clientWidth + 1)
                 .map(box => [box.getAttribute("role"), box.getAttribute("tabindex"),
                              box.getAttribute("aria-label")])"""
        )
        unnamed = [box for box in boxes if box[:2] != ["region", "0"] or not box[2]]
        # axe at phone width too: a scrolling box must be reachable from the keyboard.
        violations = [v["id"] for v in axe_violations(page)]
        if width > 390 or unnamed or violations:
            problems[name] = {"width": width, "unnamed boxes": unnamed, "axe": violations}

    assert problems == {}
