"""Reads of the directors' portal, every one scoped by `Obligation.objects.visible_to`."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..models import (
    RECEIVED,
    Extension,
    Letter,
    Obligation,
    ObligationStatus,
    ReviewStatus,
    SubmissionFile,
    SubmissionVersion,
)
from ..review import current_due_date, days_to_deadline

NEXT_UPLOAD_NOW = _("Upload it now: it is overdue.")
NEXT_UPLOAD = _("Upload it before the due date.")
NEXT_REVISE = _("Upload a revised version (see the Secretariat's comments).")
NEXT_WAIT_REVIEW = _("Nothing for now: the Secretariat is reviewing it.")
NEXT_WAIT_EXTENSION = _("Upload it, or wait for the decision on your extension request.")
NEXT_NOTHING_ACCEPTED = _("Nothing: accepted by the Secretariat.")
NEXT_NOTHING_WAIVED = _("Nothing: waived by the Secretariat.")
NEXT_REPLY = _("You are invited to reply, whenever you can: nothing is due.")

# Overdue first, then what needs the centre's action, then the rest by due date.
STATUS_ORDER = {
    ObligationStatus.OVERDUE: 0,
    ObligationStatus.DUE_SOON: 2,
    ObligationStatus.EXTENDED: 2,
    ObligationStatus.NOT_YET_DUE: 3,
    ObligationStatus.SUBMITTED_LATE: 4,
    ObligationStatus.SUBMITTED_ON_TIME: 4,
    ObligationStatus.WAIVED: 5,
    ObligationStatus.NO_REPLY_YET: 3,
    ObligationStatus.REPLIED: 4,
}


def obligations_for(user):
    """The one place that scopes the portal's obligations to `user`."""
    return Obligation.objects.visible_to(user)


def obligation_for_user(user, pk):
    """Return obligation `pk` with everything its page shows; 404 if not `user`'s."""
    qs = obligations_for(user).select_related("request__decision", "centre", "party", "waived_by")
    qs = qs.prefetch_related(
        Prefetch(
            "submission__versions",
            queryset=SubmissionVersion.objects.select_related("recorded_by", "reviewed_by")
            .prefetch_related("files")
            .order_by("-number"),
        ),
        Prefetch(
            "extensions",
            queryset=Extension.objects.select_related("requested_by", "decided_by").order_by(
                "-requested_at", "-pk"
            ),
        ),
    )
    return get_object_or_404(qs, pk=pk)


def obligation_to_write(user, pk):
    """Return obligation `pk` with its request and addressee only, for a write that needs
    none of its versions or extensions (an upload); 404 if not `user`'s."""
    qs = obligations_for(user).select_related("request__decision", "centre", "party")
    return get_object_or_404(qs, pk=pk)


def version_for_user(user, pk):
    return get_object_or_404(
        SubmissionVersion.objects.filter(submission__obligation__in=obligations_for(user))
        .select_related(
            "submission__obligation__request__decision",
            "submission__obligation__centre",
            "submission__obligation__party",
            "recorded_by",
        )
        .prefetch_related("files"),
        pk=pk,
    )


def file_for_user(user, pk):
    return get_object_or_404(
        SubmissionFile.objects.filter(
            version__submission__obligation__in=obligations_for(user)
        ).select_related("version"),
        pk=pk,
    )


def versions_of(obligation):
    submission = getattr(obligation, "submission", None)
    return list(submission.versions.all()) if submission else []


def next_step(status, latest, open_extension):
    if status == ObligationStatus.WAIVED:
        return NEXT_NOTHING_WAIVED
    if latest is not None:
        if latest.review_status == ReviewStatus.RETURNED:
            return NEXT_REVISE
        if latest.review_status == ReviewStatus.ACCEPTED:
            return NEXT_NOTHING_ACCEPTED
        return NEXT_WAIT_REVIEW
    if open_extension is not None:
        return NEXT_WAIT_EXTENSION
    if status == ObligationStatus.OVERDUE:
        return NEXT_UPLOAD_NOW
    if status == ObligationStatus.NO_REPLY_YET:
        return NEXT_REPLY
    return NEXT_UPLOAD


def obligation_summary(obligation, now, status=None):
    """What the portal shows of one obligation (its versions and extensions prefetched).

    `status` is the one the database computed for the row (`with_status`), if it did.
    """
    status = ObligationStatus(status) if status else obligation.status_at(now)
    versions = sorted(versions_of(obligation), key=lambda v: v.number)
    latest = versions[-1] if versions else None
    open_extension = next(
        (e for e in obligation.extensions.all() if e.status == Extension.Status.REQUESTED), None
    )
    due = current_due_date(obligation)
    submitted = status in RECEIVED
    # An invitation has no due date: no days left or late.
    days = None if submitted or status == ObligationStatus.WAIVED else days_to_deadline(due, now)
    needs_action = latest is not None and latest.review_status == ReviewStatus.RETURNED
    return {
        "obligation": obligation,
        "status": status,
        "status_label": ObligationStatus(status).label,
        "due": due,
        "extended": due != obligation.request.due_date,
        "days_left": days if days is not None and days >= 0 else None,
        "days_late": -days if days is not None and days < 0 else None,
        "latest": latest,
        "open_extension": open_extension,
        "next_step": next_step(status, latest, open_extension),
        "sort": (1 if needs_action else STATUS_ORDER[status], due is None, due, obligation.pk),
    }


def portal_home_rows(user, now):
    """Every obligation of `user`'s centres and Parties, overdue first; a fixed number of
    queries."""
    return summarise(obligations_for(user), now)


def summarise(obligations, now):
    """`obligation_summary` of each of `obligations`, overdue first, in a fixed number of
    queries. Each status comes from the rule's Python phrasing (`Obligation.status_at`) over
    the versions and extensions fetched for the list anyway: a director's few obligations do
    not need the SQL phrasing, whose compilation cost more than the rows."""
    # Unordered: the rows are sorted below, to the obligation's pk (the model's ordering would
    # cost its joins and their compilation for nothing).
    qs = (
        obligations.order_by()
        .select_related("request__decision", "centre", "party", "submission")
        .prefetch_related(
            Prefetch("submission__versions", queryset=SubmissionVersion.objects.order_by("number")),
            # Each in its model's order within one obligation or request, without ordering by
            # the obligation or the request first (their orderings' joins, for nothing here).
            Prefetch("extensions", queryset=Extension.objects.order_by("-decided_at")),
            Prefetch("request__letters", queryset=Letter.objects.order_by("language")),
        )
    )
    language = translation.get_language() or ""
    rows = []
    for o in qs:
        row = obligation_summary(o, now)
        row["subject"] = o.request.subject(language)
        rows.append(row)
    rows.sort(
        key=lambda r: (
            r["sort"][0],
            r["sort"][1],
            r["sort"][2] or r["obligation"].created_at.date(),
            r["sort"][3],
        )
    )
    return rows
