"""Where uploads live (a folder or an S3-compatible bucket), and copying them with proof.

Every FileField of every model is found by introspection, so a new kind of upload is copied,
backed up and verified without being listed here. A model with a `sha256` column states what
each of its files must hash to; the copy refuses a source that disagrees and checks every copy
by reading it back.
"""

import hashlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

CHUNK = 1024 * 1024
# A name that is never stored (keys are random hex): asking for it proves the storage answers.
PROBE_NAME = "healthz-probe-never-stored"


@dataclass(frozen=True)
class StoredFile:
    """One file a row points at: `label` names the row, `sha256` is the row's digest if any."""

    label: str
    name: str
    sha256: str | None


@dataclass
class Report:
    """What a copy or a verification found, file by file (labels of rows)."""

    copied: list[str] = field(default_factory=list)
    present: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def ok(self):
        return not (self.missing or self.mismatched or self.failed)

    def lines(self):
        yield f"copied and verified: {len(self.copied)}"
        yield f"already there and verified: {len(self.present)}"
        yield f"missing: {len(self.missing)}"
        yield f"SHA-256 differs from its row: {len(self.mismatched)}"
        yield f"failed: {len(self.failed)}"
        for kind in ("missing", "mismatched", "failed"):
            for label in getattr(self, kind):
                yield f"  {kind}: {label}"


def file_fields():
    """Yield (model, FileField) for every stored upload of the project (history tables aside)."""
    for model in apps.get_models():
        if issubclass(model, HistoricalChanges) or not model._meta.managed:
            continue
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def stored_files() -> Iterator[StoredFile]:
    """Every file a row points at, in a stable order (model, primary key)."""
    for model, file_field in file_fields():
        has_digest = any(f.name == "sha256" for f in model._meta.concrete_fields)
        columns = ["pk", file_field.name] + (["sha256"] if has_digest else [])
        rows = (
            model._default_manager.exclude(**{file_field.name: ""})
            .order_by("pk")
            .values_list(*columns)
        )
        for row in rows.iterator(chunk_size=2000):
            yield StoredFile(
                label=f"{model._meta.label} #{row[0]} ({file_field.name}: {row[1]})",
                name=row[1],
                sha256=row[2] if has_digest else None,
            )


def sha256_of(storage: Storage, name: str) -> str:
    """Return the SHA-256 of a stored file, read in chunks."""
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def folder_storage(path) -> FileSystemStorage:
    return FileSystemStorage(location=os.path.abspath(path))


def same_place(source: Storage, target: Storage) -> bool:
    """Whether two storages are one folder (copying would read and write the same files)."""
    return (
        isinstance(source, FileSystemStorage)
        and isinstance(target, FileSystemStorage)
        and os.path.realpath(source.location) == os.path.realpath(target.location)
    )


def _copy_one(item: StoredFile, source: Storage, target: Storage, report: Report):
    if target.exists(item.name):
        if item.sha256 is None or sha256_of(target, item.name) == item.sha256:
            report.present.append(item.label)
            return
        target.delete(item.name)  # a damaged or partial copy from an earlier run
    if not source.exists(item.name):
        report.missing.append(item.label)
        return
    digest = sha256_of(source, item.name)
    if item.sha256 is not None and digest != item.sha256:
        report.mismatched.append(item.label)
        return
    with source.open(item.name, "rb") as handle:
        saved = target.save(item.name, handle)
    if saved != item.name:
        target.delete(saved)
        report.failed.append(f"{item.label}: stored as {saved}")
    elif sha256_of(target, item.name) != digest:
        report.failed.append(f"{item.label}: the copy reads back differently")
    else:
        report.copied.append(item.label)


def uploads_copy(*, source: Storage, target: Storage, delete_source: bool = False) -> Report:
    """Copy every stored file from `source` to `target` under the same name, verifying each.

    Idempotent and resumable: a file already in `target` with the right SHA-256 is left alone;
    a wrong one is replaced. A source whose digest differs from its row is not copied. With
    `delete_source`, a file is removed from `source` only once its copy is verified.
    """
    if same_place(source, target):
        raise ValueError("The source and the target are the same folder.")
    report = Report()
    for item in stored_files():
        try:
            _copy_one(item, source, target, report)
        except OSError as exc:
            report.failed.append(f"{item.label}: {exc}")
            continue
        verified = item.label in report.copied or item.label in report.present
        if delete_source and verified and source.exists(item.name):
            source.delete(item.name)
    return report


def uploads_verify(*, storage: Storage | None = None) -> Report:
    """Check that every file a row points at is in `storage` with its row's SHA-256."""
    storage = storage or default_storage
    report = Report()
    for item in stored_files():
        try:
            if not storage.exists(item.name):
                report.missing.append(item.label)
            elif item.sha256 is not None and sha256_of(storage, item.name) != item.sha256:
                report.mismatched.append(item.label)
            else:
                report.present.append(item.label)
        except Exception as exc:  # any client error: reported, the rest still verified
            report.failed.append(f"{item.label}: {type(exc).__name__}")
    return report


def storage_status():
    """Return the uploads storage's status: the folder is writable, or the bucket answers."""
    storage = default_storage
    kind = storage.__class__.__name__  # the lazy object's class is the storage's
    try:
        if isinstance(storage, FileSystemStorage):
            os.makedirs(storage.location, exist_ok=True)
            if not os.access(storage.location, os.W_OK | os.X_OK):
                return {"status": "down", "backend": kind, "error": "not writable"}
        else:
            storage.exists(PROBE_NAME)  # a HEAD request: 404 is an answer, an error is not
    except Exception as exc:  # any client or OS error means "down"
        logger.warning("Health check: the uploads storage is down: %s", exc)
        return {"status": "down", "backend": kind, "error": type(exc).__name__}
    return {"status": "ok", "backend": kind}
