"""No input answers 5xx: random and hostile values in every GET parameter and every form of the
portal, the dashboards, the evaluations, the staff pages, the directory and the calendar, for
each role (issue 10, point 7).

The pages come from the URLconf, so a new page is fuzzed without editing this file (`EXCLUDED`
says why each left-out prefix is left out). Each role first reads every page once to find its
forms: the fields of a GET form become query parameters of its page, those of a POST form are
posted to its action. Then each page gets its own Hypothesis examples, each a GET and a POST
with drawn values (a page without a form found gets the site's field names), and a path with
the world's object or a far id.

Examples per page and role: `REGISTRY_FUZZ_EXAMPLES` (default 2: about 20 s for the four roles
in `make test`; a long run: `REGISTRY_FUZZ_EXAMPLES=200 pytest tests/registry/test_fuzz_inputs.py`).
"""

import datetime as dt
import os
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django.urls.exceptions import Resolver404
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from evaluations.models import Activity, CycleStatus
from registry.models import CalendarToken
from submissions.models import Blocker, Extension, Obligation
from tests import factories
from tests.evaluations.grid import make_cycle, make_evaluation, make_methodology
from tests.registry.dashboard_network import at, submit, workplan_request

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("REGISTRY_FUZZ_EXAMPLES", "2"))

# URL prefixes left out, each with its reason.
EXCLUDED = {
    "admin/": "Django's admin: its forms are Django's; the registry's admin rules have their "
    "own tests (tests/*/test_admin.py)",
    "accounts/": "allauth's sign-in, sign-out and password pages: posting there would sign the "
    "role out or lock it out; throttling and mail outages have their own tests",
    "i18n/": "Django's set_language: it only sets a cookie from a fixed list",
    "healthz": "reads no input; tested in tests/registry/test_healthz.py",
}

# Parameters every page receives, beside those of its own forms: each one is read somewhere.
COMMON_PARAMS = [
    "as_at",
    "centre",
    "page",
    "start",
    "end",
    "tz",
    "next",
    "requests",
    "status",
    "region",
    "cycle",
    "kind",
    "convention",
]

HOSTILE = [
    "",
    " ",
    "²",
    "٣",
    "0",
    "-1",
    "1.5",
    "1e308",
    "NaN",
    "Infinity",
    "99999999999999999999",
    "2147483648",
    "\x00",
    "a\x00b",
    "=1+1",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "America",
    "Europe/Zurich",
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59+00:00",
    "0001-01-01T00:00:00-12:00",
    "2016-02-30",
    "x" * 10_000,
    "\u202eevil",
    "🙂",
    "%00",
    "true",
    "on",
    "csv",
    "xlsx",
    "accepted",
    "returned",
    "published",
    "closed",
    "grant",
    "refuse",
]
# A browser sends a cookie as Latin-1 text without control characters.
COOKIE_VALUES = [v for v in HOSTILE if v.isascii() and v.isprintable() and ";" not in v]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers().map(str),
    st.dates().map(dt.date.isoformat),
    st.datetimes(timezones=st.timezones()).map(dt.datetime.isoformat),
)


class FormFinder(HTMLParser):
    """Collect the forms of a page: method, action and fields (with their offered values)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "method": (attrs.get("method") or "get").lower(),
                    "action": attrs.get("action") or "",
                    "fields": {},
                    "files": set(),
                }
            )
        elif tag in ("input", "select", "textarea", "option") and self.forms:
            form = self.forms[-1]
            if tag == "option":
                if form.get("select"):
                    form["fields"][form["select"]].add(attrs.get("value") or "")
                return
            name = attrs.get("name")
            if not name or name == "csrfmiddlewaretoken" or attrs.get("type") == "submit":
                return
            if attrs.get("type") == "file":
                form["files"].add(name)
                return
            offered = form["fields"].setdefault(name, set())
            if attrs.get("value"):
                offered.add(attrs["value"])
            form["select"] = name if tag == "select" else None


def url_patterns(patterns=None, prefix="", namespace=""):
    """Yield (route, name, pattern) of every URL of the site outside `EXCLUDED`."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if any(route.startswith(p) for p in EXCLUDED):
            continue
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from url_patterns(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}:{entry.name}" if namespace else entry.name, entry


