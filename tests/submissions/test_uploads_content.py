"""Upload checks look inside documents: active content is refused, outside links flagged."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from submissions import uploads
from submissions.filechecks import office, pdf
from submissions.models import SubmissionVersion
from tests.submissions import hostile_files as hostile
from tests.submissions import portal_files as files
from tests.submissions.staff_pages import record_on_staff_page

# Shared fixtures of the portal tests.


def refusal(*uploaded):
    with pytest.raises(uploads.UploadRefused) as exc:
        uploads.validate_uploads(list(uploaded))
    assert exc.value.code == "upload"
    return " ".join(exc.value.messages)


def expected(message, name, **params):
    return str(message % {"name": name, **params})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("setup.exe", b"MZ\x90\x00" + b"\0" * 200),
        ("notes.pdf", b"This is only text, named like a PDF.\n"),
    ],
)
def test_it_refuses_html_svg_programs_and_text_whatever_their_name(name, content):
    message = refusal(SimpleUploadedFile(name, content))
    assert f"The file “{name}” is not an accepted document." in message


def test_a_refused_upload_carries_the_code_the_forms_read():
    with pytest.raises(ValidationError) as exc:
        uploads.validate_uploads([SimpleUploadedFile("notes.pdf", b"plain text")])
    assert exc.value.code == "upload"


@pytest.mark.django_db
def test_the_staff_record_page_refuses_a_text_file_named_pdf_with_a_message(
    staff_client, obligation_a, frozen
):
    response = record_on_staff_page(
        staff_client,
        obligation_a,
        "2015-09-18T16:30",
        SimpleUploadedFile("scan.pdf", b"just some text\n"),
    )
    assert response.status_code == 400
    assert "The file “scan.pdf” is not an accepted document." in response.content.decode()
    assert not SubmissionVersion.objects.exists()


def test_it_refuses_a_remote_template():
    assert expected(
        office.REMOTE_CONTENT, "workplan.docx", target="https://attacker.example/t.dotm"
    ) in refusal(hostile.remote_template_docx())


@pytest.mark.parametrize("document", [hostile.dde_simple_docx, hostile.dde_split_docx])
def test_it_refuses_dde_fields_even_split_across_runs(document):
    assert expected(office.DDE_FIELD, "workplan.docx") in refusal(document())


def test_it_refuses_a_dde_link_in_a_workbook():
    assert expected(office.DDE_FIELD, "budget.xlsx") in refusal(
        hostile.xlsx_external_link(dde=True)
    )


@pytest.mark.parametrize("document", [hostile.ole_docx, hostile.ole_entry_docx])
def test_it_refuses_embedded_ole_objects(document):
    assert expected(office.EMBEDDED_OBJECT, "workplan.docx") in refusal(document())


@pytest.mark.parametrize("document", [hostile.odt_event_listener, hostile.odt_script_link])
def test_it_refuses_opendocument_event_listeners_and_script_links(document):
    assert expected(office.SCRIPTS, "report.odt") in refusal(document())


def test_it_refuses_an_ole_object_in_an_opendocument_file():
    assert expected(office.EMBEDDED_OBJECT, "report.odt") in refusal(hostile.odt_ole_object())


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (hostile.javascript_pdf, pdf.PDF_SCRIPT),
        (hostile.launch_pdf, pdf.PDF_SCRIPT),
        (hostile.xfa_pdf, pdf.PDF_SCRIPT),
        (hostile.attachment_pdf, pdf.PDF_EMBEDDED_FILE),
        (hostile.encrypted_pdf, pdf.PDF_ENCRYPTED),
    ],
)
def test_it_refuses_pdfs_with_scripts_launch_actions_embedded_files_or_a_password(
    document, message
):
    assert expected(message, "workplan.pdf") in refusal(document())


def test_it_refuses_a_pdf_that_pypdf_cannot_read():
    broken = SimpleUploadedFile("workplan.pdf", b"%PDF-1.7\n" + b"garbage " * 50 + b"\n%%EOF\n")
    assert expected(pdf.CORRUPT_PDF, "workplan.pdf") in refusal(broken)


@pytest.mark.parametrize(
    "document",
    [
        files.pdf,
        files.docx,
        files.xlsx,
        files.odt,
        hostile.hyperlink_docx,
        hostile.page_field_docx,
    ],
)
def test_it_accepts_ordinary_documents_hyperlinks_and_fields_without_flags(document):
    checked = uploads.validate_uploads([document()])
    assert checked.flags == []


def test_it_accepts_a_linked_picture_and_flags_it_for_staff():
    checked = uploads.validate_uploads([hostile.linked_picture_docx()])
    assert checked.flags == [
        "“workplan.docx” links to outside content that may load when it is opened: "
        "https://tracker.example/pixel.png"
    ]


def test_it_accepts_a_link_to_another_workbook_and_flags_it_for_staff():
    checked = uploads.validate_uploads([hostile.xlsx_external_link()])
    assert checked.flags == [
        "“budget.xlsx” links to outside content that may load when it is opened: "
        "file:///C:/Budgets/2015.xlsx"
    ]


def test_it_reports_every_refused_file_of_one_upload_at_once():
    message = refusal(hostile.javascript_pdf(), hostile.remote_template_docx(), files.odt())
    assert "“workplan.pdf” contains JavaScript" in message
    assert "“workplan.docx” loads a template" in message
