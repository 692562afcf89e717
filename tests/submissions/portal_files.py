"""Documents for upload tests, built in memory: real PDF, DOCX, XLSX, ODT and bad ones."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes():
    """A real one-page PDF (pypdf writes it), readable by the content checks."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF_BYTES = pdf_bytes()


def pdf(name="workplan.pdf", extra=b""):
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


def docx_bytes(text="Workplan 2016-2019"):
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx(name="workplan.docx", text="Workplan 2016-2019"):
    return SimpleUploadedFile(name, docx_bytes(text), content_type="application/octet-stream")


def xlsx(name="budget.xlsx"):
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Budget"
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


ODF_CONTENT = (
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:scripts/><office:body><office:text><text:p>Report 2015-2016</text:p>"
    "</office:text></office:body></office:document-content>"
)


def odt_bytes(mimetype=b"application/vnd.oasis.opendocument.text", extra=(), content=ODF_CONTENT):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
        for name, data in extra:
            archive.writestr(name, data)
    return buffer.getvalue()


def odt(name="report.odt", **kwargs):
    return SimpleUploadedFile(name, odt_bytes(**kwargs))


def with_extra_entries(data, entries):
    """Return the zip `data` with `entries` [(name, bytes)] added."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        for name, payload in entries:
            archive.writestr(name, payload)
    return buffer.getvalue()


def docm(name="workplan.docx"):
    """A Word file carrying a VBA project, named as a plain .docx."""
    return SimpleUploadedFile(
        name, with_extra_entries(docx_bytes(), [("word/vbaProject.bin", b"\x00VBA" * 64)])
    )


def bomb(name="workplan.docx", size=3 * 1024 * 1024):
    """A valid-looking DOCX with one entry that expands enormously."""
    return SimpleUploadedFile(
        name, with_extra_entries(docx_bytes(), [("word/media/zeros.bin", b"\0" * size)])
    )


def many_entries(name="workplan.docx", count=50):
    return SimpleUploadedFile(
        name,
        with_extra_entries(docx_bytes(), [(f"word/part{i}.xml", b"<x/>") for i in range(count)]),
    )


def corrupt_docx(name="workplan.docx"):
    data = bytearray(docx_bytes())
    # Flip bytes in the middle of the first compressed entry: the checksum no longer matches.
    middle = len(data) // 3
    data[middle : middle + 40] = bytes(40)
    return SimpleUploadedFile(name, bytes(data))


def exe(name="workplan.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
