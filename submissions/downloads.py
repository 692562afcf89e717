"""How a stored submission file is served: accepted PDFs open in the browser, sandboxed; every
other file is a download."""

from django.http import FileResponse, Http404

PDF = "application/pdf"
# An accepted PDF opens in the browser's viewer, as a document of its own: sandboxed (no script
# of the file runs with the registry's origin), loading nothing. Chromium draws its viewer page
# with inline styles and images (`style-src`, `img-src`: without them the page shows a sliver
# of the document) and embeds the PDF itself (`object-src 'self'`).
PDF_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
    "object-src 'self'; frame-ancestors 'self'"
)


def stored_file_response(stored, *, inline_pdf=False):
    """Return the file of `stored` (a `SubmissionFile`): inline when `inline_pdf` and it is a
    PDF, with the sandboxing policy; else as an attachment. 404 if the file is gone."""
    try:
        handle = stored.file.open("rb")
    except OSError:  # FileNotFoundError included
        raise Http404 from None
    inline = inline_pdf and stored.content_type == PDF
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=stored.original_name,
        content_type=stored.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    if inline:
        response["Content-Security-Policy"] = PDF_CSP
    return response
