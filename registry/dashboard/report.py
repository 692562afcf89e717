"""Draft paragraphs of the Secretariat's notes to the COP, generated from the records.

Every figure comes from the status rule (`Obligation.objects.with_status`) as at the chosen
instant, so that a statement "as at 31 December 2016" can be reproduced at any later time.
"""

import io
from collections import defaultdict

from django.utils import dateformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres.models import Centre, Convention, Party
from submissions.models import RECEIVED, Obligation, ObligationStatus, RequestKind

from .selectors import local_date, request_convention


def number_words():
    return [
        _("no"),
        _("one"),
        _("two"),
        _("three"),
        _("four"),
        _("five"),
        _("six"),
        _("seven"),
        _("eight"),
        _("nine"),
        _("ten"),
    ]


def spell(number):
    """Spell out zero to ten, as United Nations documents do; numerals above."""
    words = number_words()
    return words[number] if 0 <= number < len(words) else str(number)


def long_date(day):
    return dateformat.format(day, "j F Y")


def join_names(names):
    """Join `names` as "A, B and C"."""
    names = list(names)
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def _kind_plural(request):
    if request.kind == RequestKind.WORKPLAN:
        return _("workplans")
    if request.kind == RequestKind.ACTIVITY_REPORT:
        return _("activity reports")
    return _("submissions")


def _period(request):
    return _("for the period from %(start)s to %(end)s") % {
        "start": long_date(request.period_start),
        "end": long_date(request.period_end),
    }


def _subject(request):
    """What an information request asks about, in lower case: "mercury-related activities"."""
    title = request.title or _("the information requested")
    return title[:1].lower() + title[1:]


def _convention_name(request):
    code = request_convention(request)
    return Convention(code).label if code else _("regional")


def _centres_in(request, centres):
    """ "the Stockholm Convention regional centres in Brazil and Spain" """
    countries = sorted({c.host_country.name for c in centres})
    return ngettext(
        "the %(convention)s regional centre in %(countries)s",
        "the %(convention)s regional centres in %(countries)s",
        len(centres),
    ) % {"convention": _convention_name(request), "countries": join_names(countries)}


def _parties_from(parties):
    """ "the Governments of Colombia and Serbia, and from the European Union and its member
    States" """
    states = sorted(p.name for p in parties if p.kind == Party.Kind.STATE)
    reios = sorted(p.name for p in parties if p.kind == Party.Kind.REIO)
    parts = []
    if states:
        parts.append(
            ngettext("the Government of %(names)s", "the Governments of %(names)s", len(states))
            % {"names": join_names(states)}
        )
    parts += [_("the %(name)s and its member States") % {"name": name} for name in reios]
    return _(", and from ").join(parts)


def _views_text(request, date, submitted_centres, submitted_parties):
    if not submitted_centres and not submitted_parties:
        return _("As at %(date)s, the Secretariat had received no views.") % {"date": date}
    if submitted_parties and submitted_centres:
        senders = _("%(parties)s, as well as from %(centres)s") % {
            "parties": _parties_from(submitted_parties),
            "centres": _centres_in(request, submitted_centres),
        }
    elif submitted_parties:
        senders = _parties_from(submitted_parties)
    else:
        senders = _centres_in(request, submitted_centres)
    return _("As at %(date)s, the Secretariat had received views from %(senders)s.") % {
        "date": date,
        "senders": senders,
    }


def _information_text(request, date, submitted_centres):
    count = len(submitted_centres)
    return ngettext(
        "As at %(date)s, %(count)s regional centre had provided information on %(subject)s.",
        "As at %(date)s, %(count)s regional centres had provided information on %(subject)s.",
        count,
    ) % {"date": date, "count": spell(count), "subject": _subject(request)}


