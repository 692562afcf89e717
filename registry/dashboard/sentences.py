"""The sentences of the report and the note to the COP, each one translatable unit.

French and Spanish agree the verb, the article and the preposition with the counts and the
senders, so no sentence is glued from fragments here: each shape (no centre, one, several; with or
without a period; which kinds of senders) has its own msgid, with {placeholders} that
`registry.cop_note.wording.fill` fills in. A count of zero has its own msgid because French takes
the singular form of a plural for zero ("aucun ... n'avait soumis"), and a singular form may spell
its number itself ("un centre", "un centro").
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext, pgettext

from centres.models import Convention, Party
from submissions.models import RequestKind


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


def join_names(names):
    """Join `names` as "A, B and C"."""
    names = list(names)
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return _("%(list)s and %(last)s") % {"list": ", ".join(names[:-1]), "last": names[-1]}


def periodic_sentence(kind, *, submitted, expected, with_period, of_expected=True):
    """The sentence counting the workplans or activity reports submitted, with {as_at},
    {submitted} (spelled), {expected} and, `with_period`, {period_start} and {period_end}.

    Without `of_expected` the count stands alone ("11 regional and subregional centres had
    submitted their activity reports"), as the Secretariat's note gives activity reports.
    """
    if not of_expected:
        return _reports_alone(submitted, with_period)
    if kind == RequestKind.WORKPLAN:
        return _workplans_of_expected(submitted, expected, with_period)
    return _activity_reports_of_expected(submitted, expected, with_period)


def _workplans_of_expected(submitted, expected, with_period):
    if with_period:
        if not submitted:
            return ngettext(
                "As at {as_at}, none of the {expected} regional and subregional centre had "
                "submitted their workplans for the period from {period_start} to {period_end}.",
                "As at {as_at}, none of the {expected} regional and subregional centres had "
                "submitted their workplans for the period from {period_start} to {period_end}.",
                expected,
            )
        if expected == 1:
            return pgettext(
                "the only centre expected had submitted",
                "As at {as_at}, {submitted} of the {expected} regional and subregional centre "
                "had submitted their workplans for the period from {period_start} to {period_end}.",
            )
        return ngettext(
            "As at {as_at}, {submitted} of the {expected} regional and subregional centres "
            "had submitted their workplans for the period from {period_start} to {period_end}.",
            "As at {as_at}, {submitted} of the {expected} regional and subregional centres "
            "had submitted their workplans for the period from {period_start} to {period_end}.",
            submitted,
        )
    if not submitted:
        return ngettext(
            "As at {as_at}, none of the {expected} regional and subregional centre had "
            "submitted their workplans.",
            "As at {as_at}, none of the {expected} regional and subregional centres had "
            "submitted their workplans.",
            expected,
        )
    if expected == 1:
        return pgettext(
            "the only centre expected had submitted",
            "As at {as_at}, {submitted} of the {expected} regional and subregional centre had "
            "submitted their workplans.",
        )
    return ngettext(
        "As at {as_at}, {submitted} of the {expected} regional and subregional centres had "
        "submitted their workplans.",
        "As at {as_at}, {submitted} of the {expected} regional and subregional centres had "
        "submitted their workplans.",
        submitted,
    )


def _activity_reports_of_expected(submitted, expected, with_period):
    if with_period:
        if not submitted:
            return ngettext(
                "As at {as_at}, none of the {expected} regional and subregional centre had "
                "submitted their activity reports for the period from "
                "{period_start} to {period_end}.",
                "As at {as_at}, none of the {expected} regional and subregional centres had "
                "submitted their activity reports for the period from "
                "{period_start} to {period_end}.",
                expected,
            )
        if expected == 1:
            return pgettext(
                "the only centre expected had submitted",
                "As at {as_at}, {submitted} of the {expected} regional and subregional centre "
                "had submitted their activity reports for the period from "
                "{period_start} to {period_end}.",
            )
        return ngettext(
            "As at {as_at}, {submitted} of the {expected} regional and subregional centres "
            "had submitted their activity reports for the period from "
            "{period_start} to {period_end}.",
            "As at {as_at}, {submitted} of the {expected} regional and subregional centres "
            "had submitted their activity reports for the period from "
            "{period_start} to {period_end}.",
            submitted,
        )
    if not submitted:
        return ngettext(
            "As at {as_at}, none of the {expected} regional and subregional centre had "
            "submitted their activity reports.",
            "As at {as_at}, none of the {expected} regional and subregional centres had "
            "submitted their activity reports.",
            expected,
        )
    if expected == 1:
        return pgettext(
            "the only centre expected had submitted",
            "As at {as_at}, {submitted} of the {expected} regional and subregional centre had "
            "submitted their activity reports.",
        )
    return ngettext(
        "As at {as_at}, {submitted} of the {expected} regional and subregional centres had "
        "submitted their activity reports.",
        "As at {as_at}, {submitted} of the {expected} regional and subregional centres had "
        "submitted their activity reports.",
        submitted,
    )


def _reports_alone(submitted, with_period):
    if with_period:
        if not submitted:
            return _(
                "As at {as_at}, no regional and subregional centres had submitted their activity "
                "reports for the period from {period_start} to {period_end}."
            )
        return ngettext(
            "As at {as_at}, {submitted} regional and subregional centre had submitted their "
            "activity reports for the period from {period_start} to {period_end}.",
            "As at {as_at}, {submitted} regional and subregional centres had submitted their "
            "activity reports for the period from {period_start} to {period_end}.",
            submitted,
        )
    if not submitted:
        return _(
            "As at {as_at}, no regional and subregional centres had submitted their activity "
            "reports."
        )
    return ngettext(
        "As at {as_at}, {submitted} regional and subregional centre had submitted their "
        "activity reports.",
        "As at {as_at}, {submitted} regional and subregional centres had submitted their "
        "activity reports.",
        submitted,
    )


def information_sentence(count):
    """The count of centres that had provided information, with {as_at}, {count} (spelled)
    and {subject}."""
    if not count:
        return _("As at {as_at}, no regional centres had provided information on {subject}.")
    return ngettext(
        "As at {as_at}, {count} regional centre had provided information on {subject}.",
        "As at {as_at}, {count} regional centres had provided information on {subject}.",
        count,
    )


def _from_centres(convention, centres):
    countries = join_names(sorted({c.host_country.name for c in centres}))
    if convention:
        return ngettext(
            "from the %(convention)s regional centre in %(countries)s",
            "from the %(convention)s regional centres in %(countries)s",
            len(centres),
        ) % {"convention": Convention(convention).label, "countries": countries}
    # No single convention (a request to the centres of both): no name to give them.
    return ngettext(
        "from the regional centre in %(countries)s",
        "from the regional centres in %(countries)s",
        len(centres),
    ) % {"countries": countries}


def views_senders(convention, parties, centres):
    """Who had sent views, each kind with its own "from": "from the Governments of A and B, and
    from the European Union and its member States, as well as from the Stockholm Convention
    regional centres in Brazil and Spain".

    `convention` is the request's convention code, or "" when it has none.
    """
    states = sorted(p.name for p in parties if p.kind == Party.Kind.STATE)
    reios = sorted(p.name for p in parties if p.kind == Party.Kind.REIO)
    values = {
        # Translators: a complement of "had received views", with its preposition and article.
        "governments": ngettext(
            "from the Government of %(names)s", "from the Governments of %(names)s", len(states)
        )
        % {"names": join_names(states)},
        # Translators: regional economic integration organizations (the European Union).
        "reios": ngettext(
            "from the %(names)s and its member States",
            "from the %(names)s and their member States",
            len(reios),
        )
        % {"names": join_names(reios)},
        "centres": _from_centres(convention, centres) if centres else "",
    }
    shape = (bool(states), bool(reios), bool(centres))
    frames = {
        (True, True, True): pgettext(
            "senders of views", "%(governments)s, and %(reios)s, as well as %(centres)s"
        ),
        (True, True, False): pgettext("senders of views", "%(governments)s, and %(reios)s"),
        (True, False, True): pgettext(
            "senders of views", "%(governments)s, as well as %(centres)s"
        ),
        (False, True, True): pgettext("senders of views", "%(reios)s, as well as %(centres)s"),
        (True, False, False): "%(governments)s",
        (False, True, False): "%(reios)s",
        (False, False, True): "%(centres)s",
        (False, False, False): "",
    }
    return frames[shape] % values


def views_sentence(any_views):
    """The views received, with {as_at} and {senders} (`views_senders`)."""
    if any_views:
        # Translators: {senders} carries its own "from" ("from the Government of ...").
        return _("As at {as_at}, the Secretariat had received views {senders}.")
    return _("As at {as_at}, the Secretariat had received no views.")


ORDINALS = [
    gettext_noop("first"),
    gettext_noop("second"),
    gettext_noop("third"),
    gettext_noop("fourth"),
    gettext_noop("fifth"),
    gettext_noop("sixth"),
    gettext_noop("seventh"),
    gettext_noop("eighth"),
    gettext_noop("ninth"),
    gettext_noop("tenth"),
    gettext_noop("eleventh"),
    gettext_noop("twelfth"),
    gettext_noop("thirteenth"),
    gettext_noop("fourteenth"),
    gettext_noop("fifteenth"),
]


def meeting(number):
    """The ordinal of a meeting of the COP: "ninth" up to "fifteenth", then "16th", "21st",
    "22nd", "23rd" (French "16e", Spanish "16.ª": each language writes its own suffix)."""
    if 1 <= number <= len(ORDINALS):
        return _(ORDINALS[number - 1])
    values = {"n": number}
    if number % 100 in (11, 12, 13) or number % 10 not in (1, 2, 3):
        return pgettext("ordinal of a meeting, e.g. 16th", "%(n)sth") % values
    if number % 10 == 1:
        return pgettext("ordinal of a meeting, e.g. 21st", "%(n)sst") % values
    if number % 10 == 2:
        return pgettext("ordinal of a meeting, e.g. 22nd", "%(n)snd") % values
    return pgettext("ordinal of a meeting, e.g. 23rd", "%(n)srd") % values
