"""The French and Spanish catalogues: complete, sound and in step with the code.

The first two tests stay red until every msgid is translated; the third fails (never skips)
when GNU gettext's xgettext is missing, since makemessages cannot run without it.
"""

import gettext
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings

from registry.catalogues import catalogue_compile
from registry.management.commands.update_catalogues import DOMAINS, PLURAL_FORMS
from tests.processes import run_python

ROOT = Path(settings.BASE_DIR)
LANGUAGES = sorted(PLURAL_FORMS)
CATALOGUES = [(language, domain) for language in LANGUAGES for domain in DOMAINS]
PLACEHOLDER = re.compile(r"%\([A-Za-z0-9_]+\)[sdfr]|%[sdfr]|\{[A-Za-z0-9_]*\}")
# What never goes into the temporary copy: environments, build output, local state.
NOT_COPIED = {
    ".git",
    ".venv",
    "venv",
    "var",
    "media",
    "staticfiles",
    "node_modules",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
}


def catalogue(language, domain):
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"))


def key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_every_msgid_is_translated_and_none_is_fuzzy(language, domain):
    po = catalogue(language, domain)
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


@pytest.mark.parametrize(("language", "domain"), CATALOGUES)
def test_translations_keep_the_placeholders_of_their_msgid(language, domain):
    wrong = []
    for entry in catalogue(language, domain).translated_entries():
        if entry.msgid_plural:
            pairs = [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
            # A singular may say "one" instead of its count: it may drop a placeholder, not add.
            singular = entry.msgstr_plural.get(0, "")
            if not set(placeholders(singular)) <= set(placeholders(entry.msgid)):
                wrong.append(entry.msgid)
            pairs = pairs[1:]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        wrong += [msgid for msgid, text in pairs if placeholders(msgid) != placeholders(text)]
    assert not wrong, f"{len(wrong)} translations change their placeholders, e.g. {wrong[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_state_their_language_and_plural_rule(language):
    for domain in DOMAINS:
        metadata = catalogue(language, domain).metadata
        assert metadata["Language"] == language
        assert metadata["Plural-Forms"] == PLURAL_FORMS[language]
        assert metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_catalogues_are_up_to_date_with_the_code(tmp_path):
    assert shutil.which("xgettext"), "GNU gettext's xgettext is needed to check the catalogues"
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in NOT_COPIED])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "registry.settings.test"}
    done = run_python("manage.py", "update_catalogues", cwd=copy, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    for language, domain in CATALOGUES:
        committed = {key(e) for e in catalogue(language, domain)}
        path = copy / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
        regenerated = {key(e) for e in polib.pofile(str(path))}
        added = sorted(regenerated - committed)
        removed = sorted(committed - regenerated)
        assert not added, f"{language}/{domain}: run `make messages`; new msgids: {added[:5]}"
        assert not removed, f"{language}/{domain}: run `make messages`; gone: {removed[:5]}"


def test_catalogues_compile_without_gnu_gettext_into_what_gettext_reads(tmp_path):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": PLURAL_FORMS["fr"]}
    po.append(polib.POEntry(msgid="Regional centre", msgstr="Centre régional"))
    po.append(polib.POEntry(msgid="Not ready", msgstr="Pas prêt", flags=["fuzzy"]))
    po.append(
        polib.POEntry(
            msgid="%(n)s centre",
            msgid_plural="%(n)s centres",
            msgstr_plural={0: "%(n)s centre", 1: "%(n)s centres régionaux"},
        )
    )
    path = tmp_path / "django.po"
    po.save(str(path))

    assert catalogue_compile(path)
    assert not catalogue_compile(path), "an up-to-date .mo is left alone"
    with open(path.with_suffix(".mo"), "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert compiled.gettext("Regional centre") == "Centre régional"
    assert compiled.gettext("Not ready") == "Not ready", "a fuzzy entry is left out"
    assert compiled.ngettext("%(n)s centre", "%(n)s centres", 2) == "%(n)s centres régionaux"
    assert compiled.ngettext("%(n)s centre", "%(n)s centres", 1) == "%(n)s centre"


def test_the_image_compiles_the_catalogues_with_python_alone(tmp_path):
    """The Dockerfile's step: no Django settings, no service, no GNU gettext."""
    assert "RUN python registry/catalogues.py" in (ROOT / "Dockerfile").read_text()
    done = run_python(str(ROOT / "registry" / "catalogues.py"), cwd=tmp_path, env={})
    assert done.returncode == 0, done.stderr
    for language, domain in CATALOGUES:
        assert (ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.mo").is_file()
