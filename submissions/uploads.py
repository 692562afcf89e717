"""Judge uploaded documents by their content, never by their name or the browser's word.

Accepted kinds are PDF and three Office formats (DOCX, XLSX, ODT); the list and the limits are
settings (REGISTRY_UPLOAD_*). Office files are zip archives: their entry count, expanded size
and compression ratio are bounded, every entry's checksum is verified while streaming, and
files carrying macros are refused.
"""

import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    extensions: tuple
    content_type: str


KINDS = {
    "pdf": Kind("pdf", "PDF", (".pdf",), "application/pdf"),
    "docx": Kind(
        "docx", "Word (DOCX)", (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": Kind(
        "xlsx", "Excel (XLSX)", (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "odt": Kind("odt", "OpenDocument text (ODT)", (".odt",),
                "application/vnd.oasis.opendocument.text"),
}

MISSING_FILE = _("Choose a file to upload.")
TOO_MANY_FILES = _("Upload at most %(count)s files at once.")
EMPTY_FILE = _("The file “%(name)s” is empty.")
TOO_LARGE = _("The file “%(name)s” is %(size)s; the limit is %(limit)s per file.")
REFUSED_TYPE = _(
    "The file “%(name)s” is not an accepted document. Accepted: %(accepted)s."
)
SPOOFED_NAME = _(
    "The file “%(name)s” is named like a %(named)s file but its content is %(actual)s. "
    "Rename it with the right extension, or save it in an accepted format."
)
TOO_LARGE_STREAMED = _("The file “%(name)s” is larger than the limit of %(limit)s per file.")
CORRUPT_ARCHIVE = _("The file “%(name)s” is damaged and cannot be opened.")
BOMB_ARCHIVE = _(
    "The file “%(name)s” expands to too much data or holds too many parts to be accepted."
)
MACROS = _(
    "The file “%(name)s” contains macros, which are not accepted. Save it without macros "
    "(e.g. as .docx or .xlsx) and upload it again."
)
DUPLICATE_NAMES = _("Two files are named “%(name)s”; give each file its own name.")

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
MACRO_CONTENT_TYPE = "macroenabled"
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
CHUNK_SIZE = 64 * 1024


def accepted_kinds():
    return [KINDS[code] for code in settings.REGISTRY_UPLOAD_TYPES if code in KINDS]


def accepted_label():
    return ", ".join(k.label for k in accepted_kinds())


def accept_attribute():
    """The `accept` attribute for file inputs (a hint to browsers; the server decides)."""
    return ",".join(ext for k in accepted_kinds() for ext in k.extensions)


def clean_filename(name, kind):
    """Return a safe display and download name for `name` whose content is `kind`.

    Keeps letters of any script, digits and a few separators; drops any path, control
    characters and characters that are special in file systems or headers.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    stem, ext = os.path.splitext(name)
    stem = "".join(c for c in stem if unicodedata.category(c)[0] != "C")
    stem = re.sub(r"[^\w\s.()\-–]+", "_", stem, flags=re.UNICODE)
    stem = re.sub(r"\s+", " ", stem).strip(" ._")[:150] or "document"
    ext = ext.lower() if ext.lower() in kind.extensions else kind.extensions[0]
    return f"{stem}{ext}"


def _error(message, uploaded, **params):
    return ValidationError(message % {"name": uploaded.name, **params}, code="upload")


def _read_head(uploaded, size=1024):
    uploaded.seek(0)
    head = uploaded.read(size)
    uploaded.seek(0)
    return head


def _pdf_ends_properly(uploaded):
    size = uploaded.size
    uploaded.seek(max(0, size - 2048))
    tail = uploaded.read()
    uploaded.seek(0)
    return b"%%EOF" in tail


def _zip_kind(uploaded):
    """Return the kind of an Office archive; raise ValidationError if unsafe or damaged."""
    try:
        uploaded.seek(0)
        archive = zipfile.ZipFile(uploaded)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _error(CORRUPT_ARCHIVE, uploaded) from None
    with archive:
        entries = archive.infolist()
        if len(entries) > settings.REGISTRY_UPLOAD_MAX_ZIP_ENTRIES:
            raise _error(BOMB_ARCHIVE, uploaded)
        expanded = 0
        for entry in entries:
            expanded += entry.file_size
            ratio = entry.file_size / max(entry.compress_size, 1)
            if (expanded > settings.REGISTRY_UPLOAD_MAX_EXPANDED_BYTES
                    or (entry.file_size > 1024 * 1024
                        and ratio > settings.REGISTRY_UPLOAD_MAX_RATIO)):
                raise _error(BOMB_ARCHIVE, uploaded)
        names = {e.filename for e in entries}
        lower = {n.lower() for n in names}
        try:
            kind = _office_kind(archive, names)
            if kind is None:
                raise _error(REFUSED_TYPE, uploaded, accepted=accepted_label())
            if _has_macros(archive, kind, lower):
                raise _error(MACROS, uploaded)
            # Decompress every entry (bounded by the sizes checked above) to verify checksums.
            for entry in entries:
                with archive.open(entry) as stream:
                    while stream.read(CHUNK_SIZE):
                        pass
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError,
                NotImplementedError, RuntimeError, ValueError):
            raise _error(CORRUPT_ARCHIVE, uploaded) from None
    uploaded.seek(0)
    return kind


def _office_kind(archive, names):
    if "mimetype" in names and "content.xml" in names:
        if archive.read("mimetype").strip() == ODT_MIMETYPE:
            return KINDS["odt"]
        return None
    if "[Content_Types].xml" in names:
        for code, part in OOXML_PARTS.items():
            if part in names:
                return KINDS[code]
    return None


def _has_macros(archive, kind, lower_names):
    if kind.code == "odt":
        return any(n.startswith(("basic/", "scripts/")) for n in lower_names)
    if any(n.endswith(("vbaproject.bin", "vbadata.xml")) for n in lower_names):
        return True
    types = archive.read("[Content_Types].xml").decode("utf-8", "replace").lower()
    return MACRO_CONTENT_TYPE in types or "vbaproject" in types


def detect_kind(uploaded):
    """Return the `Kind` of `uploaded` judged by content; raise ValidationError otherwise."""
    if uploaded is None:
        raise ValidationError(MISSING_FILE, code="upload")
    if uploaded.size == 0:
        raise _error(EMPTY_FILE, uploaded)
    limit = settings.REGISTRY_UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise _error(TOO_LARGE, uploaded, size=filesizeformat(uploaded.size),
                     limit=filesizeformat(limit))
    head = _read_head(uploaded)
    if head.startswith(PDF_MAGIC):
        if not _pdf_ends_properly(uploaded):
            raise _error(CORRUPT_ARCHIVE, uploaded)
        kind = KINDS["pdf"]
    elif head.startswith(ZIP_MAGIC):
        kind = _zip_kind(uploaded)
    elif head.startswith(OLE_MAGIC):
        raise _error(REFUSED_TYPE, uploaded, accepted=accepted_label())
    else:
        raise _error(REFUSED_TYPE, uploaded, accepted=accepted_label())
    if kind.code not in settings.REGISTRY_UPLOAD_TYPES:
        raise _error(REFUSED_TYPE, uploaded, accepted=accepted_label())
    ext = os.path.splitext(str(uploaded.name))[1].lower()
    if ext and ext not in kind.extensions:
        named = ext.lstrip(".").upper()
        raise _error(SPOOFED_NAME, uploaded, named=named, actual=kind.label)
    return kind


def validate_uploads(files):
    """Check every file of one upload; return them renamed safely with their true type.

    Raise ValidationError carrying every problem found.
    """
    files = [f for f in files if f is not None]
    if not files:
        raise ValidationError(MISSING_FILE, code="upload")
    if len(files) > settings.REGISTRY_UPLOAD_MAX_FILES:
        raise ValidationError(TOO_MANY_FILES % {"count": settings.REGISTRY_UPLOAD_MAX_FILES},
                              code="upload")
    errors, seen = [], set()
    for uploaded in files:
        try:
            kind = detect_kind(uploaded)
        except ValidationError as exc:
            errors.extend(exc.error_list)
            continue
        uploaded.name = clean_filename(uploaded.name, kind)
        uploaded.content_type = kind.content_type
        if uploaded.name.lower() in seen:
            errors.append(ValidationError(DUPLICATE_NAMES % {"name": uploaded.name}))
        seen.add(uploaded.name.lower())
    if errors:
        raise ValidationError(errors)
    return files


class SizeLimitUploadHandler(FileUploadHandler):
    """Stop receiving a file as soon as it passes the size limit, instead of storing it all.

    The names of such files are kept in `request.uploads_too_large` for the form to report.
    Install it first in `request.upload_handlers`, before the body is read.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.REGISTRY_UPLOAD_MAX_BYTES:
            refused = getattr(self.request, "uploads_too_large", [])
            refused.append(self.file_name)
            self.request.uploads_too_large = refused
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def streamed_too_large_errors(request):
    """ValidationErrors for the files `SizeLimitUploadHandler` stopped receiving."""
    limit = filesizeformat(settings.REGISTRY_UPLOAD_MAX_BYTES)
    return [ValidationError(TOO_LARGE_STREAMED % {"name": name, "limit": limit}, code="upload")
            for name in getattr(request, "uploads_too_large", [])]
