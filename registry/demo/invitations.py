"""The two invitations of SC-7/17 and their replies.

Paragraph 17 "invited" the centres undertaking mercury-related activities (the Secretariat's
letter of 22 December 2015), and the letter of 20 April 2016 invited views on the evaluation
methodology (paragraph 12(b)) from the centres and all Parties. Neither set a date: nobody is
late or missing, and the figure is the replies received as at a date.

The seven repliers to 12(b) as at 13 July 2016 are the published ones (their dates are
illustrative). The note says that ten centres provided mercury information, made available for
the negotiating committee's seventh session (March 2016), but not which ten or when: the ten
below, and their dates between the letter and early March 2016, are illustrative, and each
version says so.
"""

import datetime as dt

from submissions.models import Request, RequestMode

from .received import at, record

LETTERS = {
    ("SC-7/17", "17"): dt.date(2015, 12, 22),
    ("SC-7/17", "12(b)"): dt.date(2016, 4, 20),
}
# Earlier demo data gave 12(b) this due date, which the letter never set.
UNFOUNDED_DATE = dt.date(2016, 6, 30)

VIEWS_REPLIES = {
    ("SC-7/17", "12(b)"): {
        "party:CO": [at("2016-06-15")],
        "party:CR": [at("2016-06-28")],
        "party:MU": [at("2016-06-30", 18)],
        "party:RS": [at("2016-07-05")],
        "party:EU": [at("2016-07-12")],
        "BR": [at("2016-06-24")],
        "ES": [at("2016-06-29")],
    },
}
VIEWS_NOTE = (
    "Demonstration record: a reply published in UNEP/POPS/COP.8/16/Rev.1 (received by "
    "13 July 2016); its date is illustrative."
)

MERCURY_REPLIES = {
    ("SC-7/17", "17"): {
        code: [at(day)]
        for code, day in (
            ("DZ", "2016-01-11"),
            ("KE", "2016-01-20"),
            ("SN", "2016-01-27"),
            ("ZA", "2016-02-03"),
            ("CN", "2016-02-10"),
            ("IN", "2016-02-16"),
            ("CZ", "2016-02-22"),
            ("BR", "2016-02-26"),
            ("UY", "2016-03-01"),
            ("ES", "2016-03-04"),
        )
    },
}
MERCURY_NOTE = (
    "Illustrative record: ten centres provided mercury information (UNEP/POPS/COP.8/16/Rev.1), "
    "between the letter of 22 December 2015 and early March 2016; which ten, and when, is not "
    "in the published facts."
)


def invitations_mark():
    """Make SC-7/17 17 and 12(b) invitations without a due date; return how many changed."""
    changed = 0
    for (code, paragraph), letter in LETTERS.items():
        request = Request.objects.get(decision__code=code, paragraph=paragraph)
        wanted_by = (
            None if request.replies_wanted_by == UNFOUNDED_DATE else request.replies_wanted_by
        )
        if (request.mode, request.due_date, request.replies_wanted_by, request.issued_on) == (
            RequestMode.INVITATION,
            None,
            wanted_by,
            letter,
        ):
            continue
        request.mode = RequestMode.INVITATION
        request.due_date = None
        request.replies_wanted_by = wanted_by
        request.issued_on = letter
        request.full_clean()
        request.save()
        changed += 1
    return changed


def seed(*, stdout):
    changed = invitations_mark()
    made = record(VIEWS_REPLIES, note=VIEWS_NOTE) + record(MERCURY_REPLIES, note=MERCURY_NOTE)
    stdout.write(f"Invitations: {changed} requests marked, {made} replies recorded.")
