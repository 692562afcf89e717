"""Illustrative submissions, consistent with every published figure in `facts.yaml`.

Who sent what and when is invented, but the counts as at each published date are the real ones:
15 of 16 workplans by 31 December 2016 and 11 activity reports by 23 January 2017. The replies
to the two invitations are in `registry.demo.invitations`.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from submissions.models import Obligation, ReceivedThrough
from submissions.services import version_record

GENEVA = ZoneInfo("Europe/Zurich")


def at(day, hour=10, minute=0):
    """An instant on `day` (YYYY-MM-DD) in Geneva time."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=GENEVA)


# (decision, paragraph) -> {addressee code: [received_at of each version]}.
# Centres are named by their host country; Parties by "party:<code>".
RECEIVED = {
    ("SC-7/17", "11(a)"): {
        "KE": [at("2015-09-10")],
        "SN": [at("2015-09-25")],
        "ZA": [at("2015-09-29")],
        "CN": [at("2015-09-18")],
        "IN": [at("2015-09-28")],
        "CZ": [at("2015-09-15")],
        "BR": [at("2015-09-22"), at("2015-10-20")],
        "ES": [at("2015-09-30", 16)],
        # Received late in the evening of the due date, Geneva time: still on time.
        "UY": [at("2015-09-30", 23, 30)],
        "KW": [at("2015-10-01", 0, 30)],
        "DZ": [at("2015-10-14")],
        "ID": [at("2015-11-20")],
        "IR": [at("2016-01-15")],
        "MX": [at("2016-03-01")],
        "PA": [at("2016-06-10")],
        # RU: the one centre without a 2016-2019 workplan.
    },
    ("SC-7/17", "11(b)"): {
        "KE": [at("2016-12-15")],
        "SN": [at("2016-12-20")],
        "ZA": [at("2016-12-30")],
        "CN": [at("2016-12-22")],
        "CZ": [at("2016-12-19")],
        "BR": [at("2016-12-16")],
        "UY": [at("2016-12-28")],
        "ES": [at("2016-12-21"), at("2017-02-01")],
        "KW": [at("2017-01-05")],
        "IN": [at("2017-01-10")],
        "MX": [at("2017-01-19")],
        # After the published date of 23 January 2017:
        "IR": [at("2017-01-24", 9)],
        "DZ": [at("2017-02-15")],
        "ID": [at("2017-03-03")],
        "PA": [at("2017-04-20")],
    },
    # The invitations' replies (SC-7/17 17 and 12(b)): `registry.demo.invitations`.
    ("SC-8/16", "2(a)"): {
        code: [at(day)]
        for code, day in (
            ("KE", "2019-09-02"),
            ("SN", "2019-09-20"),
            ("ZA", "2019-09-27"),
            ("CN", "2019-09-16"),
            ("IN", "2019-10-08"),
            ("ID", "2019-09-30"),
            ("IR", "2019-11-12"),
            ("KW", "2019-09-24"),
            ("CZ", "2019-09-05"),
            ("RU", "2019-09-25"),
            ("BR", "2019-09-12"),
            ("MX", "2019-10-21"),
            ("UY", "2019-09-18"),
            ("ES", "2019-09-10"),
        )
    },
    ("SC-8/16", "2(b)"): {
        code: [at(day)]
        for code, day in (
            ("DZ", "2019-01-21"),
            ("KE", "2018-12-14"),
            ("SN", "2018-12-21"),
            ("ZA", "2018-12-28"),
            ("CN", "2018-12-20"),
            ("IN", "2019-01-07"),
            ("IR", "2019-02-11"),
            ("KW", "2018-12-18"),
            ("CZ", "2018-12-10"),
            ("BR", "2018-12-17"),
            ("MX", "2019-03-04"),
            ("UY", "2018-12-27"),
            ("ES", "2018-12-19"),
        )
    },
    ("BC-11/12", "3"): {
        code: [at(day)]
        for code, day in (
            ("CN", "2014-12-18"),
            ("ID", "2015-01-20"),
            ("IR", "2014-12-30"),
            ("SN", "2015-02-16"),
            ("ZA", "2014-12-12"),
            ("UY", "2014-12-22"),
            ("AR", "2014-12-29"),
            ("EG", "2015-03-10"),
            ("SK", "2014-12-05"),
            ("NG", "2015-01-28"),
        )
    },
    ("BC-11/12", "4"): {
        code: [at(day)]
        for code, day in (
            ("CN", "2015-09-21"),
            ("ID", "2015-09-29"),
            ("IR", "2015-10-19"),
            ("SN", "2015-09-30"),
            ("ZA", "2015-09-24"),
            ("UY", "2015-09-28"),
            ("AR", "2015-09-15"),
            ("EG", "2015-11-02"),
            ("SK", "2015-09-11"),
            ("NG", "2015-09-25"),
            ("TT", "2015-12-01"),
            ("WS", "2015-09-30"),
        )
    },
}

KIND_TITLES = {
    "workplan": "Workplan",
    "activity_report": "Activity report",
    "information": "Information",
    "views": "Views",
}


def tiny_pdf(text):
    """Return the bytes of a valid one-page PDF showing `text`."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 50 780 Td ({safe}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _obligation(request, key):
    if key.startswith("party:"):
        return Obligation.objects.get(request=request, party__code=key.split(":", 1)[1])
    # A country may host a Stockholm and a Basel centre (the Russian Federation): take the one
    # that owes this request.
    return Obligation.objects.get(request=request, centre__host_country__code=key)


def record(received, *, note="Demonstration record"):
    """Record the versions of `received` ({(decision, paragraph): {addressee: [instants]}})
    for addressees that have none yet (never adding or replacing versions); return how many."""
    from submissions.models import Request

    made = 0
    for (code, paragraph), by_addressee in received.items():
        request = Request.objects.select_related("decision").get(
            decision__code=code, paragraph=paragraph
        )
        for key, instants in by_addressee.items():
            obligation = _obligation(request, key)
            if hasattr(obligation, "submission"):
                continue  # already seeded: never add or replace versions
            for number, received_at in enumerate(instants, start=1):
                title = (
                    f"{KIND_TITLES[request.kind]} – {request.label} – "
                    f"{obligation.addressee} – version {number}"
                )
                name = f"{request.kind}-{key.replace('party:', '')}-v{number}.pdf".lower()
                version_record(
                    obligation=obligation,
                    files=[ContentFile(tiny_pdf(title), name=name)],
                    received_at=received_at,
                    received_through=ReceivedThrough.EMAIL,
                    note=note,
                )
                made += 1
    return made


def seed(*, stdout):
    made = record(RECEIVED)
    stdout.write(f"Submissions: {made} versions recorded.")
