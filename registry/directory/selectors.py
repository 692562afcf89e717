"""Reads for the public directory: what anyone may see, and nothing that is not accepted."""

from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone

from centres.models import Centre, Contact, Hosting
from centres.selectors import HOST_CHANGE_PREFETCH, endorsement_gaps_by, host_changes_as_at
from submissions.models import (
    RequestKind,
    ReviewStatus,
    SubmissionFile,
    SubmissionVersion,
    secretariat_tz,
)

PUBLIC_KINDS = (RequestKind.WORKPLAN, RequestKind.ACTIVITY_REPORT)


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


def public_documents():
    """Return {centre id: [(request, version, [files])]}, the latest accepted version of each
    centre's workplans and activity reports. One query.
    """
    files = (
        public_files()
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


def public_centres():
    """Centres with what anyone may see of them fetched up front: region, host country,
    hostings and their institutions, endorsements, countries served, and the public contacts
    (`public_contacts`). A fixed number of queries, whatever the number of centres."""
    return Centre.objects.select_related("region", "host_country").prefetch_related(
        Prefetch("hostings", queryset=Hosting.objects.select_related("institution__country")),
        "endorsements",
        "countries_served",
        Prefetch(
            "contacts",
            queryset=Contact.objects.filter(is_public=True).order_by("role", "name"),
            to_attr="public_contacts",
        ),
    )


def directory(now=None):
    """Return [(region, [entry])]: centres still operating, by region, with public details.

    Each entry: centre, status, host (current hosting), contacts (public only), documents,
    the open host-change cases (a proposed host is not the host) and any open endorsement gap.
    A fixed number of queries, whatever the number of centres.
    """
    now = now or timezone.now()
    day = timezone.localtime(now, secretariat_tz()).date()
    centres = (
        public_centres()
        .prefetch_related(HOST_CHANGE_PREFETCH)
        .exclude(ceased_on__lte=day)
        .order_by("region__name", "name")
    )
    documents = public_documents()
    regions: dict = {}
    for centre in centres:
        entry = {
            "centre": centre,
            "status": centre.status_at(day, centre.endorsements.all()),
            "host": current_hosting(centre.hostings.all(), day),
            "contacts": centre.public_contacts,
            "documents": documents.get(centre.pk, []),
            "host_changes": [row for row in host_changes_as_at(centre, day) if row["case"].is_open],
            "endorsement_gaps": [row for row in endorsement_gaps_by(centre, day) if row["open"]],
        }
        regions.setdefault(centre.region.pk, (centre.region, []))[1].append(entry)
    return list(regions.values())
