"""The public directory of the centres: no sign-in, only what is public."""

from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@transaction.non_atomic_requests
@require_GET
def index(request):
    return render(request, "registry/directory/index.html", {"regions": selectors.directory()})


@require_GET
def document(request, pk):
    """Serve a file of an accepted workplan or activity report; anything else is a 404."""
    public = selectors.public_file(pk)
    if public is None:
        raise Http404
    try:
        handle = public.file.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=public.original_name,
        content_type=public.content_type or "application/octet-stream",
    )
