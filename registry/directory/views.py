"""The public directory of the centres: no sign-in, only what is public."""

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from centres.models import Region
from datastamp import single_flight
from datastamp.stamp import stamp_token
from submissions.downloads import stored_file_response
from submissions.models import secretariat_tz

from . import selectors
from .html import sections_html

# Pages past this one are computed for each reader (the directory has about 30 centres).
MAX_CACHED_PAGE = 10
BAD_SEARCH = _("The region or the search is not valid; correct it and try again.")


class DirectoryForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("All regions"),
    )
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    page = forms.CharField(max_length=10, required=False)


def cache_key(form, now):
    """The page's key: the data stamp (every write changes it), the Geneva day (a centre's
    status is phrased on days), the language (labels are translated) and the query."""
    day = timezone.localtime(now, secretariat_tz()).date()
    region = form.cleaned_data["region"]
    query = repr(
        (region.code if region else "", form.cleaned_data["q"], form.cleaned_data["page"] or "1")
    )
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    # "directory:html": pages cached before their sections' HTML was (no "sections_html") are
    # never read again.
    return f"directory:html:{stamp_token()}:{day.isoformat()}:{translation.get_language()}:{digest}"


def is_cached(form):
    """Whether the page is one of the few that anyone may ask for often: not a search (any text
    would make a key of its own), a region or none, and one of the first pages."""
    page = form.cleaned_data["page"] or "1"
    return (
        not form.cleaned_data["q"]
        and page.isascii()
        and page.isdigit()
        and 1 <= int(page) <= MAX_CACHED_PAGE
    )


@transaction.non_atomic_requests
@require_GET
def index(request):
    """One page of the centres (by region and name), cached as plain data under the data stamp:
    the same for every reader, since it holds only what is public."""
    form = DirectoryForm(request.GET)
    if not form.is_valid():
        context = {"form": DirectoryForm(), "message": BAD_SEARCH}
        return render(request, "registry/directory/index.html", context, status=400)
    now = timezone.now()

    def compute():
        data = selectors.directory_page(
            now,
            region=form.cleaned_data["region"],
            search=form.cleaned_data["q"],
            page=form.cleaned_data["page"] or 1,
        )
        return {**data, "sections_html": sections_html(data["sections"])}

    if is_cached(form):
        data = single_flight.get_or_compute(
            caches[settings.DASHBOARD_CACHE_ALIAS],
            cache_key(form, now),
            compute,
            timeout=settings.DASHBOARD_CACHE_SECONDS,
        )
    else:
        data = compute()
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "query": query.urlencode(), **data}
    # Written from the escaped values of the page's entries (`html.sections_html`).
    context["sections_html"] = mark_safe(data["sections_html"])  # noqa: S308
    return render(request, "registry/directory/index.html", context)


@require_GET
def document(request, pk):
    """Serve a file of an accepted workplan or activity report (a PDF opens in the browser);
    anything else is a 404."""
    public = selectors.public_file(pk)
    if public is None:
        raise Http404
    return stored_file_response(public, inline_pdf=True)  # every public file is accepted
