"""Recording versions of a submission: numbering, streamed digests, immutability."""

import datetime as dt
import hashlib
import os
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.db import connections, transaction

from submissions import services, uploads
from submissions.models import Submission, SubmissionFile, SubmissionVersion
from tests import factories
from tests.factories import version_received
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db

RECEIVED = dt.datetime(2015, 9, 29, 14, 0, tzinfo=dt.UTC)
FIRST_DRAFT = files.PDF_BYTES + b"% first draft\n"
FINAL_TEXT = files.PDF_BYTES + b"% final text\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def obligation(centre_a):
    request = factories.RequestFactory(convention_centres="")
    request.centres.add(centre_a)
    return request.obligations.get()


def pdf(name="workplan.pdf", content=files.PDF_BYTES + b"% workplan of the Brazil centre\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def judged(*uploaded):
    """Files the upload checks already accepted (as the admin's form hands them on): the
    tests of storing random bytes are about storage, not about what a PDF must hold."""
    return uploads.CheckedFiles(uploaded)


def temporary(name, content):
    uploaded = TemporaryUploadedFile(name, "application/pdf", len(content), None)
    uploaded.write(content)
    uploaded.seek(0)
    return uploaded


def emailed(obligation, files, *, received_at=RECEIVED):
    """Record `files` as a version of `obligation` received by email."""
    return version_received(obligation, files=files, received_at=received_at)


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_versions_are_numbered_one_two_three(obligation, staff):
    numbers = []
    for day in (1, 2, 3):
        with time_machine.travel(dt.datetime(2015, 9, day, 9, tzinfo=dt.UTC), tick=False):
            version = version_received(
                obligation,
                files=[pdf()],
                received_through="email",
                recorded_by=staff,
            )
        numbers.append((version.number, version.received_at.day))

    assert numbers == [(1, 1), (2, 2), (3, 3)]
    assert Submission.objects.filter(obligation=obligation).count() == 1
    assert list(obligation.submission.versions.values_list("number", flat=True)) == [1, 2, 3]


def test_a_version_is_received_now_unless_told_otherwise(obligation):
    with time_machine.travel(RECEIVED, tick=False):
        version = version_received(obligation, files=[pdf()], received_through="portal")

    assert version.received_at == RECEIVED


def test_a_backdated_version_keeps_its_received_instant(obligation):
    with time_machine.travel(dt.datetime(2015, 10, 5, tzinfo=dt.UTC), tick=False):
        version = version_received(
            obligation,
            files=[pdf()],
            received_through="paper",
            received_at=RECEIVED,
            note="Arrived by post.",
        )

    version.refresh_from_db()
    assert version.received_at == RECEIVED
    assert version.created_at == dt.datetime(2015, 10, 5, tzinfo=dt.UTC)


def test_digest_and_size_of_a_small_upload(obligation):
    content = files.PDF_BYTES + b"%" + b"x" * 1000 + b"\n"

    version = emailed(obligation, [pdf(content=content)])

    stored = version.files.get()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.original_name == "workplan.pdf"
    assert stored.content_type == "application/pdf"
    with stored.file.open("rb") as f:
        assert f.read() == content


def test_digest_and_size_of_a_large_upload_on_disk(obligation):
    content = os.urandom(3 * services.CHUNK_SIZE + 17)
    uploaded = temporary("activity report 2015-2016.pdf", content)

    version = emailed(obligation, judged(uploaded))

    stored = version.files.get()
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    assert stored.original_name == "activity report 2015-2016.pdf"
    with stored.file.open("rb") as f:
        assert f.read() == content
    uploaded.close()


class ReadSpy(TemporaryUploadedFile):
    """An upload spooled to disk that remembers how much was asked of each read.

    (An in-memory upload is read whole by Django's own `chunks()`: it is in memory already.)
    """

    def __init__(self, name, content):
        super().__init__(name, "application/pdf", len(content), None)
        self.file.write(content)
        self.file.seek(0)
        self.read_sizes = []

    def read(self, size=-1):
        self.read_sizes.append(size)
        return self.file.read(size)


def test_the_digest_is_computed_by_streaming_chunks(obligation):
    content = os.urandom(5 * services.CHUNK_SIZE + 1)
    uploaded = ReadSpy("big.pdf", content)

    version = emailed(obligation, judged(uploaded))

    assert version.files.get().sha256 == hashlib.sha256(content).hexdigest()
    assert len(uploaded.read_sizes) >= 6, "the upload was not read in chunks"
    assert all(
        size is not None and 0 < size <= services.CHUNK_SIZE for size in uploaded.read_sizes
    ), uploaded.read_sizes
    uploaded.close()


def test_several_files_in_one_version(obligation):
    plan, annex = pdf(), files.xlsx("annex.xlsx")

    version = emailed(obligation, [plan, annex])

    assert sorted(version.files.values_list("original_name", "size")) == [
        ("annex.xlsx", annex.size),
        ("workplan.pdf", plan.size),
    ]


def test_an_empty_file_is_refused_and_leaves_nothing(obligation, media_root):
    with pytest.raises(ValidationError) as excinfo:
        emailed(obligation, [pdf("good.pdf"), pdf("empty.pdf", b"")])

    assert excinfo.value.messages == [uploads.EMPTY_FILE % {"name": "empty.pdf"}]
    assert excinfo.value.messages == ["The file “empty.pdf” is empty."]
    assert not Submission.objects.exists()
    assert not SubmissionVersion.objects.exists()
    assert not SubmissionFile.objects.exists()
    assert stored_files(media_root) == []


def test_an_empty_file_for_a_later_version_leaves_the_earlier_ones(obligation):
    emailed(obligation, [pdf()])

    with pytest.raises(ValidationError):
        emailed(obligation, [pdf("empty.pdf", b"")])

    assert list(SubmissionVersion.objects.values_list("number", flat=True)) == [1]


def test_no_file_at_all_is_refused(obligation):
    with pytest.raises(ValidationError) as excinfo:
        emailed(obligation, [])

    assert excinfo.value.messages == [str(uploads.MISSING_FILE)]
    assert not SubmissionVersion.objects.exists()


def test_a_stored_file_cannot_be_modified(obligation):
    version = emailed(obligation, [pdf()])
    stored = version.files.get()
    digest = stored.sha256

    stored.sha256 = "0" * 64
    stored.original_name = "forged.pdf"
    with pytest.raises(ValidationError):
        stored.save()

    stored.refresh_from_db()
    assert (stored.sha256, stored.original_name) == (digest, "workplan.pdf")


def test_a_new_version_never_overwrites_an_earlier_one(obligation, media_root):
    first = emailed(obligation, [pdf(content=FIRST_DRAFT)])
    first_file = first.files.get()
    first_path = first_file.file.path
    first_mtime = os.stat(first_path).st_mtime_ns

    second = emailed(
        obligation, [pdf(content=FINAL_TEXT)], received_at=RECEIVED + dt.timedelta(days=1)
    )
    second_file = second.files.get()

    assert second_file.file.name != first_file.file.name
    assert len(stored_files(media_root)) == 2
    with open(first_path, "rb") as f:
        assert f.read() == FIRST_DRAFT
    assert os.stat(first_path).st_mtime_ns == first_mtime
    first_file.refresh_from_db()
    assert first_file.sha256 == hashlib.sha256(FIRST_DRAFT).hexdigest()
    first.refresh_from_db()
    assert (first.number, first.received_at) == (1, RECEIVED)
    with second_file.file.open("rb") as f:
        assert f.read() == FINAL_TEXT


def test_stored_names_do_not_reveal_the_original_name(obligation):
    version = emailed(obligation, [pdf("../../etc/passwd")])

    stored = version.files.get()
    assert stored.file.name.startswith("submissions/")
    assert "passwd" not in stored.file.name
    # Django strips the path of an uploaded name; the checks add the extension of its content.
    assert stored.original_name == "passwd.pdf"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_first_versions_get_numbers_one_and_two(obligation):
    errors, numbers = [], []
    first_recorded = threading.Event()

    def record(hold):
        try:
            with transaction.atomic():
                version = emailed(obligation, [pdf()])
                numbers.append(version.number)
                if hold:
                    first_recorded.set()
                    threading.Event().wait(0.5)  # keep the lock while the other one starts
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
            first_recorded.set()
        finally:
            connections.close_all()

    def second():
        first_recorded.wait(10)
        record(hold=False)

    threads = [threading.Thread(target=record, args=(True,)), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    assert sorted(numbers) == [1, 2]
    assert Submission.objects.filter(obligation=obligation).count() == 1
    assert sorted(SubmissionVersion.objects.values_list("number", flat=True)) == [1, 2]
