"""Look inside PDF files, with pypdf, for scripts, launch actions and embedded files.

Every object reachable from the trailer is visited once (the walk is bounded), so an action
is found wherever it hides: the catalogue's names and open action, page and annotation
actions, form fields. Stream contents are never decoded, only their dictionaries read.
"""

import logging

from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from . import Refused

CORRUPT_PDF = _("The file “%(name)s” is damaged and cannot be opened.")
PDF_SCRIPT = _(
    "The file “%(name)s” contains JavaScript or actions that start programs, which are not "
    "accepted. Print it to a new PDF (or export it as PDF/A) and upload that file."
)
PDF_EMBEDDED_FILE = _(
    "The file “%(name)s” carries embedded files, which are not accepted. Upload each of them "
    "as a separate file, and the PDF without them."
)
PDF_ENCRYPTED = _(
    "The file “%(name)s” is protected by a password, so its content cannot be checked. "
    "Save it without the password and upload it again."
)
PDF_TOO_COMPLEX = _(
    "The file “%(name)s” holds too many objects to be checked; print it to a new PDF and "
    "upload that file."
)

MAX_OBJECTS = 200_000
# XFA forms carry their own scripts, outside the /JS keys.
SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}
SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/Rendition", "/ImportData"}
EMBEDDED_KEYS = {"/EmbeddedFiles", "/EmbeddedFile", "/EF"}
EMBEDDED_TYPES = {"/EmbeddedFile"}

# pypdf logs every repair it makes of a malformed file as a warning: noise, not news.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _check_dictionary(value):
    keys = set(value.keys())
    if keys & SCRIPT_KEYS or value.get("/S") in SCRIPT_ACTIONS:
        raise Refused(PDF_SCRIPT)
    if keys & EMBEDDED_KEYS or value.get("/Type") in EMBEDDED_TYPES:
        raise Refused(PDF_EMBEDDED_FILE)
    if value.get("/Subtype") == "/FileAttachment":
        raise Refused(PDF_EMBEDDED_FILE)


def _walk(reader):
    seen, pending, visited = set(), [reader.trailer], 0
    while pending:
        value = pending.pop()
        if isinstance(value, IndirectObject):
            key = (value.idnum, value.generation)
            if key in seen:
                continue
            seen.add(key)
            value = value.get_object()
        visited += 1
        if visited > MAX_OBJECTS:
            raise Refused(PDF_TOO_COMPLEX)
        if isinstance(value, DictionaryObject):
            _check_dictionary(value)
            pending.extend(v for k, v in value.items() if k != "/Parent")
        elif isinstance(value, ArrayObject):
            pending.extend(value)


def inspect_pdf(uploaded):
    """Raise `Refused` unless `uploaded` is a readable PDF without active or embedded content."""
    uploaded.seek(0)
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted:
            # Unreadable objects cannot be checked; an owner password alone still opens them.
            if not reader.decrypt(""):
                raise Refused(PDF_ENCRYPTED)
        _walk(reader)
    except Refused:
        raise
    except RecursionError:
        raise Refused(PDF_TOO_COMPLEX) from None
    except Exception:  # noqa: BLE001 - any failure of the parser on hostile bytes is "damaged"
        raise Refused(CORRUPT_PDF) from None
    finally:
        uploaded.seek(0)
