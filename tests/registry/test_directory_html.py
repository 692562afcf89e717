"""The directory's sections, written in Python, read exactly as the template used to render them."""

import datetime as dt
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

from registry.directory.html import sections_html

# The sections' markup the directory's template had before they moved to Python.
TEMPLATE_SECTIONS = "{% load i18n %}" + (
    Path(__file__).with_name("directory_sections_template.html").read_text()
)


def entry(pk, **fields):
    return {
        "pk": pk,
        "name": f"Centre <{pk}> & co",
        "acronym": "",
        "city": "",
        "host_country": "Côte d'Ivoire",
        "host": None,
        "conventions": ["Basel Convention", "Stockholm Convention"],
        "status": "endorsed",
        "countries_served": [],
        "area_served": "",
        "website": "",
        "contacts": [],
        "host_changes": [],
        "endorsement_gaps": [],
        "documents": [],
        "standing": [],
        **fields,
    }


FULL = entry(
    1234,
    acronym='"BCRC"',
    city="Bogotá",
    host={"name": "Institut <A>", "website": "https://a.example/?x=1&y=2", "city": "Abidjan"},
    countries_served=["Benin", "Côte d'Ivoire & Togo"],
    website="https://centre.example/?a=1&b=<2>",
    contacts=[
        {"name": "Ana O'Neil", "role": "Director", "email": "ana@example.org"},
        {"name": "Bo", "role": "Focal point", "email": "bo@example.org"},
    ],
    host_changes=[
        {
            "case": {
                "institution": {"name": "New <host>"},
                "proposed_by": "The Party & co",
                "proposed_on": dt.date(2016, 3, 4),
                "state": "proposed",
                "get_state_display": "proposed",
                "is_open": True,
                "hosting": None,
            },
            "last_received_on": dt.date(2016, 5, 6),
        },
        {
            "case": {
                "institution": {"name": "Other"},
                "proposed_by": "X",
                "proposed_on": dt.date(2017, 1, 2),
                "state": "under_review",
                "get_state_display": "under review",
                "is_open": True,
                "hosting": None,
            },
            "last_received_on": None,
        },
    ],
    endorsement_gaps=[
        {
            "gap": {
                "convention_label": "Basel Convention",
                "term_ended_on": dt.date(2015, 12, 31),
                "next_endorsed_on": None,
            },
            "open": True,
        }
    ],
    documents=[
        {"kind": "Workplan", "period": (2016, 2017), "files": [(7, "plan <a>.pdf"), (8, "b.pdf")]},
        {"kind": "Activity report", "period": (2015, None), "files": [(9, "r.pdf")]},
        {"kind": "Activity report", "period": None, "files": []},
    ],
    standing=[
        {"convention": "Basel Convention", "text": "on time"},
        {"convention": "Stockholm Convention", "text": "1 overdue"},
    ],
)
PLAIN = entry(5, city="Nairobi", host={"name": "Host", "website": "", "city": ""})
BARE = entry(6, area_served="West <Africa>", standing=[{"convention": "x", "text": "y"}])
SECTIONS = [
    ("Africa & <Middle East>", "AF", [FULL, PLAIN, BARE]),
    ("Asia and the Pacific", "AP", [entry(7, documents=FULL["documents"][:1])]),
]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_every_field_reads_as_the_template_rendered_it(language):
    template = engines["django"].from_string(TEMPLATE_SECTIONS)
    with translation.override(language):
        for sections in (SECTIONS, SECTIONS[1:], []):
            assert sections_html(sections) == template.render({"sections": sections})
