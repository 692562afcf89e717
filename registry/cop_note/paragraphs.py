"""Paragraph builders of section II of the Secretariat's note to a COP.

Each builder returns a `Paragraph`: its default wording (placeholders in braces), the values the
records give those placeholders, and notes saying which records and instants the figures came
from. Staff may replace the wording (`CopNote.wording`); the values are always recomputed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres.models import Correspondence
from submissions.models import RequestKind, secretariat_tz

from ..dashboard.report import long_date
from ..dashboard.selectors import request_convention
from ..dashboard.sentences import (
    information_sentence,
    join_names,
    meeting,
    periodic_sentence,
    spell,
    views_senders,
    views_sentence,
)
from . import figures
from .wording import fill


@dataclass
class Paragraph:
    key: str
    heading: str
    template: str
    values: dict[str, str]
    notes: list[str] = field(default_factory=list)
    as_at: dt.date | None = None
    extra: str = ""  # a sentence added after the wording (the names, when staff ask)
    wording: str = ""  # the staff's wording, when edited

    @property
    def placeholders(self):
        return sorted(self.values)

    @property
    def text(self):
        text = fill(self.wording or self.template, self.values)
        return f"{text} {self.extra}".strip()


def instant(value):
    """An instant as the notes record it: ISO 8601 in Geneva time."""
    if value is None:
        return _("not recorded")
    if isinstance(value, dt.datetime):
        return value.astimezone(secretariat_tz()).isoformat()
    return value.isoformat()


def period(start, end):
    return _("for the period from %(start)s to %(end)s") % {
        "start": long_date(start),
        "end": long_date(end),
    }


def lower_first(text):
    """Lower the first letter of a title, unless it starts an acronym ("VNII Ekologia")."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def count_note(figure, what):
    """The note recording where a count came from (and the letter that asked, if referenced)."""
    request = figure.request
    letter = (
        " " + _("Letter %(reference)s.") % {"reference": request.letter_reference}
        if request.letter_reference
        else ""
    )
    counted = "; ".join(
        _("%(who)s (obligation #%(pk)s, first received %(at)s)")
        % {"who": s.label, "pk": s.pk, "at": instant(s.instant)}
        for s in figure.counted
    )
    return (
        _(
            "%(what)s: request %(label)s (record #%(pk)s), counted by the registry as at "
            "%(as_at)s. Counted: %(counted)s."
        )
        % {
            "what": what,
            "label": request.label,
            "pk": request.pk,
            "as_at": instant(figure.as_at),
            "counted": counted or _("none"),
        }
        + letter
    )


def periodic_paragraph(request, day, *, name_missing=False, directory_url=""):
    """Workplans or activity reports submitted by the end of `day`.

    The Secretariat's note gives workplans as "15 of the 16" and reports as "11"; both
    figures are offered to the wording either way.
    """
    figure = figures.periodic_figure(request, day, with_missing=name_missing)
    with_period = bool(request.period_start and request.period_end)
    values = {
        "as_at": long_date(day),
        # "none of the 16" for workplans; "no regional centres" for reports.
        "submitted": spell(figure.submitted)
        if figure.submitted
        else (_("none") if request.kind == RequestKind.WORKPLAN else _("no")),
        "expected": str(figure.expected),
        # "{period}" is for staff's own wording; the drafted sentences name the dates.
        "period": period(request.period_start, request.period_end) if with_period else "",
        "period_start": long_date(request.period_start) if with_period else "",
        "period_end": long_date(request.period_end) if with_period else "",
    }
    workplans = request.kind == RequestKind.WORKPLAN
    if workplans:
        key, heading = "workplans", _("Workplans")
    else:
        key, heading = "reports", _("Activity reports")
    template = periodic_sentence(
        request.kind,
        submitted=figure.submitted,
        expected=figure.expected,
        with_period=with_period,
        of_expected=workplans,
    )
    notes = [count_note(figure, heading)]
    if directory_url:
        notes.append(
            _("The accepted documents are published in the registry's public directory: %(url)s")
            % {"url": directory_url}
        )
    paragraph = Paragraph(key, heading, template, values, notes, day)
    if name_missing and figure.not_submitted:
        paragraph.extra = ngettext(
            "The following centre had not submitted: %(names)s.",
            "The following centres had not submitted: %(names)s.",
            len(figure.not_submitted),
        ) % {"names": "; ".join(c.name for c in figure.not_submitted)}
    return paragraph


