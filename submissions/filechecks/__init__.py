"""Content checks behind `submissions.uploads.validate_uploads`, one module per format.

`archives` bounds the work a zip archive may cost, `office` looks inside DOCX, XLSX and ODT
packages for active or outward-reaching content, `pdf` does the same for PDF files with pypdf.
Each check raises `Refused` for what is never accepted and returns flags (plain text) for what
staff must see before they accept a version.
"""


class Refused(Exception):  # noqa: N818 - a verdict, not a programming error
    """The file is not accepted: `message` % `params` (plus the file's name) says why."""

    def __init__(self, message, **params):
        super().__init__(message)
        self.message = message
        self.params = params
