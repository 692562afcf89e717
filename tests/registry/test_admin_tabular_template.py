"""templates/admin/edit_inline/tabular.html is Django's own, changed only where it says."""

import re
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
DJANGO_TEMPLATE = (
    Path(django.__file__).parent / "contrib/admin/templates/admin/edit_inline/tabular.html"
)
OURS = ROOT / "templates/admin/edit_inline/tabular.html"


def test_the_tabular_inline_override_is_djangos_plus_labels_and_a_scroll_box():
    """On a Django upgrade that changes the template, this fails: copy the new one and re-apply."""
    ours = OURS.read_text()
    undone = re.sub(r"\{% comment %\}.*?\{% endcomment %\}", "", ours, flags=re.S)
    undone = undone.replace(" registry_a11y %}", " %}", 1).replace("|labelled", "")
    undone = re.sub(r'<div class="wrapper inline-scroll"[^>]*>', '<div class="wrapper">', undone)

    assert undone == DJANGO_TEMPLATE.read_text()
    assert ours.count("|labelled") == 4
