"""Compile the translation catalogues (.po -> .mo) in pure Python, with polib.

A fresh machine has Python but not GNU gettext's msgfmt (Django's compilemessages needs it).
`make run` and `make test` compile through `manage.py compile_catalogues`; the Docker image runs
this file as a script (`python registry/catalogues.py`), which imports nothing but polib.
Fuzzy and untranslated entries are left out, as msgfmt does.
"""

import os
import sys
import tempfile
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def catalogues(root=LOCALE):
    return sorted(Path(root).glob("*/LC_MESSAGES/*.po"))


def catalogue_compile(po_path, force=False):
    """Write the .mo beside `po_path` unless it is newer already; return whether it was written.

    Written to a temporary file and renamed, so that a process reading the catalogue (or
    another one compiling it at the same moment, e.g. parallel test workers) never sees half.
    """
    po_path = Path(po_path)
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    po = polib.pofile(str(po_path))
    fd, tmp = tempfile.mkstemp(dir=po_path.parent, suffix=".mo.tmp")
    os.close(fd)
    try:
        po.save_as_mofile(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, mo_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def main(roots=(LOCALE,), force=False, out=sys.stdout):
    for root in roots:
        for po_path in catalogues(root):
            state = "compiled" if catalogue_compile(po_path, force=force) else "up to date"
            out.write(f"{po_path.with_suffix('.mo')}: {state}\n")


if __name__ == "__main__":
    main(force="--force" in sys.argv[1:])
