"""Upload checks judge files by content: type, size, archive limits, macros, names."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import uploads
from tests.submissions import portal_files as files


def _messages(call):
    with pytest.raises(ValidationError) as exc:
        call()
    return " ".join(exc.value.messages)


def test_it_accepts_a_pdf_by_its_content():
    assert uploads.detect_kind(files.pdf()).code == "pdf"


def test_it_recognises_word_excel_and_opendocument_files():
    assert uploads.detect_kind(files.docx()).code == "docx"
    assert uploads.detect_kind(files.xlsx()).code == "xlsx"
    assert uploads.detect_kind(files.odt()).code == "odt"


def test_it_refuses_a_program_named_like_a_pdf():
    message = _messages(lambda: uploads.detect_kind(files.exe("workplan.pdf")))
    assert "not an accepted document" in message
    assert "workplan.pdf" in message


def test_it_refuses_a_word_file_named_like_a_pdf():
    message = _messages(lambda: uploads.detect_kind(files.docx("workplan.pdf")))
    assert "named like a PDF file but its content is Word (DOCX)" in message


def test_it_refuses_an_empty_file():
    empty = SimpleUploadedFile("empty.pdf", b"")
    assert "is empty" in _messages(lambda: uploads.detect_kind(empty))


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.REGISTRY_UPLOAD_MAX_BYTES = 100
    message = _messages(lambda: uploads.detect_kind(files.pdf(extra=b" " * 200)))
    assert "the limit is 100\xa0bytes per file" in message


def test_it_refuses_a_type_left_out_of_the_accepted_list(settings):
    settings.REGISTRY_UPLOAD_TYPES = ["pdf"]
    assert "Accepted: PDF." in _messages(lambda: uploads.detect_kind(files.xlsx()))


def test_it_refuses_a_word_file_with_macros():
    assert "contains macros" in _messages(lambda: uploads.detect_kind(files.docm()))


def test_it_refuses_an_opendocument_file_with_basic_macros():
    macro = files.odt(extra=[("Basic/Standard/Module1.xml", "<script/>")])
    assert "contains macros" in _messages(lambda: uploads.detect_kind(macro))


def test_it_refuses_an_archive_that_expands_too_far(settings):
    settings.REGISTRY_UPLOAD_MAX_EXPANDED_BYTES = 1024 * 1024
    message = _messages(lambda: uploads.detect_kind(files.bomb(size=2 * 1024 * 1024)))
    assert "expands to too much data" in message


def test_it_refuses_an_archive_with_an_extreme_compression_ratio():
    message = _messages(lambda: uploads.detect_kind(files.bomb(size=3 * 1024 * 1024)))
    assert "expands to too much data" in message


def test_it_refuses_an_archive_with_too_many_entries(settings):
    settings.REGISTRY_UPLOAD_MAX_ZIP_ENTRIES = 20
    assert "too many parts" in _messages(lambda: uploads.detect_kind(files.many_entries()))


def test_it_refuses_a_damaged_archive():
    assert "is damaged" in _messages(lambda: uploads.detect_kind(files.corrupt_docx()))


def test_it_refuses_a_truncated_pdf():
    cut = SimpleUploadedFile("workplan.pdf", files.PDF_BYTES[:40])
    assert "is damaged" in _messages(lambda: uploads.detect_kind(cut))


def test_it_refuses_an_opendocument_spreadsheet():
    sheet = files.odt("sheet.odt", mimetype=b"application/vnd.oasis.opendocument.spreadsheet")
    assert "not an accepted document" in _messages(lambda: uploads.detect_kind(sheet))


def test_it_cleans_file_names_of_paths_and_odd_characters():
    pdf = uploads.KINDS["pdf"]
    assert uploads.clean_filename("../../etc/pass<wd>.pdf", pdf) == "pass_wd.pdf"
    assert uploads.clean_filename("C:\\Users\\x\\Plan de travail 2016.PDF", pdf) == (
        "Plan de travail 2016.pdf"
    )
    assert uploads.clean_filename("Отчёт\x00.pdf", pdf) == "Отчёт.pdf"
    assert uploads.clean_filename("...", pdf) == "document.pdf"


def test_it_names_the_file_by_its_true_type_when_it_had_no_extension():
    checked = uploads.validate_uploads([files.docx("workplan")])
    assert checked[0].name == "workplan.docx"
    assert checked[0].content_type == uploads.KINDS["docx"].content_type


def test_it_reports_every_bad_file_of_one_upload():
    message = _messages(
        lambda: uploads.validate_uploads(
            [files.exe("a.pdf"), SimpleUploadedFile("b.pdf", b""), files.pdf("c.pdf")]
        )
    )
    assert "“a.pdf”" in message and "“b.pdf” is empty" in message


def test_it_refuses_an_upload_without_files():
    assert "Choose a file" in _messages(lambda: uploads.validate_uploads([]))


def test_it_refuses_two_files_with_the_same_name():
    message = _messages(lambda: uploads.validate_uploads([files.pdf("a.pdf"), files.pdf("a.pdf")]))
    assert "Two files are named “a.pdf”" in message
