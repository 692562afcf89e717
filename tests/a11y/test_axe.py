"""Axe-core finds no critical or serious violation on any page of the registry.

The pages are the site's URL names (`test_every_page_is_checked_or_excused` enumerates them from
the URL configuration), opened on the demo network by whoever uses them. Each door is one test,
so the demo network and each signed-in session serve many pages.
"""

from pprint import pformat

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from centres.access import centres_for_user
from centres.models import Centre, Contact
from evaluations.models import Activity, Evaluation, EvaluationCycle
from registry.models.secretariat import BudgetLine, Meeting
from submissions.models import Obligation, Request, SubmissionVersion
from tests.a11y.conftest import STAFF, axe_violations

DIRECTOR = "director.br"
BUREAU = "bureau"

# URL names that are not pages: files, POST-only actions and allauth's own flows.
NOT_PAGES = {
    "portal:download": "a file",
    "portal:extension_request": "POST only",
    "portal:blocker_action": "POST only",
    "portal:action_update": "POST only",
    "portal:version_review": "POST only",
    "portal:extension_decide": "POST only",
    "portal:obligation_waive": "POST only",
    "portal:version_record": "POST only",
    "evaluations:cycle_export_xlsx": "a file",
    "evaluations:cycle_export_docx": "a file",
    "evaluations:cycle_populate": "POST only",
    "evaluations:cycle_status": "POST only",
    "evaluations:score_total": "POST only (an htmx fragment)",
    "evaluations:activity_delete": "POST only",
    "evaluations:mercury_export": "a file",
    "dashboard:overview_export": "a file",
    "dashboard:matrix_export": "a file",
    "dashboard:report_docx": "a file",
    "dashboard:cop_note_docx": "a file",
    "secretariat:budget_line_delete": "POST only",
    "calendar:reset": "POST only",
    "calendar:feed": "an iCalendar feed",
    "directory:document": "a PDF",
}
CHECKED_NAMESPACES = {"portal", "centres", "evaluations", "dashboard", "secretariat", "directory"}


def _director_objects():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=DIRECTOR)
    centre = centres_for_user(user).order_by("pk").first()
    version = (
        SubmissionVersion.objects.filter(submission__obligation__centre=centre)
        .order_by("pk")
        .first()
    )
    obligation = version.submission.obligation
    return centre, obligation, version


def pages(door):
    """Return [(url name, path)] of the pages `door` checks, on the demo network."""
    if door == "portal":
        centre, obligation, version = _director_objects()
        activity = Activity.objects.filter(centre=centre).order_by("pk").first()
        evaluation = Evaluation.objects.filter(centre=centre).order_by("pk").first()
        names = [
            ("portal:home", {}),
            ("portal:obligation", {"pk": obligation.pk}),
            ("portal:receipt", {"pk": version.pk}),
            ("portal:blocker", {"pk": obligation.pk}),
            ("portal:action_plan", {"pk": centre.pk}),
            ("centres:profile", {"pk": centre.pk}),
            ("centres:invitation_accept", {"token": "no-such-invitation"}),
            ("evaluations:my_evaluations", {}),
            ("evaluations:my_evaluation", {"pk": evaluation.pk}),
            ("evaluations:activity_list", {}),
            ("evaluations:activity_create", {}),
            ("evaluations:activity_edit", {"pk": activity.pk}),
            ("calendar:subscription", {}),
            ("api_tokens", {}),
        ]
    elif door == "dashboards":
        centre = Centre.objects.filter(serves_stockholm=True).order_by("pk").first()
        names = [
            ("dashboard:overview", {}),
            ("dashboard:matrix", {}),
            ("dashboard:centre", {"pk": centre.pk}),
            ("dashboard:centre_records", {"pk": centre.pk}),
            ("dashboard:trends", {}),
            ("dashboard:action_plans", {}),
            ("dashboard:report", {}),
            ("dashboard:cop_note_index", {}),
            ("dashboard:cop_note", {"convention": "SC", "cop": 9}),
            ("secretariat:mandates", {}),
            ("secretariat:support", {}),
            ("secretariat:meetings", {}),
            ("secretariat:meeting", {"pk": Meeting.objects.order_by("pk").first().pk}),
        ]
    elif door == "evaluations":
        cycle = EvaluationCycle.objects.order_by("pk").first()
        names = [
            ("evaluations:cycle_list", {}),
            ("evaluations:cycle_detail", {"pk": cycle.pk}),
            ("evaluations:score", {"pk": Evaluation.objects.order_by("pk").first().pk}),
            ("evaluations:mercury_list", {}),
        ]
    elif door == "staff":
        line = BudgetLine.objects.order_by("pk").first()
        names = [
            ("portal:review_queue", {}),
            ("portal:staff_obligations", {}),
            ("secretariat:budget", {"pk": line.obligation_id}),
            ("secretariat:budget_line", {"pk": line.pk}),
        ]
    elif door == "public":
        names = [("directory:index", {}), ("account_login", {})]
    else:
        raise AssertionError(door)
    found = [(name, reverse(name, kwargs=kwargs)) for name, kwargs in names]
    if door == "staff":
        found.append(("portal:review_queue", reverse("portal:review_queue") + "?tab=extensions"))
    if door == "public":
        found.append(("directory:index", reverse("directory:index") + "?q=Brazil"))
    return found


