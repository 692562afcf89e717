"""Section II of the Secretariat's note to a COP, drafted from the records and the stored draft."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.models import ONLINE_KINDS, CopNote
from submissions.models import RequestKind, secretariat_tz

from . import figures
from .paragraphs import (
    Paragraph,
    activities_paragraph,
    draft_decision_paragraph,
    information_paragraph,
    mandate_paragraph,
    periodic_paragraph,
    selection_paragraph,
    views_paragraph,
)

# The paragraphs' "as at" fields on the stored draft.
AS_AT_FIELDS = {
    "workplans": "workplans_as_at",
    "reports": "reports_as_at",
    "views": "views_as_at",
    "information": "mercury_as_at",
    "selection": "selection_as_at",
}


@dataclass
class Section:
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


def note_for(convention, cop):
    """The stored draft of the note to COP `cop`, or an unsaved blank one."""
    return CopNote.objects.filter(convention=convention, cop=cop).first() or CopNote(
        convention=convention, cop=cop
    )


def directory_url(site_url):
    return site_url.rstrip("/") + reverse("directory:index")


def draft_note(note, *, site_url, now=None):
    """Return the sections of the note, each paragraph with its figures as at its own date.

    A paragraph without a date on the draft is as at today (Geneva).
    """
    today = (now or timezone.now()).astimezone(secretariat_tz()).date()

    def day(key):
        return getattr(note, AS_AT_FIELDS[key]) or today

    requests = figures.note_requests(note.convention, note.cop)
    periodic = Section(_("Workplans and activity reports"))
    for kind, key, missing in (
        (RequestKind.WORKPLAN, "workplans", _("No request for workplans is recorded.")),
        (RequestKind.ACTIVITY_REPORT, "reports", _("No request for activity reports is recorded.")),
    ):
        request = figures.pick(requests, kind)
        if request is None:
            periodic.gaps.append(missing)
            continue
        periodic.paragraphs.append(
            periodic_paragraph(
                request,
                day(key),
                name_missing=note.name_missing,
                directory_url=directory_url(site_url),
            )
        )
    views = Section(_("Views on the methodology for evaluating the centres"))
    request = figures.pick(requests, RequestKind.VIEWS)
    if request is None:
        views.gaps.append(_("No invitation for views is recorded."))
    else:
        views.paragraphs.append(views_paragraph(request, day("views")))
    information = Section(_("Mercury-related information"))
    request = figures.pick(requests, RequestKind.INFORMATION)
    if request is None:
        information.gaps.append(_("No invitation for information is recorded."))
    else:
        information.paragraphs.append(
            information_paragraph(
                request, day("information"), forwarded_in=note.mercury_forwarded_in
            )
        )
    selection = Section(_("Selection of centres"))
    since = figures.cycle_start(note.convention, note.cop)
    for case in figures.correspondence_cases(note.convention, since, day("selection")):
        selection.paragraphs.append(selection_paragraph(case, day("selection")))
    if not selection.paragraphs:
        selection.gaps.append(_("No correspondence about the selection of centres is recorded."))
    activities = activities_section(requests, since, today)
    activities.paragraphs += [
        mandate_paragraph(mandate) for mandate in mandates_for(note.convention, note.cop)
    ]
    decision = Section(_("Draft decision"))
    decision.paragraphs.append(
        draft_decision_paragraph(figures.next_cycle(requests, note.convention, note.cop), note.cop)
    )
    sections = [periodic, views, information, selection, activities, decision]
    for section in sections:
        for paragraph in section.paragraphs:
            paragraph.wording = (note.wording or {}).get(paragraph.key, "")
    return sections


def mandates_for(convention, cop):
    """The mandates of the Secretariat that report to meeting `cop` of `convention`."""
    from registry.models import Mandate

    return (
        Mandate.objects.filter(decision__convention=convention, reports_to_cop=cop)
        .select_related("decision")
        .prefetch_related("outputs", "meetings")
        .order_by("decision__code", "paragraph", "pk")
    )


def activities_section(requests, since, today):
    """The Secretariat's activities to facilitate the work of the centres, from the meetings log.

    They are counted over the period of this cycle's activity reports (the note's biennium),
    else from the previous meeting's decisions to today.
    """
    from registry.models import MeetingKind
    from registry.secretariat.selectors import activity_counts, meetings_between

    section = Section(_("Activities to facilitate the work of the centres"))
    report = figures.pick(requests, RequestKind.ACTIVITY_REPORT)
    if report is not None and report.period_start and report.period_end:
        start, end = report.period_start, report.period_end
    elif since is not None:
        start, end = since, today
    else:
        section.gaps.append(_("No period is recorded to count the Secretariat's activities over."))
        return section
    counts = activity_counts(start, end)
    directors = [
        (meeting.place or _("online"), meeting.starts_on, meeting.ends_on)
        for meeting in meetings_between(start, end, kinds=[MeetingKind.JOINT_DIRECTORS])
    ]
    if not counts.online_and_webinars and not directors:
        section.gaps.append(_("No meeting or webinar of the Secretariat is logged for the period."))
        return section
    section.paragraphs.append(
        activities_paragraph(
            period_start=start,
            period_end=end,
            online_meetings=counts.online_and_webinars,
            directors_meetings=directors,
            exact=not any(counts.unplaced.get(kind) for kind in ONLINE_KINDS),
        )
    )
    return section


def paragraphs_of(sections):
    return [p for section in sections for p in section.paragraphs]


def note_cycles():
    """The (convention, COP) of every meeting some request reports to, latest first."""
    from submissions.models import Request

    from ..dashboard.selectors import request_cycle

    cycles = {request_cycle(r) for r in Request.objects.select_related("decision")}
    return sorted((c for c in cycles if c), key=lambda c: (c[0], -c[1]))
