"""The COP note pages: staff and bureau members read the draft; staff edit it and export it."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from centres.models import Convention

from ..dashboard.views import dashboard_access, dashboard_reader
from .draft import draft_note, note_cycles, note_for, paragraphs_of
from .export import note_docx
from .forms import CopNoteForm
from .services import cop_note_save

# The meetings a note may be drafted for: beyond, the URL is mistyped.
MAX_COP = 99
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _note(convention, cop):
    if convention not in Convention.values or not 1 <= cop <= MAX_COP:
        raise Http404
    return note_for(convention, cop)


@dashboard_reader
def index(request):
    return render(request, "registry/dashboard/cop_note_index.html", {"cycles": note_cycles()})


@require_http_methods(["GET", "POST"])
@dashboard_access
def page(request, convention, cop):
    note = _note(convention, cop)
    if request.method == "POST" and not request.user.is_staff:
        raise PermissionDenied
    sections = draft_note(note, site_url=settings.SITE_URL)
    form = None
    status = 200
    if request.user.is_staff:
        data = request.POST if request.method == "POST" else None
        form = CopNoteForm(data, instance=note, paragraphs=paragraphs_of(sections))
        if data is not None:
            if form.is_valid():
                cop_note_save(form=form, user=request.user)
                return redirect("dashboard:cop_note", convention=convention, cop=cop)
            status = 400
    return render(
        request,
        "registry/dashboard/cop_note.html",
        {"note": note, "sections": sections, "form": form},
        status=status,
    )


@dashboard_reader
def docx(request, convention, cop):
    note = _note(convention, cop)
    now = timezone.now()
    sections = draft_note(note, site_url=settings.SITE_URL, now=now)
    response = HttpResponse(note_docx(note, sections, generated_at=now), content_type=DOCX)
    name = f"cop-note-{convention}-{cop}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