def error_pages():
    return [
        ("404", "/no-such-page/"),
        ("403", "/test-errors/refuses"),
        ("400", "/test-errors/suspicious"),
        ("500", "/test-errors/fails"),
    ]


def admin_pages():
    centre, obligation, version = _director_objects()
    found = []
    for model, obj in (
        (Centre, centre),
        (Contact, Contact.objects.filter(centre=centre).order_by("pk").first()),
        (Request, obligation.request),
        (Obligation, obligation),
        (SubmissionVersion, version),
    ):
        name = model._meta.model_name
        prefix = f"admin:{model._meta.app_label}_{name}"
        found.append((f"{name} change", reverse(f"{prefix}_change", args=[obj.pk])))
        found.append((f"{name} add", reverse(f"{prefix}_add")))
    return found


LOGIN = {
    "portal": DIRECTOR,
    "dashboards": BUREAU,
    "evaluations": STAFF,
    "staff": STAFF,
    "public": None,
}


def check(page, base, targets):
    """Open each target; return {label: violations} for those with any, and the statuses."""
    found, statuses = {}, {}
    for label, path in targets:
        response = page.goto(base + path)
        statuses[label] = response.status
        violations = axe_violations(page)
        if violations:
            found[f"{label} {path}"] = violations
    return found, statuses


@pytest.mark.parametrize("door", ["portal", "dashboards", "evaluations", "staff", "public"])
def test_no_page_of_a_door_has_a_critical_or_serious_violation(door, browse, demo_server):
    page = browse(LOGIN[door])

    found, statuses = check(page, demo_server, pages(door))

    assert not found, pformat(found)
    # An unknown invitation link is answered by its own page, as a 404.
    expected = {"centres:invitation_accept": 404} if door == "portal" else {}
    assert {label: s for label, s in statuses.items() if s != 200} == expected


def test_the_error_pages_have_no_critical_or_serious_violation(browse, demo_server):
    page = browse(DIRECTOR)

    found, statuses = check(page, demo_server, error_pages())

    assert not found, pformat(found)
    assert statuses == {"404": 404, "403": 403, "400": 400, "500": 500}


def test_the_admin_forms_staff_use_have_no_critical_or_serious_violation(browse, demo_server):
    page = browse(STAFF)

    found, statuses = check(page, demo_server, admin_pages())

    assert not found, pformat(found)
    # Obligations are made by the registry, never added by hand: that form is refused.
    assert statuses.pop("obligation add") == 403
    assert {label: s for label, s in statuses.items() if s != 200} == {}


def _url_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver("registry.urls")).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_page_is_checked_or_excused(demo_server):
    names = {
        name for name in _url_names() if name.partition(":")[0] in CHECKED_NAMESPACES | {"calendar"}
    }
    checked = {name for door in LOGIN for name, _ in pages(door)}

    assert names - checked - set(NOT_PAGES) == set()
    assert checked & set(NOT_PAGES) == set()
