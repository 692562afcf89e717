"""Reads for the public directory: what anyone may see, and nothing that is not accepted."""

import unicodedata
from collections import Counter, defaultdict
from functools import reduce
from operator import or_
from typing import cast

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Func, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres.models import (
    Centre,
    Contact,
    Convention,
    Endorsement,
    HostChange,
    Hosting,
    Party,
)
from centres.selectors import HOST_CHANGE_PREFETCH, endorsement_gaps_by, host_changes_as_at
from submissions.models import (
    Obligation,
    ObligationStatus,
    Request,
    RequestKind,
    RequestMode,
    ReviewStatus,
    SubmissionFile,
    SubmissionVersion,
    secretariat_tz,
)
from submissions.status_store import stored_statuses

PUBLIC_KINDS = (RequestKind.WORKPLAN, RequestKind.ACTIVITY_REPORT)
# Centres per page of the public directory: the page costs the same whatever the network's size.
PAGE_SIZE = 20


def accepted_versions():
    """Return the versions the Secretariat accepted."""
    return SubmissionVersion.objects.filter(review_status=ReviewStatus.ACCEPTED)


def public_files():
    """Files of accepted workplans and activity reports of centres: the only public documents."""
    return SubmissionFile.objects.filter(
        version__in=accepted_versions(),
        version__submission__obligation__centre__isnull=False,
        version__submission__obligation__request__kind__in=PUBLIC_KINDS,
    )


def public_file(pk):
    return public_files().filter(pk=pk).first()


def current_hosting(hostings, day):
    """Return the hosting in force on `day` (the latest started), or None."""
    current = [
        h
        for h in hostings
        if (h.started_on is None or h.started_on <= day)
        and (h.ended_on is None or h.ended_on >= day)
    ]
    current.sort(key=lambda h: (h.started_on is not None, h.started_on))
    return current[-1] if current else None


def public_documents(centre_ids):
    """Return {centre id: [(request, version, [files])]}, the latest accepted version of the
    workplans and activity reports of the centres `centre_ids`. One query.
    """
    files = (
        public_files()
        .filter(version__submission__obligation__centre__in=centre_ids)
        .select_related("version__submission__obligation__request__decision")
        .order_by("version__submission__obligation__request__period_start", "version__number", "pk")
    )
    latest: dict = {}
    by_version = defaultdict(list)
    for f in files:
        version = f.version
        obligation = version.submission.obligation
        by_version[version.pk].append(f)
        known = latest.get(obligation.pk)
        if known is None or known.number < version.number:
            latest[obligation.pk] = version
    documents = defaultdict(list)
    for version in latest.values():
        obligation = version.submission.obligation
        documents[obligation.centre_id].append(
            (obligation.request, version, by_version[version.pk])
        )
    for items in documents.values():
        items.sort(key=lambda item: (item[1].received_at, item[0].kind))
    return documents


def public_centres(centres=None):
    """Centres (`centres`, else all) with what anyone may see of them fetched up front:
    region, host country, hostings and their institutions, endorsements, countries served, and
    the public contacts (`public_contacts`). A fixed number of queries, whatever the number of
    centres."""
    # Each prefetch in its model's order within one centre, without ordering by the centre
    # first (its ordering's join, for nothing).
    centres = Centre.objects.all() if centres is None else centres
    return centres.select_related("region", "host_country").prefetch_related(
        Prefetch(
            "hostings",
            queryset=Hosting.objects.select_related("institution__country").order_by("started_on"),
        ),
        Prefetch("endorsements", queryset=Endorsement.objects.order_by("endorsed_on")),
        Prefetch("countries_served", queryset=Party.objects.order_by("name")),
        Prefetch(
            "contacts",
            queryset=Contact.objects.filter(is_public=True).order_by("role", "name"),
            to_attr="public_contacts",
        ),
    )


# HOST_CHANGE_PREFETCH, the cases in their order within one centre (by the date proposed).
HOST_CHANGES = Prefetch(
    "host_changes",
    queryset=cast("QuerySet[HostChange]", HOST_CHANGE_PREFETCH.queryset).order_by("-proposed_on"),
)

SEARCHED_FIELDS = ("name", "acronym", "city", "host_country__name")


class Unaccent(Func):
    function = "unaccent"


