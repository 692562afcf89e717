"""Look inside Office packages (DOCX, XLSX, ODT) for content that acts or reaches outside.

Refused: macros, embedded OLE objects and ActiveX controls, DDE/DDEAUTO fields and DDE links,
remote templates and remote frames or sub-documents, ODT event listeners and script links.
Flagged for staff: other links to outside content that loads when the file is opened (linked
pictures, links to other workbooks), which legitimate documents carry.
Every entry is decompressed once, bounded by the budgets, so that its checksum is verified.
"""

import re

from django.utils.translation import gettext_lazy as _
from lxml import etree

from . import Refused
from .archives import CORRUPT_ARCHIVE, ZIP_ERRORS, check_declared_sizes, read_entry

MACROS = _(
    "The file “%(name)s” contains macros, which are not accepted. Save it without macros "
    "(e.g. as .docx or .xlsx) and upload it again."
)
EMBEDDED_OBJECT = _(
    "The file “%(name)s” contains an embedded object or control (OLE, ActiveX), which is not "
    "accepted. Insert its content as a picture or a table, or upload it as a separate file."
)
DDE_FIELD = _(
    "The file “%(name)s” contains a DDE field or link, which can start programs and is not "
    "accepted. Remove the field and upload the file again."
)
REMOTE_CONTENT = _(
    "The file “%(name)s” loads a template, frame or document from outside (%(target)s), "
    "which is not accepted. Remove the link (e.g. attach the normal template) and upload "
    "it again."
)
SCRIPTS = _(
    "The file “%(name)s” contains scripts or events that run macros, which are not "
    "accepted. Remove them and upload the file again."
)
EXTERNAL_LINK_FLAG = _(
    "“%(name)s” links to outside content that may load when it is opened: %(target)s"
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SML = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
SCRIPT = "{urn:oasis:names:tc:opendocument:xmlns:script:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

# Relationship types (the last path segment) by what happens to them.
REFUSED_REMOTE = {"attachedtemplate", "frame", "subdocument"}
EMBEDDED = {"oleobject", "control", "activexcontrol", "activexcontrolbinary"}
HARMLESS_EXTERNAL = {"hyperlink"}
DDE_INSTRUCTION = re.compile(r'^[\s"]*DDE(?:AUTO)?\b', re.IGNORECASE)
SCRIPT_URL = re.compile(r"^\s*(vnd\.sun\.star\.script:|macro:)", re.IGNORECASE)
TARGET_SHOWN = 200


def _parser_events(stream, events=("start", "end")):
    # No DTD, no entity expansion, no network: the parts are hostile input.
    return etree.iterparse(
        stream,
        events=events,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def package_kind(archive, names):
    """Return "docx", "xlsx", "odt" or None for the package's declared kind."""
    if "mimetype" in names and "content.xml" in names:
        with archive.open("mimetype") as stream:
            return "odt" if stream.read(200).strip() == ODT_MIMETYPE else None
    if "[Content_Types].xml" in names:
        for code, part in OOXML_PARTS.items():
            if part in names:
                return code
    return None


def _check_content_types(reader):
    types = b"".join(iter(reader.read, b"")).decode("utf-8", "replace").lower()
    if "macroenabled" in types or "vbaproject" in types:
        raise Refused(MACROS)
    if "oleobject" in types or "activex" in types:
        raise Refused(EMBEDDED_OBJECT)


def _shown(target):
    target = " ".join(str(target).split())
    return target if len(target) <= TARGET_SHOWN else target[:TARGET_SHOWN] + "…"


def _check_relationships(reader, flags):
    for _event, element in _parser_events(reader, events=("end",)):
        if element.tag != RELS:
            continue
        kind = element.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
        external = element.get("TargetMode", "").lower() == "external"
        target = element.get("Target", "")
        if kind in EMBEDDED:
            raise Refused(EMBEDDED_OBJECT)
        if external and kind in REFUSED_REMOTE:
            raise Refused(REMOTE_CONTENT, target=_shown(target))
        if external and kind not in HARMLESS_EXTERNAL:
            flags.append((EXTERNAL_LINK_FLAG, {"target": _shown(target)}))
        element.clear()


def _check_word_fields(reader):
    """Refuse DDE fields, simple or complex, even when their code is split across runs."""
    fields = []
    for event, element in _parser_events(reader):
        if event == "start" and element.tag == W + "fldSimple":
            if DDE_INSTRUCTION.match(element.get(W + "instr", "")):
                raise Refused(DDE_FIELD)
        elif event == "start" and element.tag == W + "fldChar":
            kind = element.get(W + "fldCharType")
            if kind == "begin":
                fields.append("")
            elif fields and DDE_INSTRUCTION.match(fields[-1]):
                raise Refused(DDE_FIELD)
            elif kind == "end" and fields:
                fields.pop()
        elif event == "end":
            if element.tag == W + "instrText" and fields:
                fields[-1] += element.text or ""
            if element.tag == W + "object" or element.tag.endswith("}OLEObject"):
                raise Refused(EMBEDDED_OBJECT)
            element.clear()
    if any(DDE_INSTRUCTION.match(code) for code in fields):
        raise Refused(DDE_FIELD)


def _check_external_link(reader):
    for _event, element in _parser_events(reader, events=("end",)):
        if element.tag == SML + "ddeLink":
            raise Refused(DDE_FIELD)
        if element.tag == SML + "oleLink":
            raise Refused(EMBEDDED_OBJECT)
        element.clear()


def _check_odf_part(reader):
    for _event, element in _parser_events(reader, events=("end",)):
        tag = element.tag
        if tag == OFFICE + "event-listeners" and len(element):
            raise Refused(SCRIPTS)
        if tag == SCRIPT + "event-listener" or (tag == OFFICE + "script" and len(element)):
            raise Refused(SCRIPTS)
        if tag == DRAW + "object-ole":
            raise Refused(EMBEDDED_OBJECT)
        if SCRIPT_URL.match(element.get(XLINK_HREF, "")):
            raise Refused(SCRIPTS)
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]


def _inspector(kind, name):
    """The check for entry `name` of a package of `kind`, or None to only verify it."""
    lower = name.lower()
    if kind == "odt":
        if lower.startswith(("basic/", "scripts/")):
            raise Refused(MACROS)
        if lower in ("content.xml", "styles.xml") or lower.endswith("/content.xml"):
            return _check_odf_part
        return None
    if lower.endswith(("vbaproject.bin", "vbadata.xml")):
        raise Refused(MACROS)
    if lower == "[content_types].xml":
        return _check_content_types
    if lower.endswith(".rels"):
        return _check_relationships
    if kind == "docx" and lower.startswith("word/") and lower.endswith(".xml"):
        return _check_word_fields
    if kind == "xlsx" and lower.startswith("xl/externallinks/") and lower.endswith(".xml"):
        return _check_external_link
    return None


def inspect_package(uploaded, upload_budget):
    """Return the kind code ("docx", "xlsx", "odt" or None) and the flags for staff.

    Raise `Refused` for a damaged, oversized or unsafe package.
    """
    from .archives import open_archive

    archive = open_archive(uploaded)
    flags = []
    with archive:
        try:
            entries = archive.infolist()
            budget = check_declared_sizes(entries, upload_budget)
            kind = package_kind(archive, {e.filename for e in entries})
            if kind is None:
                return None, []
            budgets = (budget, upload_budget) if upload_budget else (budget,)
            for entry in entries:
                inspector = _inspector(kind, entry.filename)
                reader = read_entry(archive, entry, budgets)
                if inspector is _check_relationships:
                    inspector(reader, flags)
                elif inspector is not None:
                    inspector(reader)
                elif reader.read(len(OLE_MAGIC)) == OLE_MAGIC:
                    raise Refused(EMBEDDED_OBJECT)
                # Reading to the end makes zipfile verify the entry's checksum.
                reader.drain()
        except etree.XMLSyntaxError:
            raise Refused(CORRUPT_ARCHIVE) from None
        except ZIP_ERRORS:
            raise Refused(CORRUPT_ARCHIVE) from None
    uploaded.seek(0)
    return kind, flags