@pytest.fixture
def world(centre_a, centre_b, director_a, director_b, bureau_member, staff):
    """One of everything a page can show: a request owed by two centres, a version with its
    file, an extension request, a cycle with evaluations, an activity, calendar tokens."""
    request = workplan_request(title="Workplans")
    request.centres.add(centre_a, centre_b)
    obligation = Obligation.objects.get(request=request, centre=centre_a)
    version = submit(obligation, at(2015, 9, 1))
    extension = factories.ExtensionFactory(
        obligation=Obligation.objects.get(request=request, centre=centre_b),
        status=Extension.Status.REQUESTED,
        decided_at=None,
    )
    cycle = make_cycle(make_methodology(), status=CycleStatus.OPEN)
    evaluation = make_evaluation(cycle, centre_a, open_for_comments=True)
    make_evaluation(cycle, centre_b)
    activity = Activity.objects.create(
        centre=centre_a,
        title="Workshop",
        kind="workshop",
        start_date=dt.date(2016, 3, 1),
        mercury_related=True,
    )
    for user in (director_a, staff):
        CalendarToken.objects.create(user=user)
    action = factories.ActionFactory(gap__centre=centre_a)
    blocker = Blocker.objects.create(
        obligation=obligation, reason="other", reported_at=at(2015, 10, 5)
    )
    return {
        "pk": {
            "centres:profile": centre_a.pk,
            "dashboard:centre": centre_a.pk,
            "dashboard:centre_records": centre_a.pk,
            "portal:obligation": obligation.pk,
            "portal:extension_request": obligation.pk,
            "portal:obligation_waive": obligation.pk,
            "portal:version_record": obligation.pk,
            "portal:receipt": version.pk,
            "portal:version_review": version.pk,
            "portal:download": version.files.first().pk,
            "directory:document": version.files.first().pk,
            "portal:extension_decide": extension.pk,
            "evaluations:score": evaluation.pk,
            "evaluations:score_total": evaluation.pk,
            "evaluations:my_evaluation": evaluation.pk,
            "evaluations:activity_edit": activity.pk,
            "evaluations:activity_delete": activity.pk,
            "portal:action_plan": centre_a.pk,
            "portal:action_update": action.pk,
            "portal:blocker": obligation.pk,
            "portal:blocker_action": blocker.pk,
        },
        "cycle": cycle.pk,
        "roles": {
            "anonymous": None,
            "director": director_a,
            "bureau": bureau_member,
            "staff": staff,
        },
    }


def fill(route, name, pattern, world, user, draw=None):
    """Return a path for `route`: the world's own object, or (with `draw`) a drawn value among
    it, other ids and far ones."""
    path = route
    for key, converter in pattern.pattern.converters.items():
        if isinstance(converter, IntConverter):
            known = world["pk"].get(name, world["cycle"] if "cycle" in name else 1)
            choices = [known, 1, 2**31, 10**20]
        elif key == "token" and name == "calendar:feed":
            token = CalendarToken.objects.filter(user=user).first() if user else None
            choices = [token.token if token else "x", "x" * 300, "..", "%00"]
        elif key == "fmt":
            choices = ["csv", "xlsx", "pdf", "x" * 500]
        else:
            choices = ["x", "é" * 40, "..", "%00", "0" * 300]
        value = str(draw(st.sampled_from(choices)) if draw else choices[0])
        path = re.sub(rf"<(?:\w+:)?{key}>", lambda _m, v=value: v, path)
    return "/" + path


