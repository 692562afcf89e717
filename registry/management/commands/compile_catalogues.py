"""Compile the translation catalogues (.po -> .mo) in pure Python, with polib.

A fresh machine has Python but not GNU gettext's msgfmt (Django's compilemessages needs it):
`make run`, `make test` and the Docker image compile with this instead. The .mo files are build
output, never committed. Fuzzy and untranslated entries are left out, as msgfmt does.
"""

import os
import tempfile
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogues():
    for root in settings.LOCALE_PATHS:
        yield from sorted(Path(root).glob("*/LC_MESSAGES/*.po"))


def catalogue_compile(po_path, force=False):
    """Write the .mo beside `po_path` unless it is newer already; return whether it was written.

    Written to a temporary file and renamed, so that a process reading the catalogue (or
    another one compiling it at the same moment, e.g. parallel test workers) never sees half.
    """
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    po = polib.pofile(str(po_path))
    fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
    os.close(fd)
    try:
        po.save_as_mofile(tmp)
        os.replace(tmp, mo_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po into .mo files with polib (no GNU gettext needed)."
    # Files only: no database, no system check (the image builds it without services).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Compile even up-to-date files.")

    def handle(self, *args, force=False, **options):
        for po_path in catalogues():
            written = catalogue_compile(po_path, force=force)
            state = "compiled" if written else "up to date"
            self.stdout.write(f"{po_path.with_suffix('.mo')}: {state}")