def without_accents(text):
    """Return `text` lower-cased without its accents ("Bogotá" -> "bogota")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def matching(centres, search):
    """Narrow `centres` to those whose name, acronym, city or host country contains `search`:
    accents ignored on PostgreSQL (unaccent), case ignored everywhere."""
    if connection.vendor != "postgresql":
        return centres.filter(
            reduce(or_, (Q(**{f"{f}__icontains": search}) for f in SEARCHED_FIELDS))
        )
    needle = without_accents(search)
    plain = {f"_plain_{i}": Unaccent(Lower(f)) for i, f in enumerate(SEARCHED_FIELDS)}
    return centres.alias(**plain).filter(
        reduce(or_, (Q(**{f"{name}__contains": needle}) for name in plain))
    )


def listed_centres(day, *, region=None, search=""):
    """Centres still operating on `day`, by region and name; in `region`, and matching
    `search` (`matching`), when given."""
    centres = Centre.objects.exclude(ceased_on__lte=day)
    if region is not None:
        centres = centres.filter(region=region)
    if search:
        centres = matching(centres, search)
    return centres.order_by("region__name", "name", "pk")


def convention_standing(centre_ids, now):
    """Return {centre id: {convention: Counter of statuses}} of the centres' obligations (not
    invitations: nothing is due in them) as at `now`. One query, and one more for the rows
    whose stored status does not hold at `now` (`stored_statuses`)."""
    rows = stored_statuses(
        # Unordered: counted, so the model's ordering (five joins and a sort) is for nothing.
        Obligation.objects.filter(
            centre_id__in=centre_ids, request__mode=RequestMode.OBLIGATION
        ).order_by(),
        now,
        "centre_id",
        "request__decision__convention",
        "request__convention_centres",
    )
    standing: dict = defaultdict(lambda: defaultdict(Counter))
    for centre_id, decision_convention, convention_centres, status in rows:
        convention = Request.convention_of(decision_convention, convention_centres)
        standing[centre_id][convention][status] += 1
    return standing


def standing_text(statuses):
    """Phrase one convention's statuses, true to the records: what is overdue; else what came
    late; else on time; a request not yet due is not missing."""
    overdue = statuses[ObligationStatus.OVERDUE]
    if overdue:
        return ngettext("%(count)d overdue", "%(count)d overdue", overdue) % {"count": overdue}
    late = statuses[ObligationStatus.SUBMITTED_LATE]
    if late:
        return ngettext(
            "nothing overdue; %(count)d submitted late",
            "nothing overdue; %(count)d submitted late",
            late,
        ) % {"count": late}
    if statuses[ObligationStatus.SUBMITTED_ON_TIME]:
        return str(_("on time"))
    return str(_("nothing due yet"))


def directory_regions(day):
    """Return [{code, name, count}]: every region with a centre operating on `day`."""
    return [
        {"code": code, "name": name, "count": count}
        for code, name, count in Centre.objects.exclude(ceased_on__lte=day)
        .values_list("region__code", "region__name")
        .annotate(count=Count("pk"))
        .order_by("region__name", "region__code")
    ]


def directory_page(now=None, *, region=None, search="", page=1, page_size=PAGE_SIZE):
    """Return one page of the public directory as plain data (dicts, lists, strings).

    {"regions": every region with its count, "sections": [(region name, [entry])] of the page,
    "page": {number, num_pages, count}}. Each entry holds the centre's public details, its
    current host, public contacts and accepted documents, labels translated in the active
    language. A fixed number of queries, whatever the number of centres.
    """
    now = now or timezone.now()
    day = timezone.localtime(now, secretariat_tz()).date()
    listed = listed_centres(day, region=region, search=search)
    # The page's centres are read with what the directory shows of them: the listing's order,
    # public_centres' details (prefetched for the page's centres only).
    paginator = Paginator(public_centres(listed).prefetch_related(HOST_CHANGES), page_size)
    regions = directory_regions(day)
    if not search:
        # The regions' counts hold the page's count: no COUNT query (`count` is computed once
        # per paginator, on first use, unless given).
        paginator.count = sum(
            r["count"] for r in regions if region is None or r["code"] == region.code
        )
    current = paginator.get_page(page)
    centres = list(current.object_list)
    ids = [c.pk for c in centres]
    documents = public_documents(ids)
    standing = convention_standing(ids, now)
    sections: dict = {}
    for centre in centres:
        entry = directory_entry(centre, day, documents.get(centre.pk, []))
        entry["standing"] = [
            {"convention": str(Convention(c).label), "text": standing_text(standing[centre.pk][c])}
            for c in centre.conventions
        ]
        sections.setdefault(centre.region.code, (centre.region.name, centre.region.code, []))
        sections[centre.region.code][2].append(entry)
    return {
        "regions": regions,
        "sections": list(sections.values()),
        "page": {
            "number": current.number,
            "num_pages": paginator.num_pages,
            "count": paginator.count,
        },
    }


def directory_entry(centre, day, documents):
    """Return the public details of `centre` on `day` as a dict of plain values."""
    host = current_hosting(centre.hostings.all(), day)
    return {
        "pk": centre.pk,
        "name": centre.name,
        "acronym": centre.acronym,
        "city": centre.city,
        "host_country": centre.host_country.name,
        "host": None
        if host is None
        else {
            "name": host.institution.name,
            "website": host.institution.website,
            "city": host.institution.city,
        },
        "conventions": [str(c.label) for c in centre.conventions],
        "status": str(centre.status_at(day, centre.endorsements.all()).label),
        "countries_served": [p.name for p in centre.countries_served.all()],
        "area_served": centre.area_served,
        "website": centre.website,
        "contacts": [
            {"name": c.name, "role": str(c.get_role_display()), "email": c.email}
            for c in centre.public_contacts
        ],
        # Open cases only, and open gaps: what the public may rely on today.
        "host_changes": [
            {
                "case": {
                    "institution": {"name": row["case"].institution.name},
                    "proposed_by": row["case"].proposed_by,
                    "proposed_on": row["case"].proposed_on,
                    "state": row["case"].state,
                    "get_state_display": str(row["case"].get_state_display()),
                    "is_open": True,
                    "hosting": None,
                },
                "last_received_on": row["last_received_on"],
            }
            for row in host_changes_as_at(centre, day)
            if row["case"].is_open
        ],
        "endorsement_gaps": [
            {
                "gap": {
                    "convention_label": str(row["gap"].convention_label),
                    "term_ended_on": row["gap"].term_ended_on,
                    "next_endorsed_on": row["gap"].next_endorsed_on,
                },
                "open": True,
            }
            for row in endorsement_gaps_by(centre, day)
            if row["open"]
        ],
        "documents": [
            {
                "kind": str(request.get_kind_display()),
                "period": (
                    request.period_start.year,
                    request.period_end.year if request.period_end else None,
                )
                if request.period_start
                else None,
                "files": [(f.pk, f.original_name) for f in files],
            }
            for request, _version, files in documents
        ],
    }
