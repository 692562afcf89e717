"""The COP note as a DOCX document: A4, numbered paragraphs, and notes saying which records and
instants each figure came from."""

import io

from django.utils.translation import gettext as _
from docx.shared import Pt

from centres.documents import a4_document
from centres.models import Convention

from .paragraphs import instant


def note_docx(note, sections, *, generated_at):
    """Return the note's section II as DOCX bytes.

    Paragraphs are numbered through the whole section, as the Secretariat's notes are; each
    paragraph's notes are numbered marks (superscript) resolved in the "Notes" at the end.
    """
    title = _("Note by the Secretariat to the %(convention)s COP-%(cop)s (draft)") % {
        "convention": Convention(note.convention).label,
        "cop": note.cop,
    }
    document = a4_document(title)
    document.styles["Normal"].font.size = Pt(11)
    document.add_heading(title, level=1)
    document.add_paragraph(
        _(
            "Drafted from the registry's records on %(at)s. Every figure is as at the date its "
            "paragraph states."
        )
        % {"at": instant(generated_at)}
    )
    document.add_heading(_("II. Regional and subregional centres"), level=1)
    number = 0
    endnotes: list[str] = []
    for letter, section in zip("ABCDEFGHIJ", sections, strict=False):
        document.add_heading(f"{letter}. {section.title}", level=2)
        for gap in section.gaps:
            document.add_paragraph(gap).runs[0].italic = True
        for paragraph in section.paragraphs:
            number += 1
            block = document.add_paragraph()
            block.add_run(f"{number}.\t")
            block.add_run(paragraph.text)
            for text in paragraph.notes:
                endnotes.append(text)
                mark = block.add_run(str(len(endnotes)))
                mark.font.superscript = True
    if endnotes:
        document.add_heading(_("Notes"), level=2)
        for index, text in enumerate(endnotes, start=1):
            block = document.add_paragraph()
            mark = block.add_run(str(index))
            mark.font.superscript = True
            block.add_run(f" {text}").font.size = Pt(9)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
