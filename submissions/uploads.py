"""Judge uploaded documents by their content, never by their name or the browser's word.

`validate_uploads` is the one entry point every door (portal, staff page, admin) goes through:
accepted kinds are PDF and three Office formats (DOCX, XLSX, ODT), the list and the limits are
settings (REGISTRY_UPLOAD_*); what each format may not carry is checked in
`submissions.filechecks`; then every file is scanned for viruses (`submissions.antivirus`).
"""

import os
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import antivirus
from .filechecks import Refused, archives, office, pdf


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    extensions: tuple
    content_type: str


KINDS = {
    "pdf": Kind("pdf", "PDF", (".pdf",), "application/pdf"),
    "docx": Kind(
        "docx",
        "Word (DOCX)",
        (".docx",),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": Kind(
        "xlsx",
        "Excel (XLSX)",
        (".xlsx",),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "odt": Kind(
        "odt", "OpenDocument text (ODT)", (".odt",), "application/vnd.oasis.opendocument.text"
    ),
}

MISSING_FILE = _("Choose a file to upload.")
TOO_MANY_FILES = _("Upload at most %(count)s files at once.")
EMPTY_FILE = _("The file “%(name)s” is empty.")
TOO_LARGE = _("The file “%(name)s” is %(size)s; the limit is %(limit)s per file.")
REFUSED_TYPE = _("The file “%(name)s” is not an accepted document. Accepted: %(accepted)s.")
SPOOFED_NAME = _(
    "The file “%(name)s” is named like a %(named)s file but its content is %(actual)s. "
    "Rename it with the right extension, or save it in an accepted format."
)
TOO_LARGE_STREAMED = _("The file “%(name)s” is larger than the limit of %(limit)s per file.")
DUPLICATE_NAMES = _("Two files are named “%(name)s”; give each file its own name.")
# Kept here too: callers and tests read every refusal from this module.
CORRUPT_ARCHIVE = archives.CORRUPT_ARCHIVE
BOMB_ARCHIVE = archives.BOMB_ARCHIVE
MACROS = office.MACROS

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"


class UploadRefused(ValidationError):
    """Every problem found in one upload, with the code "upload" that forms file it under."""

    def __init__(self, errors):
        super().__init__(errors)
        # A ValidationError built from a list has no code of its own; views read it.
        self.code = "upload"


class CheckedFiles(list):
    """The accepted files of one upload, and the flags staff must see before accepting it.

    `flags` is a list of plain-text findings (empty when nothing needs staff's attention);
    the version service stores them with the version (`SubmissionVersion.upload_flags`).
    """

    def __init__(self, files, flags=()):
        super().__init__(files)
        self.flags = list(flags)


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


def inspect_file(uploaded, budget=None):
    """Return the `Kind` of `uploaded`, judged by content, and its flags for staff.

    Flags are (message, params) pairs, formatted once the file has its final name. Raise
    ValidationError for a file that is refused. `budget` is the upload's allowance of bytes
    to decompress, shared by its files.
    """
    if uploaded is None:
        raise ValidationError(MISSING_FILE, code="upload")
    if uploaded.size == 0:
        raise _error(EMPTY_FILE, uploaded)
    limit = settings.REGISTRY_UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise _error(
            TOO_LARGE, uploaded, size=filesizeformat(uploaded.size), limit=filesizeformat(limit)
        )
    head = _read_head(uploaded)
    flags = []
    try:
        if head.startswith(PDF_MAGIC):
            if not _pdf_ends_properly(uploaded):
                raise Refused(CORRUPT_ARCHIVE)
            code = "pdf"
        elif head.startswith(ZIP_MAGIC):
            code, flags = office.inspect_package(uploaded, budget)
        else:
            code = None
        if code is None or code not in settings.REGISTRY_UPLOAD_TYPES:
            raise Refused(REFUSED_TYPE, accepted=accepted_label())
        kind = KINDS[code]
        ext = os.path.splitext(str(uploaded.name))[1].lower()
        if ext and ext not in kind.extensions:
            raise Refused(SPOOFED_NAME, named=ext.lstrip(".").upper(), actual=kind.label)
        if code == "pdf":
            pdf.inspect_pdf(uploaded)
    except Refused as refused:
        raise _error(refused.message, uploaded, **refused.params) from None
    finally:
        uploaded.seek(0)
    return kind, flags


def detect_kind(uploaded):
    """Return the `Kind` of `uploaded` judged by content; raise ValidationError otherwise."""
    return inspect_file(uploaded)[0]


def _format_flags(flags, name):
    # Stored text for the Secretariat: written in the site's language, not the uploader's.
    with translation.override(settings.LANGUAGE_CODE):
        return [str(message % {"name": name, **params}) for message, params in flags]


def validate_uploads(files):
    """Check every file of one upload; return them renamed safely with their true type.

    Return a `CheckedFiles` list whose `flags` staff must see before accepting the version.
    Raise `UploadRefused` (a ValidationError) carrying every problem found.
    """
    files = [f for f in files if f is not None]
    if not files:
        raise UploadRefused([ValidationError(MISSING_FILE, code="upload")])
    if len(files) > settings.REGISTRY_UPLOAD_MAX_FILES:
        raise UploadRefused(
            [
                ValidationError(
                    TOO_MANY_FILES % {"count": settings.REGISTRY_UPLOAD_MAX_FILES}, code="upload"
                )
            ]
        )
    budget = archives.upload_budget()
    errors, seen, flags = [], set(), []
    for uploaded in files:
        try:
            kind, file_flags = inspect_file(uploaded, budget)
        except ValidationError as exc:
            errors.extend(exc.error_list)
            continue
        uploaded.name = clean_filename(uploaded.name, kind)
        uploaded.content_type = kind.content_type
        flags.extend(_format_flags(file_flags, uploaded.name))
        if uploaded.name.lower() in seen:
            errors.append(ValidationError(DUPLICATE_NAMES % {"name": uploaded.name}, code="upload"))
        seen.add(uploaded.name.lower())
    if errors:
        raise UploadRefused(errors)
    try:
        flags.extend(antivirus.scan_files(files))
    except ValidationError as exc:
        raise UploadRefused(exc.error_list) from None
    return CheckedFiles(files, flags)


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
    return [
        ValidationError(TOO_LARGE_STREAMED % {"name": name, "limit": limit}, code="upload")
        for name in getattr(request, "uploads_too_large", [])
    ]
