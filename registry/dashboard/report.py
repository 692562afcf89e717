"""Draft paragraphs of the Secretariat's notes to the COP, generated from the records.

Every figure comes from the status rule (`Obligation.objects.with_status`) as at the chosen
instant, so that a statement "as at 31 December 2016" can be reproduced at any later time.
"""

import io
import operator
from collections import defaultdict

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from centres.documents import a4_document
from centres.models import Centre, Party
from submissions.models import RECEIVED, Obligation, ObligationStatus, RequestKind

from ..cop_note.wording import fill
from .precompiled import Precompiled
from .selectors import local_date, request_convention
from .sentences import (
    information_sentence,
    join_names,
    periodic_sentence,
    spell,
    views_senders,
    views_sentence,
)

__all__ = ["join_names", "long_date", "report_paragraphs", "report_docx", "spell"]


def long_date(day):
    return formats.date_format(day, "DATE_FORMAT")


def _subject(request):
    """What an information request asks about, in lower case: "mercury-related activities"."""
    title = request.title or _("the information requested")
    return title[:1].lower() + title[1:]


def _views_text(request, date, submitted_centres, submitted_parties):
    senders = views_senders(request_convention(request) or "", submitted_parties, submitted_centres)
    template = views_sentence(bool(submitted_centres or submitted_parties))
    return fill(template, {"as_at": date, "senders": senders})


def _information_text(request, date, submitted_centres):
    count = len(submitted_centres)
    return fill(
        information_sentence(count),
        {"as_at": date, "count": spell(count), "subject": _subject(request)},
    )


def _periodic_text(request, date, expected, submitted):
    with_period = bool(request.period_start and request.period_end)
    template = periodic_sentence(
        request.kind, submitted=submitted, expected=expected, with_period=with_period
    )
    values = {
        "as_at": date,
        "submitted": spell(submitted),
        "expected": str(expected),
        "period_start": long_date(request.period_start) if with_period else "",
        "period_end": long_date(request.period_end) if with_period else "",
    }
    return fill(template, values)


def _missing_text(missing):
    if not missing:
        return ""
    names = [c.name for c in missing]
    return ngettext(
        "The following centre had not submitted: %(names)s.",
        "The following centres had not submitted: %(names)s.",
        len(names),
    ) % {"names": "; ".join(names)}


class _Named:
    """A centre or country as the paragraphs read it: a primary key and a name (plain data,
    not a model: a report at 1,000 centres would otherwise build 2,000 models)."""

    __slots__ = ("host_country", "name", "pk")

    def __init__(self, pk, name, host_country=None):
        self.pk, self.name, self.host_country = pk, name, host_country

    def __eq__(self, other):
        return isinstance(other, _Named | Centre) and (self.pk, self.name) == (other.pk, other.name)

    def __hash__(self):
        return hash(self.pk)

    def __repr__(self):
        return f"<{self.name}>"


def _status_rows(as_at, request_ids):
    """The addressees of `request_ids` with their status as at `as_at` and names."""
    return (
        Obligation.objects.filter(request_id__in=request_ids)
        .with_status(as_at)
        .order_by()
        .values_list(
            "request_id",
            "status",
            "centre_id",
            "centre__name",
            "centre__host_country__name",
            "party_id",
        )
    )


# Compiled once a process and number of requests (`precompiled`): compiling the rule's SQL
# cost more than reading its 4,000 rows.
_STATUS_ROWS = Precompiled(_status_rows)


def report_paragraphs(as_at, requests, *, name_missing=False):
    """Return one paragraph per request: {"request", "text", "statement", "missing", "centres",
    "parties"}; the centres (submitted, missing) are plain records with `pk`, `name` and
    `host_country.name`, equal to the centres they stand for.

    The text names the centres that had not submitted only with `name_missing` (staff ask for
    it): the Secretariat's notes never name them.

    Two queries (statuses with the centres' names, Parties), whatever the number of obligations.
    """
    requests = list(requests)
    # Plain rows, each centre and Party made once: not one model per obligation and relation.
    rows = _STATUS_ROWS.rows(as_at, [r.pk for r in requests])
    party_of = Party.objects.in_bulk({row[5] for row in rows if row[5] is not None})
    centre_of: dict[int, _Named] = {}
    countries: dict[str, _Named] = {}
    waived, received = ObligationStatus.WAIVED.value, {s.value for s in RECEIVED}
    # Per request, of the addressees owing it: [centres that sent, centres that did not,
    # Parties that sent], in one pass over the rows.
    by_request: defaultdict[int, tuple[list, list, list]] = defaultdict(lambda: ([], [], []))
    for request_id, status, centre_id, name, country, party_id in rows:
        if status == waived:
            continue
        done = status in received
        sent, not_sent, parties_sent = by_request[request_id]
        if centre_id is not None:
            centre = centre_of.get(centre_id)
            if centre is None:
                host = countries.get(country)
                if host is None:
                    host = countries[country] = _Named(None, country)
                centre = centre_of[centre_id] = _Named(centre_id, name, host)
            (sent if done else not_sent).append(centre)
        if done and party_id is not None:
            party = party_of.get(party_id)
            if party is not None:
                parties_sent.append(party)
    date = long_date(local_date(as_at))
    by_name = operator.attrgetter("name")
    paragraphs = []
    for request in requests:
        centres, missing, parties = by_request[request.pk]
        expected_centres = len(centres) + len(missing)
        centres.sort(key=by_name)
        missing.sort(key=by_name)
        parties.sort(key=by_name)
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
    title = _("Regional and subregional centres: draft report to the Conference of the Parties")
    document = a4_document(title)
    document.add_heading(title, level=1)
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
