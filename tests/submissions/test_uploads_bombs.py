"""Zip packages cost bounded work: refused from their own figures before any decompression,
and every byte decompressed is counted against the file's and the upload's allowance."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import uploads
from tests.submissions.hostile_files import rewrite_zip
from tests.submissions.portal_files import docx_bytes

MIB = 1024 * 1024


@pytest.fixture
def inflated(monkeypatch):
    """Count the bytes zipfile decompresses (set it to 0 once the test's files are built)."""
    counter = {"bytes": 0}
    original = zipfile.ZipExtFile.read

    def counting_read(self, n=-1):
        data = original(self, n)
        counter["bytes"] += len(data)
        return data

    monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)
    return counter


@pytest.fixture(scope="module")
def many_mebibyte_entries():
    """A DOCX with 240 entries of exactly 1 MiB of zeros: each compresses to about 1 KiB."""
    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        for i in range(240):
            archive.writestr(f"word/media/part{i}.bin", bytes(MIB))
    return buffer.getvalue()


def refusal(files):
    with pytest.raises(uploads.UploadRefused) as exc:
        uploads.validate_uploads(files)
    return exc.value.messages


def test_ten_files_of_240_mebibyte_entries_are_refused_without_decompressing_them(
    many_mebibyte_entries, inflated
):
    files = [SimpleUploadedFile(f"plan{i}.docx", many_mebibyte_entries) for i in range(10)]

    messages = refusal(files)

    assert len(messages) == 10
    assert all("expands to too much data" in m for m in messages)
    assert inflated["bytes"] == 0


def test_entries_under_the_ratio_cost_no_more_than_the_upload_allowance(settings, inflated):
    settings.REGISTRY_UPLOAD_MAX_EXPANDED_TOTAL_BYTES = 5 * MIB
    incompressible = rewrite_zip(docx_bytes(), add=[("word/media/photo.jpg", os.urandom(2 * MIB))])
    files = [SimpleUploadedFile(f"plan{i}.docx", incompressible) for i in range(4)]
    inflated["bytes"] = 0

    messages = refusal(files)

    assert any("expand to more than 5.0\xa0MB together" in m for m in messages)
    assert "“plan0.docx”" not in " ".join(messages)
    assert inflated["bytes"] <= 5 * MIB


def test_a_single_file_cannot_expand_past_its_own_limit(settings, inflated):
    settings.REGISTRY_UPLOAD_MAX_EXPANDED_BYTES = 1 * MIB
    big = rewrite_zip(docx_bytes(), add=[("word/media/photo.jpg", os.urandom(2 * MIB))])
    inflated["bytes"] = 0

    assert "expands to too much data" in refusal([SimpleUploadedFile("plan.docx", big)])[0]
    assert inflated["bytes"] == 0


def test_a_header_that_understates_an_entry_is_caught_while_reading(settings, inflated):
    """Declared sizes pass, but the data is longer: zipfile stops at the declared size and
    the checksum fails, so the work stays within what was declared."""
    data = bytearray(rewrite_zip(docx_bytes(), add=[("word/media/zeros.bin", bytes(MIB))]))
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    entry = archive.getinfo("word/media/zeros.bin")
    # Rewrite the declared size (central directory) to 60 KiB, under the ratio floor.
    central = bytes(data).rfind(b"PK\x01\x02", 0, len(data))
    while central != -1 and b"word/media/zeros.bin" not in data[central : central + 100]:
        central = bytes(data).rfind(b"PK\x01\x02", 0, central)
    data[central + 24 : central + 28] = (60 * 1024).to_bytes(4, "little")
    local = entry.header_offset
    data[local + 22 : local + 26] = (60 * 1024).to_bytes(4, "little")
    others = sum(e.file_size for e in archive.infolist() if e is not entry)
    inflated["bytes"] = 0

    assert "is damaged" in refusal([SimpleUploadedFile("plan.docx", bytes(data))])[0]
    assert inflated["bytes"] <= others + 60 * 1024