def _addressees(request):
    """Whom the letter invited: "the regional centres", "all Parties" or both."""
    chosen = not request.convention_centres and request.centres.exists()
    centres = bool(request.convention_centres) or chosen
    if request.all_parties and centres:
        return _("the regional centres and all Parties")
    if request.all_parties:
        return _("all Parties")
    if chosen:
        return _("the regional centres concerned")
    return _("the regional centres")


def views_paragraph(request, day):
    """Views received by the end of `day`, with the letter that invited them and who replied."""
    figure = figures.replies_figure(request, day)
    centres = sorted((o.centre for o in figure.replies if o.centre_id), key=lambda c: c.name)
    parties = sorted((o.party for o in figure.replies if o.party_id), key=lambda p: p.name)
    subject = lower_first(request.title) if request.title else _("their views")
    values = {
        "as_at": long_date(day),
        "letter_date": long_date(request.issued_on) if request.issued_on else "",
        "addressees": _addressees(request),
        "subject": subject,
        "count": spell(figure.submitted),
        "senders": views_senders(request_convention(request) or "", parties, centres),
    }
    letter = (
        _(
            "By a letter dated {letter_date}, the Secretariat invited {addressees} to submit "
            "{subject}."
        )
        if request.issued_on
        else ""
    )
    received = views_sentence(bool(figure.submitted))
    template = f"{letter} {received}".strip()
    notes = [count_note(figure, _("Views received"))]
    return Paragraph("views", _("Views on the methodology"), template, values, notes, day)


def information_paragraph(request, day, *, forwarded_in=""):
    """Information received by the end of `day` (SC-7/17 para 17: mercury-related activities)
    and, when recorded, the document that forwarded it."""
    figure = figures.replies_figure(request, day)
    centres = [o.centre for o in figure.replies if o.centre_id]
    subject = lower_first(request.title) if request.title else _("the information requested")
    values = {
        "as_at": long_date(day),
        "letter_date": long_date(request.issued_on) if request.issued_on else "",
        "addressees": _addressees(request),
        "subject": subject,
        "count": spell(len(centres)),
        "forwarded_in": forwarded_in,
    }
    parts = []
    if request.issued_on:
        parts.append(
            _(
                "By a letter dated {letter_date}, the Secretariat invited {addressees} to "
                "provide information on {subject}."
            )
        )
    parts.append(information_sentence(len(centres)))
    if forwarded_in:
        parts.append(
            _(
                "The Secretariat forwarded the information to the interim secretariat of the "
                "Minamata Convention on Mercury ({forwarded_in})."
            )
        )
    notes = [count_note(figure, _("Information received"))]
    heading = _("Mercury-related information")
    return Paragraph("information", heading, " ".join(parts), values, notes, day)


# One sentence per kind of letter and direction: "By a note verbale dated ..." opens a sentence
# whose verb and prepositions each language places where it must.
LETTERS_SENT = {
    Correspondence.Kind.NOTE_VERBALE: lambda: _(
        "By a note verbale dated %(date)s, the Secretariat wrote to the %(to)s: %(subject)s."
    ),
    Correspondence.Kind.LETTER: lambda: _(
        "By a letter dated %(date)s, the Secretariat wrote to the %(to)s: %(subject)s."
    ),
    Correspondence.Kind.EMAIL: lambda: _(
        "By an email dated %(date)s, the Secretariat wrote to the %(to)s: %(subject)s."
    ),
}
LETTERS_RECEIVED = {
    Correspondence.Kind.NOTE_VERBALE: lambda: _(
        "By a note verbale dated %(date)s, the %(sender)s informed the Secretariat: %(subject)s."
    ),
    Correspondence.Kind.LETTER: lambda: _(
        "By a letter dated %(date)s, the %(sender)s informed the Secretariat: %(subject)s."
    ),
    Correspondence.Kind.EMAIL: lambda: _(
        "By an email dated %(date)s, the %(sender)s informed the Secretariat: %(subject)s."
    ),
}


