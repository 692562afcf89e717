"""Reads about a centre's hosts and terms that the staff, Bureau and public pages share.

Both functions work on rows already fetched (see `HOST_CHANGE_PREFETCH`): nothing reaches the
database while a page renders.
"""

from django.db.models import Prefetch

from .models import HostChange

# Prefetch a centre's host-change cases with everything `host_changes_as_at` reads.
HOST_CHANGE_PREFETCH = Prefetch(
    "host_changes",
    queryset=HostChange.objects.select_related("institution", "hosting").prefetch_related(
        "correspondence", "briefings"
    ),
)


def host_changes_as_at(centre, day):
    """Return the centre's host-change cases proposed by `day`, newest first, each as
    {"case", "last_received_on", "correspondence", "briefings"} with only what was dated by
    `day` (the briefings are the meetings, e.g. of a Bureau, that discussed the case).

    The case's state is its state now; a proposal is never a hosting, whatever its state.
    """
    rows = []
    for case in sorted(centre.host_changes.all(), key=lambda c: c.proposed_on, reverse=True):
        if case.proposed_on > day:
            continue
        rows.append(
            {
                "case": case,
                "last_received_on": case.last_received_on(day),
                "correspondence": case.file_by(day),
                "briefings": [m for m in case.briefings.all() if m.starts_on <= day],
            }
        )
    return rows


def endorsement_gaps_by(centre, day):
    """Return the centre's endorsement gaps that had begun by `day`, each as
    {"gap", "open"}: open when no later endorsement had been recorded by `day`."""
    return [
        {"gap": gap, "open": gap.next_endorsed_on is None or gap.next_endorsed_on > day}
        for gap in centre.endorsement_gaps(centre.endorsements.all())
        if gap.term_ended_on < day
    ]
