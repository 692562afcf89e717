"""One date format per language: templates name the formats of registry/formats/<lang>/."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import formats, translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"
FILTER = re.compile(r"""\|(?:date|time)\s*:\s*(["'])(?P<format>.*?)\1""")
NOW_TAG = re.compile(r"""\{%\s*now\s+(["'])(?P<format>.*?)\1""")
# The year alone reads the same in every language; an <input type="date"> value and a query
# parameter are machine dates (ISO 8601), not text for people.
MACHINE_CONTEXT = re.compile(r"""(value="[^"]*|[?&;][a-z_]+=)$""")


def literal_formats():
    found = []
    for path in sorted(TEMPLATES.rglob("*")):
        if not path.is_file() or path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            for match in [*FILTER.finditer(line), *NOW_TAG.finditer(line)]:
                fmt = match["format"]
                if fmt.endswith("_FORMAT") or fmt == "Y":
                    continue
                before = line[: match.start()].rsplit("{{", 1)[0]
                if fmt == "Y-m-d" and MACHINE_CONTEXT.search(before):
                    continue
                found.append(f"{path.relative_to(TEMPLATES)}:{number}: {fmt!r}")
    return found


def test_templates_format_dates_only_by_the_named_formats():
    assert not literal_formats(), (
        'Use |date:"DATE_FORMAT" (or SHORT_DATE_FORMAT, DATETIME_FORMAT...) instead of: '
        + "; ".join(literal_formats())
    )


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [
        ("en", "5 December 2026", "5 Dec 2026"),
        ("fr", "5 décembre 2026", "5 déc. 2026"),
        ("es", "5 de diciembre de 2026", "5 dic. 2026"),
    ],
)
def test_each_language_has_its_own_date_formats(language, long, short):
    day = dt.date(2026, 12, 5)
    with translation.override(language):
        assert formats.date_format(day, "DATE_FORMAT") == long
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == short


def test_times_name_their_zone():
    instant = dt.datetime(2026, 7, 1, 12, 30, tzinfo=dt.UTC)
    with translation.override("fr"):
        from django.utils import timezone

        with timezone.override("Europe/Zurich"):
            text = formats.date_format(timezone.localtime(instant), "DATETIME_FORMAT")
    assert text == "1 juillet 2026, 14:30 CEST"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("en", ["1 Jan 2016", "1 Feb 2016", "1 Jun 2016", "1 Sep 2016"]),
        ("fr", ["1 janv. 2016", "1 févr. 2016", "1 juin 2016", "1 sept. 2016"]),
        ("es", ["1 ene. 2016", "1 feb. 2016", "1 jun. 2016", "1 sept. 2016"]),
    ],
)
def test_short_dates_write_the_months_as_each_language_abbreviates_them(language, expected):
    # Django's own Spanish catalogue capitalises "Ene." and "Feb."; the registry's overrides it.
    with translation.override(language):
        written = [
            formats.date_format(dt.date(2016, m, 1), "SHORT_DATE_FORMAT") for m in (1, 2, 6, 9)
        ]
    assert written == expected
