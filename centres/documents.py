"""Every Word document the registry writes: A4 portrait, the registry as author, a title.

Lives in `centres`, beside `spreadsheets`, because `evaluations` and `registry` both write
documents and imports flow only upwards; it imports nothing of ours.
"""

from django.utils.translation import gettext_lazy as _

# The author of every document the registry writes (its core properties).
REGISTRY_AUTHOR = _("Basel and Stockholm Conventions — regional centres registry")
A4_WIDTH_MM, A4_HEIGHT_MM, MARGIN_MM = 210, 297, 25


def a4_document(title):
    """Return a new python-docx document on A4 with 25 mm margins, titled `title`, whose author
    is the registry."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = Document()
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = Mm(A4_WIDTH_MM)
        section.page_height = Mm(A4_HEIGHT_MM)
        section.left_margin = section.right_margin = Mm(MARGIN_MM)
        section.top_margin = section.bottom_margin = Mm(MARGIN_MM)
    properties = document.core_properties
    properties.author = properties.last_modified_by = str(REGISTRY_AUTHOR)
    properties.title = str(title)[:255]
    return document
