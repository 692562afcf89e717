"""The Secretariat's own work in the demo: its mandates, meetings and funding (idempotent).

Facts from the Secretariat's note UNEP/POPS/COP.8/16/Rev.1 (the domain facts'
`secretariat_mandates`, `secretariat_events`, `funding`). Where the note gives only a count
(23 online meetings and webinars in 2015-2016) one entry records that count over its dates, so
that no date, split or participant is invented; amounts of funding are left empty.
"""

import datetime as dt

from centres.models import HostChange, Party
from submissions.models import Decision, Request

from ..models import Contribution, Mandate, MandateOutput, MandateState, Meeting, MeetingKind

NOTE = "UNEP/POPS/COP.8/16/Rev.1"

# (decision, paragraph, task, reports to COP, state, outputs, forwards the replies of)
MANDATES = [
    (
        "SC-7/17",
        "12(a)",
        "Report on the activities of the centres for COP-8, including how to improve the "
        "network's efficiency and effectiveness.",
        8,
        MandateState.DONE,
        [("UNEP/CHW.13/INF/29/Rev.1-UNEP/POPS/COP.8/INF/26/Rev.1", "Report on the activities")],
        None,
    ),
    (
        "SC-7/17",
        "12(b)",
        "Consider adjustments to the evaluation methodology (decision SC-6/16, annex III) with "
        "the views of the centres and Parties.",
        8,
        MandateState.DONE,
        [(NOTE, "Recommendation: no adjustment needed")],
        None,
    ),
    (
        "SC-7/17",
        "17",
        "Forward the centres' information on mercury-related activities to the interim "
        "secretariat of the Minamata Convention.",
        8,
        MandateState.DONE,
        [("UNEP(DTIE)/Hg/INC.7/INF/9", "")],
        ("SC-7/17", "17"),
    ),
    (
        "SC-7/17",
        "18",
        "Organize meetings of the centres' directors and the Secretariat every two years.",
        8,
        MandateState.DONE,
        [],
        None,
    ),
    (
        "SC-8/16",
        "3",
        "Report on the activities of the centres for COP-9.",
        9,
        MandateState.OPEN,
        [],
        None,
    ),
]
DRAFT_NOTE = (
    "Paragraph 3 of part II of the draft omnibus decision on technical assistance "
    f"({NOTE}); recorded here under SC-8/16, whose final numbering is uncertain."
)

ONLINE_COUNT_TITLE = "Online meetings and webinars organized by the Secretariat"
BRIEFING_SUBJECT = "Russian Federation developments"


def seed_mandates():
    decisions = {d.code: d for d in Decision.objects.filter(code__in={m[0] for m in MANDATES})}
    for code, paragraph, task, cop, state, outputs, forwards in MANDATES:
        mandate, created = Mandate.objects.get_or_create(
            decision=decisions[code],
            paragraph=paragraph,
            defaults={
                "task": task,
                "reports_to_cop": cop,
                "state": state,
                "notes": DRAFT_NOTE if code == "SC-8/16" else "",
            },
        )
        if not created:
            continue
        for symbol, description in outputs:
            MandateOutput.objects.create(
                mandate=mandate, document_symbol=symbol, description=description
            )
        if forwards:
            request = Request.objects.filter(
                decision__code=forwards[0], paragraph=forwards[1]
            ).first()
            if request:
                mandate.forwarded_requests.add(request)


def _meeting(title, **fields):
    meeting, _created = Meeting.objects.get_or_create(
        title=title, starts_on=fields.pop("starts_on"), defaults={"source": NOTE, **fields}
    )
    return meeting


def seed_meetings():
    directors = Mandate.objects.filter(decision__code="SC-7/17", paragraph="18").first()
    _meeting(
        ONLINE_COUNT_TITLE,
        kind=MeetingKind.ONLINE_MEETING_OR_WEBINAR,
        starts_on=dt.date(2015, 1, 1),
        ends_on=dt.date(2016, 12, 31),
        online=True,
        sessions=23,
        objectives="The note gives their number only: dates, subjects and participants are "
        "not recorded.",
    )
    # Which centres attended the joint meetings is not in the note: none is recorded.
    for start, end in (
        (dt.date(2015, 10, 5), dt.date(2015, 10, 8)),
        (dt.date(2016, 10, 31), dt.date(2016, 11, 2)),
    ):
        _meeting(
            f"Joint meeting of the directors of the regional centres, {start.year}",
            kind=MeetingKind.JOINT_DIRECTORS,
            starts_on=start,
            ends_on=end,
            place="Geneva",
            mandate=directors,
        )
    _meeting(
        "Meeting with the permanent missions",
        kind=MeetingKind.PERMANENT_MISSIONS,
        starts_on=dt.date(2015, 12, 10),
        ends_on=dt.date(2015, 12, 10),
        place="Geneva",
        observers="Permanent missions in Geneva",
        outcomes="Representatives of permanent missions to be invited as observers to the "
        "annual meetings of the regional centres.",
    )
    for body, start, end in (
        ("Bureau of the Stockholm Convention COP", dt.date(2016, 6, 28), dt.date(2016, 6, 29)),
        ("Bureau of the Basel Convention COP", dt.date(2016, 7, 11), dt.date(2016, 7, 12)),
    ):
        briefing = _meeting(
            f"Briefing of the {body}: {BRIEFING_SUBJECT}",
            kind=MeetingKind.BUREAU_BRIEFING,
            starts_on=start,
            ends_on=end,
            objectives=f"Brief the {body} on the {BRIEFING_SUBJECT}.",
        )
        # The developments briefed on: VNII Ekologia proposed as host (registry/demo/host_changes).
        briefing.host_changes.add(
            *HostChange.objects.filter(institution__name__contains="VNII Ekologia")
        )


def seed_funding():
    """The four donors of 2015-2016, with no amount and no centre listed (the note gives none:
    a contribution that lists no centre supports the network as a whole)."""
    eu = Party.objects.filter(code="EU").first()
    for donor in ("European Union", "Germany", "Norway", "Switzerland"):
        party = eu if donor == "European Union" else Party.objects.filter(name=donor).first()
        lookup = {"donor_party": party} if party else {"donor_name": donor}
        Contribution.objects.get_or_create(
            **lookup,
            period_start=dt.date(2015, 1, 1),
            defaults={
                "period_end": dt.date(2016, 12, 31),
                "purpose": "Technical assistance activities carried out through the regional "
                "centres (amount not given in the Secretariat's note).",
            },
        )


def seed(*, stdout):
    seed_mandates()
    seed_meetings()
    seed_funding()
    stdout.write(
        f"Secretariat: {Mandate.objects.count()} mandates, {Meeting.objects.count()} meeting "
        f"entries, {Contribution.objects.count()} contributions."
    )
