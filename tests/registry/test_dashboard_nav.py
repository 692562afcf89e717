"""The dashboards' tabs kept once rendered (`registry.dashboard.nav`) are what the template
writes, in each language, for each tab and "as at" date."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from registry.dashboard.nav import TEMPLATE, nav_html


@pytest.mark.parametrize("language", ["en", "fr", "es"])
@pytest.mark.parametrize("as_at", ["", "2016-12-31", 'x"&<y>'])
def test_the_tabs_read_as_the_template_writes_them(language, as_at):
    with translation.override(language):
        for active in ("overview", "matrix", "report", ""):
            expected = render_to_string(TEMPLATE, {"active": active, "as_at_param": as_at})
            assert nav_html(active, as_at) == expected
            assert nav_html(active, as_at) == expected  # kept


@pytest.mark.django_db
def test_the_pages_show_their_tab(client, bureau_member):
    client.force_login(bureau_member)
    for name in ("overview", "matrix", "report"):
        html = client.get(reverse(f"dashboard:{name}"), {"as_at": "2016-12-31"}).content.decode()
        assert nav_html(name, "" if name == "report" else "2016-12-31") in html, name
