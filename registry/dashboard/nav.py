"""The dashboards' tabs (`_nav.html`), rendered once per process for each language, tab and date.

The tabs reverse nine URLs and translate nine labels at each page; what they read is the
language, the active tab, the "as at" date passed on, and the URL configuration (its script
prefix and the request's urlconf), so the HTML is kept for each of those (the most recent 512).
"""

from functools import lru_cache

from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation

TEMPLATE = "registry/dashboard/_nav.html"


def nav_html(active, as_at_param=""):
    """`{% include "registry/dashboard/_nav.html" %}` with `active` and `as_at_param`."""
    return _rendered(
        translation.get_language(), active, as_at_param, get_script_prefix(), get_urlconf()
    )


@lru_cache(maxsize=512)
def _rendered(language, active, as_at_param, _prefix, _urlconf):
    with translation.override(language):
        return render_to_string(TEMPLATE, {"active": active, "as_at_param": as_at_param})
