"""Operations anyone may call without signing in: centres, decisions and requests, and the
documents the Secretariat accepted (the public directory's data)."""

from typing import Annotated

from django.http import Http404, HttpResponse
from django.urls import reverse
from ninja import Path, Query, Router

from registry.directory.selectors import current_hosting, public_centres, public_files
from submissions.models import Decision, Request
from submissions.status import local_date

from . import schemas
from .auth import ANYONE
from .etags import list_not_modified
from .pagination import MAX_ID, PageQuery, paginate
from .params import AsAtQuery, as_at_of
from .problems import problem_responses

router = Router(auth=ANYONE, tags=["public"])

ERRORS = problem_responses(400, 401, 429)
ONE_ERRORS = problem_responses(400, 401, 404, 429)


def _hosting(h):
    i = h.institution
    return {
        "institution": {"name": i.name, "city": i.city, "country": i.country.name},
        "nominated_on": h.nominated_on,
        "started_on": h.started_on,
        "ended_on": h.ended_on,
    }


def _centre(centre, as_at):
    day = local_date(as_at)
    hostings = list(centre.hostings.all())
    host = current_hosting(hostings, day)
    return {
        "id": centre.pk,
        "name": centre.name,
        "acronym": centre.acronym,
        "conventions": centre.conventions,
        "region": {"code": centre.region.code, "name": centre.region.name},
        "host_country": {"code": centre.host_country.code, "name": centre.host_country.name},
        "city": centre.city,
        "area_served": centre.area_served,
        "countries_served": [
            {"code": p.code, "name": p.name} for p in centre.countries_served.all()
        ],
        "website": centre.website,
        "status": centre.status_at(day, centre.endorsements.all()),
        "status_on": day,
        "host": _hosting(host) if host else None,
        "hostings": [_hosting(h) for h in hostings],
        "contacts": [
            {"name": c.name, "role": c.role, "email": c.email} for c in centre.public_contacts
        ],
    }


@router.get(
    "/centres",
    response={200: schemas.page_of(schemas.Centre), 304: None, **ERRORS},
    operation_id="centres_list",
    summary="Centres, with their status as at a date",
)
def centres_list(request, response: HttpResponse, when: Query[AsAtQuery], page: Query[PageQuery]):
    as_at, now = as_at_of(when)
    if (unchanged := list_not_modified(request, response, as_at=as_at, now=now)) is not None:
        return unchanged
    rows, next_url = paginate(request, public_centres(), page)
    return {"items": [_centre(c, as_at) for c in rows], "next": next_url}


@router.get(
    "/centres/{centre_id}",
    response={200: schemas.Centre, **ONE_ERRORS},
    operation_id="centres_read",
    summary="One centre",
)
def centres_read(request, centre_id: Annotated[int, Path(ge=1, le=MAX_ID)], when: Query[AsAtQuery]):
    as_at, _now = as_at_of(when)
    centre = public_centres().filter(pk=centre_id).first()
    if centre is None:
        raise Http404
    return _centre(centre, as_at)


def _request(r):
    return {
        "id": r.pk,
        "decision": r.decision.code if r.decision_id else None,
        "paragraph": r.paragraph,
        "issued_on": r.issued_on,
        "letter_reference": r.letter_reference,
        "title": r.title,
        "kind": r.kind,
        "mode": r.mode,
        "replies_wanted_by": r.replies_wanted_by,
        "period_start": r.period_start,
        "period_end": r.period_end,
        "due_date": r.due_date,
        "for_cop": r.for_cop,
    }


@router.get(
    "/decisions",
    response={200: schemas.page_of(schemas.DecisionOut), 304: None, **ERRORS},
    operation_id="decisions_list",
    summary="Decisions of the COPs, with the requests their paragraphs make",
)
def decisions_list(request, response: HttpResponse, page: Query[PageQuery]):
    if (unchanged := list_not_modified(request, response)) is not None:
        return unchanged
    decisions = Decision.objects.prefetch_related("requests__decision")
    rows, next_url = paginate(request, decisions, page)
    items = [
        {
            "id": d.pk,
            "code": d.code,
            "convention": d.convention,
            "cop": d.cop,
            "adopted_on": d.adopted_on,
            "year": d.year,
            "title": d.title,
            "document_symbol": d.document_symbol,
            "url": d.url,
            "requests": [_request(r) for r in sorted(d.requests.all(), key=lambda r: r.pk)],
        }
        for d in rows
    ]
    return {"items": items, "next": next_url}


@router.get(
    "/requests",
    response={200: schemas.page_of(schemas.RequestOut), 304: None, **ERRORS},
    operation_id="requests_list",
    summary="Requests of decisions and Secretariat letters (obligations and invitations)",
)
def requests_list(request, response: HttpResponse, page: Query[PageQuery]):
    if (unchanged := list_not_modified(request, response)) is not None:
        return unchanged
    rows, next_url = paginate(request, Request.objects.select_related("decision"), page)
    return {"items": [_request(r) for r in rows], "next": next_url}


@router.get(
    "/documents",
    response={200: schemas.page_of(schemas.Document), 304: None, **ERRORS},
    operation_id="documents_list",
    summary="Accepted workplans and activity reports of the centres, with their files",
)
def documents_list(request, response: HttpResponse, page: Query[PageQuery]):
    if (unchanged := list_not_modified(request, response)) is not None:
        return unchanged
    files = public_files().select_related(
        "version__submission__obligation__request", "version__submission__obligation__centre"
    )
    rows, next_url = paginate(request, files, page)
    items = []
    for f in rows:
        version = f.version
        obligation = version.submission.obligation
        req = obligation.request
        items.append(
            {
                "id": f.pk,
                "centre": {"id": obligation.centre.pk, "name": obligation.centre.name},
                "request_id": req.pk,
                "kind": req.kind,
                "title": req.title or str(req.get_kind_display()),
                "period_start": req.period_start,
                "period_end": req.period_end,
                "version": version.number,
                "received_at": version.received_at,
                "name": f.original_name,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
                "download_url": request.build_absolute_uri(
                    reverse("directory:document", args=[f.pk])
                ),
            }
        )
    return {"items": items, "next": next_url}