def _from_secretariat(letter):
    # The records name the sender in English, whatever the language of the page.
    return letter.sender.strip().lower().startswith("secretariat")


def _letter_sentence(letter):
    values = {
        "date": long_date(letter.date),
        "to": letter.recipient,
        "sender": letter.sender,
        "subject": lower_first(letter.subject.rstrip(". ")),
    }
    sentences = LETTERS_SENT if _from_secretariat(letter) else LETTERS_RECEIVED
    return sentences[letter.kind]() % values


def _host_in_office(hostings, day):
    current = [
        h
        for h in hostings
        if (h.started_on or h.nominated_on or dt.date.min) <= day
        and (h.ended_on is None or h.ended_on >= day)
    ]
    return current[-1] if current else None


def _endorsements_text(endorsements):
    parts = []
    for e in endorsements:
        if e.decision_code:
            parts.append(
                _("%(year)s (decision %(code)s)")
                % {"year": e.endorsed_on.year, "code": e.decision_code}
            )
        else:
            parts.append(str(e.endorsed_on.year))
    return join_names(parts)


def selection_paragraph(case, day):
    """The selection or hosting of one centre, from its records and its correspondence."""
    host = _host_in_office(case.hostings, day)
    values = {
        "as_at": long_date(day),
        "centre": case.centre.name,
        "host": host.institution.name if host else _("a host not recorded"),
        "city": (host.institution.city if host else "") or case.centre.city,
        "endorsed": _endorsements_text(case.endorsements) or _("not recorded"),
        "correspondence": " ".join(_letter_sentence(letter) for letter in case.letters),
    }
    received = [letter for letter in case.letters if not _from_secretariat(letter)]
    values["last_received"] = long_date(received[-1].date) if received else ""
    template = _(
        "The {centre}, hosted by {host} ({city}), was endorsed by the Conference of the Parties "
        "in {endorsed}. {correspondence}"
    )
    if received:
        template += " " + _(
            "As at {as_at}, the last communication received on this matter was dated "
            "{last_received}."
        )
    notes = [
        _("%(centre)s: correspondence %(records)s; hosting %(hosting)s; endorsements %(ends)s.")
        % {
            "centre": case.centre.name,
            "records": ", ".join(f"#{c.pk} ({c.date.isoformat()})" for c in case.letters),
            "hosting": f"#{host.pk}" if host else _("not recorded"),
            "ends": ", ".join(f"#{e.pk}" for e in case.endorsements) or _("none"),
        }
    ]
    key = f"selection_{case.centre.pk}"
    return Paragraph(key, case.centre.name, template, values, notes, day)


def draft_decision_paragraph(derived, cop):
    """The draft decision's requests for the next cycle, derived from this cycle's requests."""
    values = {"next_meeting": meeting(cop + 1)}
    for following in derived:
        prefix = "workplan" if following.kind == RequestKind.WORKPLAN else "report"
        values[f"{prefix}_start"] = long_date(following.period_start)
        values[f"{prefix}_end"] = long_date(following.period_end)
        values[f"{prefix}_due"] = long_date(following.due_date)
    template = _requests_for_next_cycle("workplan_due" in values, "report_due" in values)
    notes = [
        _(
            "Derived from request %(label)s (record #%(pk)s): the period that follows %(start)s "
            "to %(end)s, due %(due)s, shifted by the same number of years."
        )
        % {
            "label": f.template.label,
            "pk": f.template.pk,
            "start": f.template.period_start.isoformat(),
            "end": f.template.period_end.isoformat(),
            "due": f.template.due_date.isoformat(),
        }
        for f in derived
    ]
    return Paragraph("draft_decision", _("Draft decision"), template, values, notes)