def _periodic_text(request, date, expected, submitted):
    values = {
        "date": date,
        "submitted": spell(submitted) if submitted else _("none"),
        "expected": expected,
        "things": _kind_plural(request),
    }
    if request.period_start and request.period_end:
        values["period"] = _period(request)
        return (
            ngettext(
                "As at %(date)s, %(submitted)s of the %(expected)s regional and subregional centre "
                "had submitted their %(things)s %(period)s.",
                "As at %(date)s, %(submitted)s of the %(expected)s regional and subregional "
                "centres had submitted their %(things)s %(period)s.",
                expected,
            )
            % values
        )
    return (
        ngettext(
            "As at %(date)s, %(submitted)s of the %(expected)s regional and subregional centre "
            "had submitted their %(things)s.",
            "As at %(date)s, %(submitted)s of the %(expected)s regional and subregional centres "
            "had submitted their %(things)s.",
            expected,
        )
        % values
    )


def _missing_text(missing):
    if not missing:
        return ""
    names = [c.name for c in missing]
    return ngettext(
        "The following centre had not submitted: %(names)s.",
        "The following centres had not submitted: %(names)s.",
        len(names),
    ) % {"names": "; ".join(names)}


class _Addressee:
    """An obligation's addressee as the paragraphs read it: its centre or its Party."""

    __slots__ = ("centre", "centre_id", "party", "party_id")

    def __init__(self, centre, party):
        self.centre, self.centre_id = centre, centre.pk if centre else None
        self.party, self.party_id = party, party.pk if party else None


def report_paragraphs(as_at, requests, *, name_missing=False):
    """Return one paragraph per request: {"request", "text", "missing", "submitted"}.

    The text names the centres that had not submitted only with `name_missing` (staff ask for
    it): the Secretariat's notes never name them.

    Three queries (statuses, centres, Parties), whatever the number of obligations.
    """
    requests = list(requests)
    # Plain rows, then each centre and Party once: not one model per obligation and relation.
    rows = list(
        Obligation.objects.filter(request__in=requests)
        .with_status(as_at)
        .order_by()
        .values_list("request_id", "centre_id", "party_id", "status")
    )
    centres = Centre.objects.select_related("host_country").in_bulk({c for _r, c, _p, _s in rows})
    parties = Party.objects.in_bulk({p for _r, _c, p, _s in rows})
    by_request = defaultdict(list)
    for request_id, centre_id, party_id, status in rows:
        addressee = _Addressee(centres.get(centre_id), parties.get(party_id))
        by_request[request_id].append((addressee, ObligationStatus(status)))
    date = long_date(local_date(as_at))
    paragraphs = []
    for request in requests:
        pairs = by_request[request.pk]
        owed = [(o, s) for o, s in pairs if s != ObligationStatus.WAIVED]
        done = [o for o, s in owed if s in RECEIVED]
        centres = sorted((o.centre for o in done if o.centre_id), key=lambda c: c.name)
        parties = sorted((o.party for o in done if o.party_id), key=lambda p: p.name)
        missing = sorted(
            (o.centre for o, s in owed if o.centre_id and s not in RECEIVED),
            key=lambda c: c.name,
        )
        expected_centres = sum(1 for o, _s in owed if o.centre_id)
        if request.kind == RequestKind.VIEWS:
            text, missing = _views_text(request, date, centres, parties), []
        elif request.kind == RequestKind.INFORMATION:
            text, missing = _information_text(request, date, centres), []
        else:
            text = _periodic_text(request, date, expected_centres, len(centres))
        extra = _missing_text(missing) if name_missing else ""
        paragraphs.append(
            {
                "request": request,
                "text": f"{text} {extra}".strip(),
                "statement": text,
                "missing": missing,
                "centres": centres,
                "parties": parties,
            }
        )
    return paragraphs


def report_docx(as_at, paragraphs):
    """Return the paragraphs as a DOCX document (bytes)."""
    from docx import Document

    document = Document()
    document.add_heading(
        _("Regional and subregional centres: draft report to the Conference of the Parties"),
        level=1,
    )
    document.add_paragraph(
        _("Generated from the registry's records as at %(date)s.")
        % {"date": long_date(local_date(as_at))}
    )
    for number, paragraph in enumerate(paragraphs, start=1):
        request = paragraph["request"]
        document.add_heading(
            f"{request.label} – {request.title or request.get_kind_display()}", level=2
        )
        document.add_paragraph(f"{number}. {paragraph['text']}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
