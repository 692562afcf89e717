"""Operations for signed-in callers, scoped as the pages are: a centre's contacts see their
centre's records, a Party's contacts their Party's obligations, the Bureau and staff see every
centre's; evaluation cycles as `evaluations.access` says."""

from typing import Annotated

from django.http import Http404, HttpResponse
from ninja import Field, Path, Query, Router, Schema

from centres.access import can_read_dashboards, obligations_scope
from evaluations.models import Evaluation, EvaluationCycle
from registry.dashboard import cache as answers
from registry.dashboard.filters import MatrixFilter
from submissions.management.commands.compliance_summary import KEYS as SUMMARY_KEYS
from submissions.models import Obligation, ObligationStatus, RequestMode
from submissions.selectors import compliance_summary, requests_issued_by

from . import schemas
from .auth import SIGNED_IN
from .etags import list_not_modified
from .pagination import MAX_ID, PageQuery, paginate
from .params import AsAtQuery, as_at_of
from .problems import BadRequest, problem_responses

router = Router(auth=SIGNED_IN, tags=["signed in"])

ERRORS = problem_responses(400, 401, 429)
ONE_ERRORS = problem_responses(400, 401, 404, 429)
BAD_FILTER = "Some of the filters are not valid."


def obligations_for(user):
    """The obligations `user` may read: every one for the Bureau and staff (as the matrix),
    else those of the centres and Parties `user` is a contact of."""
    if can_read_dashboards(user):
        return Obligation.objects.all()
    return Obligation.objects.filter(obligations_scope(user))


class MatrixQuery(Schema):
    """The matrix's filters (`registry.dashboard.filters.MatrixFilter`)."""

    convention: schemas.ConventionCode | None = None
    region: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: schemas.KindCode | None = None
    cycle: int | None = Field(None, ge=1, le=99)
    status: schemas.StatusCode | None = None


def _filtered(request, queryset):
    """Apply the matrix's filterset to `queryset`; return it with the status asked for."""
    filterset = MatrixFilter(request.GET or None, queryset=queryset)
    if filterset.is_bound and not filterset.is_valid():
        raise BadRequest(
            BAD_FILTER + " " + "; ".join(f"{k}: {' '.join(v)}" for k, v in filterset.errors.items())
        )
    status = (filterset.form.cleaned_data.get("status") or "") if filterset.is_bound else ""
    return filterset.qs, status


def _cached(request, name, as_at, now, compute):
    """`compute()`, from the dashboards' cache of counted answers while the records and the
    instant hold (`registry.dashboard.cache`), per scope of reader and per host (links)."""
    scope = "all" if can_read_dashboards(request.user) else f"user:{request.user.pk}"
    return answers.cached(
        f"api-{name}:{scope}:{request.get_host()}", as_at, compute, now=now, query=request.GET
    )


def _addressee(obligation):
    return obligation.centre.name if obligation.centre_id else obligation.party.name


def _obligation(o, as_at):
    return {
        "id": o.pk,
        "request_id": o.request_id,
        "centre_id": o.centre_id,
        "party_id": o.party_id,
        "addressee": _addressee(o),
        "status": o.status,
        "due_date": o.request.due_date,
        "extended_due_date": o.extended_due_date,
        "effective_due_date": o.effective_due_date,
        "first_received_at": o.first_received_at,
        "as_at": as_at,
    }


@router.get(
    "/obligations",
    response={200: schemas.page_of(schemas.Obligation), 304: None, **ERRORS},
    operation_id="obligations_list",
    summary="Obligations with their status as at an instant, filtered as the matrix",
)
def obligations_list(
    request,
    response: HttpResponse,
    when: Query[AsAtQuery],
    filters: Query[MatrixQuery],
    page: Query[PageQuery],
):
    as_at, now = as_at_of(when)
    queryset, status = _filtered(request, obligations_for(request.user))
    if (unchanged := list_not_modified(request, response, as_at=as_at, now=now)) is not None:
        return unchanged

    def compute():
        rows = queryset.with_status(as_at).select_related("request", "centre", "party")
        if status:
            rows = rows.filter(status=status)
        page_rows, next_url = paginate(request, rows, page, pinned={"as_at": as_at.isoformat()})
        return {"items": [_obligation(o, as_at) for o in page_rows], "next": next_url}

    return _cached(request, "obligations", as_at, now, compute)