def _requests_for_next_cycle(workplans, reports):
    """The draft decision's sentence, one per set of documents requested."""
    if workplans and reports:
        return _(
            "Requests the regional centres to submit to the Secretariat, for consideration by the "
            "Conference of the Parties at its {next_meeting} meeting, their workplans for the "
            "period from {workplan_start} to {workplan_end}, by {workplan_due}, and their activity "
            "reports for the period from {report_start} to {report_end}, by {report_due};"
        )
    if workplans:
        return _(
            "Requests the regional centres to submit to the Secretariat, for consideration by the "
            "Conference of the Parties at its {next_meeting} meeting, their workplans for the "
            "period from {workplan_start} to {workplan_end}, by {workplan_due};"
        )
    if reports:
        return _(
            "Requests the regional centres to submit to the Secretariat, for consideration by the "
            "Conference of the Parties at its {next_meeting} meeting, their activity reports for "
            "the period from {report_start} to {report_end}, by {report_due};"
        )
    return _("No workplans or activity reports were requested for this cycle.")


def activities_paragraph(
    *, period_start, period_end, online_meetings, directors_meetings, exact=True
):
    """The Secretariat's activities to facilitate the work of the centres.

    Fed by `draft.activities_section` from the meetings log's counts (`online_meetings`, an int;
    `directors_meetings`, [(place, first day, last day)]; `exact` False when some logged events
    may fall outside the period, which makes the count a lower bound).
    """
    values = {
        "start": long_date(period_start),
        "end": long_date(period_end),
        # For staff's own wording: "at least 20" when the count is a lower bound.
        "online_meetings": str(online_meetings)
        if exact
        else _("at least %(count)s") % {"count": online_meetings},
        "online_count": str(online_meetings),
        "directors_meetings": join_names(
            [
                _("in %(place)s from %(start)s to %(end)s")
                % {"place": place, "start": long_date(start), "end": long_date(end)}
                for place, start, end in directors_meetings
            ]
        ),
    }
    if exact:
        template = ngettext(
            "Between {start} and {end}, the Secretariat organized {online_count} online "
            "meeting or webinar.",
            "Between {start} and {end}, the Secretariat organized {online_count} online "
            "meetings and webinars.",
            online_meetings,
        )
    else:
        template = ngettext(
            "Between {start} and {end}, the Secretariat organized at least {online_count} "
            "online meeting or webinar.",
            "Between {start} and {end}, the Secretariat organized at least {online_count} "
            "online meetings and webinars.",
            online_meetings,
        )
    if directors_meetings:
        # Translators: {directors_meetings} lists "in Geneva from 5 October 2015 to 8 October
        # 2015"; the English keeps the plural for a single meeting.
        template += " " + ngettext(
            "Joint meetings of directors were held {directors_meetings}.",
            "Joint meetings of directors were held {directors_meetings}.",
            len(directors_meetings),
        )
    return Paragraph("activities", _("Activities of the Secretariat"), template, values)


def mandate_paragraph(mandate):
    """What a decision asked of the Secretariat for this meeting, its state and its outputs:
    documents and the meetings that served it (`registry.models.Mandate`, with its decision,
    outputs and meetings fetched)."""
    outputs = [
        output.document_symbol or output.description or output.url
        for output in mandate.outputs.all()
    ] + [meeting.title for meeting in mandate.meetings.all()]
    task = mandate.task.strip()
    values = {
        "decision": mandate.decision.code,
        "paragraph": mandate.paragraph,
        "task": task if task.endswith(".") else f"{task}.",
        "state": str(mandate.get_state_display()).lower(),
        "outputs": "; ".join(outputs) if outputs else str(_("none recorded")),
    }
    template = _(
        "In paragraph {paragraph} of decision {decision}, the Conference of the Parties asked the "
        "Secretariat as follows: {task} State: {state}. Outputs: {outputs}."
    )
    return Paragraph(f"mandate-{mandate.pk}", _("Mandates of the Secretariat"), template, values)
