"""Regenerate the translation catalogues (locale/<lang>/LC_MESSAGES/django.po and djangojs.po).

`make messages` runs this, and so does the test that proves the catalogues are up to date (in a
temporary copy of the tree): one set of makemessages options, kept here only.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# What makemessages never reads: tools, tests, build output and vendored code (whose strings are
# not ours to translate). Hidden directories (.venv, .git) are ignored by makemessages itself.
IGNORE = [
    "tests",
    "bench",
    "deploy",
    "scripts",
    "var",
    "media",
    "node_modules",
    "staticfiles",
    "static/vendor",
    "locale",
    "venv",
]
DOMAINS = ("django", "djangojs")
# The plural rule of each language, as GNU gettext states it (not Django's own catalogue's rule,
# which makemessages would copy into a new file).
PLURAL_FORMS = {
    "fr": "nplurals=2; plural=(n > 1);",
    "es": "nplurals=2; plural=(n != 1);",
}
LANGUAGE_TEAMS = {"fr": "French", "es": "Spanish"}


def catalogue_path(language, domain="django"):
    return Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def header_fix(path, language):
    """Give the catalogue at `path` its language's header; drop the generation date (churn)."""
    po = polib.pofile(str(path), wrapwidth=99)
    po.header = "Translations of the regional-centre registry (Basel and Stockholm conventions)."
    po.metadata_is_fuzzy = False
    po.metadata.pop("POT-Creation-Date", None)
    po.metadata.update(
        {
            "Project-Id-Version": "registry",
            "Report-Msgid-Bugs-To": "",
            "PO-Revision-Date": "",
            "Last-Translator": "",
            "Language-Team": LANGUAGE_TEAMS[language],
            "Language": language,
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Plural-Forms": PLURAL_FORMS[language],
        }
    )
    po.save(str(path))


def empty_catalogue_write(path):
    """A catalogue with a header only, for a domain without any string yet (djangojs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    po = polib.POFile(wrapwidth=99)
    po.save(str(path))


class Command(BaseCommand):
    help = "Regenerate locale/<lang>/LC_MESSAGES/{django,djangojs}.po from the code (makemessages)."
    # Files only: no database, no system check (the image builds it without services).
    requires_system_checks: list[str] = []

    def handle(self, *args, **options):
        languages = sorted(PLURAL_FORMS)
        for domain in DOMAINS:
            call_command(
                "makemessages",
                locale=languages,
                domain=domain,
                ignore_patterns=IGNORE,
                no_obsolete=True,
                add_location="file",
                verbosity=0,
            )
            for language in languages:
                path = catalogue_path(language, domain)
                if not path.exists():
                    empty_catalogue_write(path)
                header_fix(path, language)
                self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}")