def discover(client, targets):
    """GET every page once and return its forms: {path: {"get": {...}, "post": {...}}}."""
    found = {"get": {}, "post": {}}
    for path in targets:
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        finder = FormFinder()
        finder.feed(response.content.decode("utf-8", "replace"))
        for form in finder.forms:
            action = urlsplit(form["action"]).path or path
            try:
                resolve(action)
            except Resolver404:
                continue
            if any(action.lstrip("/").startswith(p) for p in EXCLUDED):
                continue
            slot = found[form["method"] if form["method"] == "post" else "get"]
            entry = slot.setdefault(action, {"fields": {}, "files": set()})
            for field, offered in form["fields"].items():
                entry["fields"].setdefault(field, set()).update(offered)
            entry["files"] |= form["files"]
    return found


def draw_data(draw, fields):
    """Draw a value for each field: one of its offered values, or a random or hostile one."""
    data = {}
    for name, offered in sorted(fields.items()):
        if not draw(st.booleans()) and offered:
            data[name] = draw(st.sampled_from(sorted(offered)))
        elif draw(st.integers(0, 5)):
            data[name] = (
                draw(st.lists(values, min_size=1, max_size=2))
                if draw(st.booleans())
                else draw(values)
            )
    return data


def draw_files(draw, names):
    files = {}
    for name in sorted(names):
        content = draw(
            st.sampled_from(
                [b"", b"%PDF-1.4\n%%EOF\n", b"MZ\x90\x00", b"<svg onload=alert(1)>", b"PK\x03\x04"]
            )
        )
        filename = draw(
            st.sampled_from(
                [
                    "plan.pdf",
                    "plan.exe",
                    "a.docx",
                    "../x.pdf",
                    "x" * 300 + ".pdf",
                    "\x00.pdf",
                    "é.odt",
                ]
            )
        )
        files[name] = SimpleUploadedFile(filename, content)
    return files


@pytest.mark.parametrize("role", ["anonymous", "director", "bureau", "staff"])
def test_no_input_answers_a_server_error(client, world, role):
    user = world["roles"][role]
    if user is not None:
        client.force_login(user)
    patterns = list(url_patterns())
    assert len(patterns) > 30, "the URLconf was not walked"
    forms = discover(client, [fill(*p, world, user) for p in patterns])
    site_fields = {f for slot in forms.values() for e in slot.values() for f in e["fields"]}

    # Each page gets its own examples (a draw per field of one page stays small). The pages
    # change the database as they go (a cycle published, an activity deleted): an example
    # cannot be replayed, so nothing is shrunk; each example lists the failures it found.
    failures = []

    def send(method, path, payload, headers):
        try:
            response = getattr(client, method)(path, payload, **headers)
        except Exception as exc:  # noqa: BLE001 - the test client re-raises a view's error
            failures.append((method, path, payload, repr(exc)))
        else:
            if response.status_code >= 500:
                failures.append((method, path, payload, response.status_code))

    def fuzzer(route, name, pattern):
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(st.data())
        def fuzz_page(data):
            draw = data.draw
            path = fill(route, name, pattern, world, user, draw)
            get_fields = forms["get"].get(path, {"fields": {}})["fields"]
            params = draw_data(draw, {**dict.fromkeys(COMMON_PARAMS, set()), **get_fields})
            headers = {"HTTP_HX_REQUEST": "true"} if draw(st.booleans()) else {}
            if draw(st.booleans()):
                client.cookies["registry_tz"] = draw(st.sampled_from(COOKIE_VALUES))
            send("get", path, params, headers)
            target = forms["post"].get(path)
            fields = target["fields"] if target else dict.fromkeys(site_fields, set())
            body = draw_data(draw, fields) | draw_files(draw, target["files"] if target else ())
            send("post", path, body, headers)

        return fuzz_page

    for route, name, pattern in patterns:
        fuzzer(route, name, pattern)()
    assert not failures, (role, failures)