@router.get(
    "/obligations/{obligation_id}",
    response={200: schemas.Obligation, **ONE_ERRORS},
    operation_id="obligations_read",
    summary="One obligation with its status as at an instant",
)
def obligations_read(
    request, obligation_id: Annotated[int, Path(ge=1, le=MAX_ID)], when: Query[AsAtQuery]
):
    as_at, _now = as_at_of(when)
    obligation = (
        obligations_for(request.user)
        .filter(pk=obligation_id)
        .with_status(as_at)
        .select_related("request", "centre", "party")
        .first()
    )
    if obligation is None:
        raise Http404
    return _obligation(obligation, as_at)


@router.get(
    "/compliance",
    response={200: schemas.Compliance, 304: None, **ERRORS},
    operation_id="compliance_list",
    summary="Per request, the addressees' counts as at an instant (`compliance_summary --json`)",
)
def compliance_list(
    request, response: HttpResponse, when: Query[AsAtQuery], page: Query[PageQuery]
):
    as_at, now = as_at_of(when)
    if (unchanged := list_not_modified(request, response, as_at=as_at, now=now)) is not None:
        return unchanged

    def compute():
        scoped = obligations_for(request.user)
        requests = requests_issued_by(as_at)
        if not can_read_dashboards(request.user):
            requests = requests.filter(pk__in=scoped.values("request_id"))
        page_rows, next_url = paginate(request, requests, page, pinned={"as_at": as_at.isoformat()})
        rows = compliance_summary(as_at, page_rows, obligations=scoped)
        items = [{"request_id": r["request"].pk} | {k: r[k] for k in SUMMARY_KEYS} for r in rows]
        return {"as_at": as_at, "items": items, "next": next_url}

    return _cached(request, "compliance", as_at, now, compute)


@router.get(
    "/replies",
    response={200: schemas.page_of(schemas.Reply), 304: None, **ERRORS},
    operation_id="replies_list",
    summary="Replies received to invitations as at an instant",
)
def replies_list(request, response: HttpResponse, when: Query[AsAtQuery], page: Query[PageQuery]):
    as_at, now = as_at_of(when)
    if (unchanged := list_not_modified(request, response, as_at=as_at, now=now)) is not None:
        return unchanged
    replies = (
        obligations_for(request.user)
        .filter(request__mode=RequestMode.INVITATION)
        .with_status(as_at)
        .filter(status=ObligationStatus.REPLIED)
        .select_related("centre", "party")
    )
    rows, next_url = paginate(request, replies, page, pinned={"as_at": as_at.isoformat()})
    items = [
        {
            "obligation_id": o.pk,
            "request_id": o.request_id,
            "centre_id": o.centre_id,
            "party_id": o.party_id,
            "addressee": _addressee(o),
            "received_at": o.first_received_at,
        }
        for o in rows
    ]
    return {"items": items, "next": next_url}


def _cycle(cycle):
    return {
        "id": cycle.pk,
        "year": cycle.year,
        "convention": cycle.convention,
        "cop": cycle.cop,
        "period_start": cycle.period_start,
        "period_end": cycle.period_end,
        "status": cycle.status,
        "methodology": cycle.methodology.name,
    }


@router.get(
    "/evaluation-cycles",
    response={200: schemas.page_of(schemas.Cycle), **ERRORS},
    operation_id="evaluation_cycles_list",
    summary="Evaluation cycles the caller may read (the Bureau: published ones)",
)
def evaluation_cycles_list(request, page: Query[PageQuery]):
    cycles = EvaluationCycle.objects.visible_to(request.user).select_related("methodology")
    rows, next_url = paginate(request, cycles, page)
    return {"items": [_cycle(c) for c in rows], "next": next_url}


@router.get(
    "/evaluation-cycles/{cycle_id}",
    response={200: schemas.CycleDetail, **ONE_ERRORS},
    operation_id="evaluation_cycles_read",
    summary="One evaluation cycle with its centres' totals",
)
def evaluation_cycles_read(request, cycle_id: Annotated[int, Path(ge=1, le=MAX_ID)]):
    cycle = (
        EvaluationCycle.objects.visible_to(request.user)
        .select_related("methodology")
        .filter(pk=cycle_id)
        .first()
    )
    if cycle is None:
        raise Http404
    evaluations = (
        Evaluation.objects.visible_to(request.user)
        .filter(cycle=cycle)
        .select_related("centre")
        .order_by("centre__name", "pk")
    )
    return _cycle(cycle) | {
        "evaluations": [
            {
                "centre": {"id": e.centre.pk, "name": e.centre.name},
                "total": e.total,
                "max_total": e.max_total,
                "outcome": e.outcome,
            }
            for e in evaluations
        ]
    }
