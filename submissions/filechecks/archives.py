"""Open zip packages (DOCX, XLSX, ODT) with every cost bounded before and while reading.

Before anything is decompressed, the central directory's figures are checked: entry count,
declared expanded size (per file and what is left of the upload's allowance) and compression
ratio of every entry above a small floor and of the whole archive. While reading, every byte
decompressed is counted against the same allowances, so a lying header costs no more.
"""

import zipfile

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from . import Refused

CORRUPT_ARCHIVE = _("The file “%(name)s” is damaged and cannot be opened.")
BOMB_ARCHIVE = _(
    "The file “%(name)s” expands to too much data or holds too many parts to be accepted."
)
UPLOAD_TOO_EXPANDED = _(
    "The files of this upload expand to more than %(limit)s together; "
    "upload the file “%(name)s” separately."
)

CHUNK_SIZE = 64 * 1024
# Small parts (styles, relationships) compress far better than documents; their ratio is
# harmless because their size is. Above this, every entry's ratio is bounded.
RATIO_FLOOR_BYTES = 64 * 1024
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    KeyError,
    NotImplementedError,
    RuntimeError,
    ValueError,
)


class Budget:
    """Bytes that may still be decompressed; `spend` refuses once the limit is passed."""

    def __init__(self, allowance, message=BOMB_ARCHIVE, **params):
        self.limit = allowance
        self.spent = 0
        self.message = message
        self.params = params

    @property
    def left(self):
        return self.limit - self.spent

    def spend(self, count):
        self.spent += count
        if self.spent > self.limit:
            raise Refused(self.message, **self.params)


def upload_budget():
    """The allowance shared by every file of one upload."""
    allowance = settings.REGISTRY_UPLOAD_MAX_EXPANDED_TOTAL_BYTES
    return Budget(allowance, UPLOAD_TOO_EXPANDED, limit=filesizeformat(allowance))


class CountingReader:
    """A read-only stream over one entry that charges what it returns to every budget."""

    def __init__(self, stream, budgets):
        self.stream = stream
        self.budgets = budgets

    def read(self, size=CHUNK_SIZE):
        if size is None or size < 0:
            size = CHUNK_SIZE
        data = self.stream.read(min(size, CHUNK_SIZE))
        for budget in self.budgets:
            budget.spend(len(data))
        return data

    def drain(self):
        while self.read(CHUNK_SIZE):
            pass


def open_archive(uploaded):
    """Return a `zipfile.ZipFile` over `uploaded`, or raise `Refused` when it is damaged."""
    try:
        uploaded.seek(0)
        return zipfile.ZipFile(uploaded)
    except ZIP_ERRORS:
        raise Refused(CORRUPT_ARCHIVE) from None


def check_declared_sizes(entries, upload):
    """Refuse an archive whose own figures already pass a limit; return the file's budget."""
    if len(entries) > settings.REGISTRY_UPLOAD_MAX_ZIP_ENTRIES:
        raise Refused(BOMB_ARCHIVE)
    max_ratio = settings.REGISTRY_UPLOAD_MAX_RATIO
    expanded = compressed = 0
    for entry in entries:
        expanded += entry.file_size
        compressed += entry.compress_size
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > max_ratio * max(
            entry.compress_size, 1
        ):
            raise Refused(BOMB_ARCHIVE)
    if expanded > settings.REGISTRY_UPLOAD_MAX_EXPANDED_BYTES:
        raise Refused(BOMB_ARCHIVE)
    if expanded > RATIO_FLOOR_BYTES and expanded > max_ratio * max(compressed, 1):
        raise Refused(BOMB_ARCHIVE)
    if upload is not None and expanded > upload.left:
        raise Refused(upload.message, **upload.params)
    return Budget(settings.REGISTRY_UPLOAD_MAX_EXPANDED_BYTES)


def read_entry(archive, entry, budgets):
    """Return a `CountingReader` over `entry`, charged to `budgets`."""
    return CountingReader(archive.open(entry), budgets)
