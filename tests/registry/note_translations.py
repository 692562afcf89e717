"""French and Spanish translations of the COP note's sentences, for the tests that render them.

The catalogues under locale/ are built from the translators' files; these tests must not depend on
them, so they carry the entries they need (copied from the translators' part-90) and merge them
into Django's own catalogue for the language (which translates the month names).
A plural entry is [singular, plural].
"""
# ruff: noqa: E501

from django.utils.translation import trans_real

PLURALS = {
    "fr": lambda n: int(n > 1),  # French: zero and one take the singular
    "es": lambda n: int(n != 1),
}

STUBS = {
    "fr": {
        "one": "un",
        "senders of views\x04%(governments)s, and %(reios)s": "%(governments)s et %(reios)s",
        "As at {as_at}, none of the {expected} regional and subregional centre had submitted their workplans for the period from {period_start} to {period_end}.": [
            "Au {as_at}, aucun centre régional et sous-régional sur {expected} n'avait soumis son plan de travail pour la période allant du {period_start} au {period_end}.",
            "Au {as_at}, aucun des {expected} centres régionaux et sous-régionaux n'avait soumis son plan de travail pour la période allant du {period_start} au {period_end}.",
        ],
        "As at {as_at}, {submitted} of the {expected} regional and subregional centres had submitted their workplans for the period from {period_start} to {period_end}.": [
            "Au {as_at}, un des {expected} centres régionaux et sous-régionaux avait soumis son plan de travail pour la période allant du {period_start} au {period_end}.",
            "Au {as_at}, {submitted} des {expected} centres régionaux et sous-régionaux avaient soumis leur plan de travail pour la période allant du {period_start} au {period_end}.",
        ],
        "As at {as_at}, no regional and subregional centres had submitted their activity reports for the period from {period_start} to {period_end}.": "Au {as_at}, aucun centre régional et sous-régional n'avait soumis son rapport d'activité pour la période allant du {period_start} au {period_end}.",
        "As at {as_at}, {submitted} regional and subregional centre had submitted their activity reports for the period from {period_start} to {period_end}.": [
            "Au {as_at}, un centre régional et sous-régional avait soumis son rapport d'activité pour la période allant du {period_start} au {period_end}.",
            "Au {as_at}, {submitted} centres régionaux et sous-régionaux avaient soumis leur rapport d'activité pour la période allant du {period_start} au {period_end}.",
        ],
        "As at {as_at}, no regional centres had provided information on {subject}.": "Au {as_at}, aucun centre régional n'avait communiqué d'informations sur {subject}.",
        "As at {as_at}, {count} regional centre had provided information on {subject}.": [
            "Au {as_at}, {count} centre régional avait communiqué des informations sur {subject}.",
            "Au {as_at}, {count} centres régionaux avaient communiqué des informations sur {subject}.",
        ],
        "By a letter dated {letter_date}, the Secretariat invited {addressees} to provide information on {subject}.": "Par une lettre datée du {letter_date}, le Secrétariat a invité {addressees} à communiquer des informations sur {subject}.",
        "the regional centres": "les centres régionaux",
        "from the Government of %(names)s": [
            "du Gouvernement de %(names)s",
            "des Gouvernements de %(names)s",
        ],
        "from the %(names)s and its member States": [
            "de l'%(names)s et de ses États membres",
            "de %(names)s et de leurs États membres",
        ],
        "from the %(convention)s regional centre in %(countries)s": [
            "du centre régional de la %(convention)s (%(countries)s)",
            "des centres régionaux de la %(convention)s (%(countries)s)",
        ],
        "senders of views\x04%(governments)s, and %(reios)s, as well as %(centres)s": "%(governments)s et %(reios)s, ainsi que %(centres)s",
        "senders of views\x04%(governments)s, as well as %(centres)s": "%(governments)s, ainsi que %(centres)s",
        "As at {as_at}, the Secretariat had received views {senders}.": "Au {as_at}, le Secrétariat avait reçu des observations {senders}.",
        "%(list)s and %(last)s": "%(list)s et %(last)s",
        "Stockholm Convention": "Convention de Stockholm",
        "ordinal of a meeting, e.g. 16th\x04%(n)sth": "%(n)se",
        "ordinal of a meeting, e.g. 21st\x04%(n)sst": "%(n)se",
        "ninth": "neuvième",
    },
    "es": {
        "one": "uno",
        "senders of views\x04%(governments)s, and %(reios)s": "%(governments)s y %(reios)s",
        "As at {as_at}, none of the {expected} regional and subregional centre had submitted their workplans for the period from {period_start} to {period_end}.": [
            "Al {as_at}, el único centro regional y subregional previsto no había presentado su plan de trabajo para el período comprendido entre el {period_start} y el {period_end}.",
            "Al {as_at}, ninguno de los {expected} centros regionales y subregionales había presentado su plan de trabajo para el período comprendido entre el {period_start} y el {period_end}.",
        ],
        "As at {as_at}, {submitted} of the {expected} regional and subregional centres had submitted their workplans for the period from {period_start} to {period_end}.": [
            "Al {as_at}, uno de los {expected} centros regionales y subregionales había presentado su plan de trabajo para el período comprendido entre el {period_start} y el {period_end}.",
            "Al {as_at}, {submitted} de los {expected} centros regionales y subregionales habían presentado sus planes de trabajo para el período comprendido entre el {period_start} y el {period_end}.",
        ],
        "As at {as_at}, no regional and subregional centres had submitted their activity reports for the period from {period_start} to {period_end}.": "Al {as_at}, ningún centro regional y subregional había presentado su informe de actividades para el período comprendido entre el {period_start} y el {period_end}.",
        "As at {as_at}, {submitted} regional and subregional centre had submitted their activity reports for the period from {period_start} to {period_end}.": [
            "Al {as_at}, un centro regional y subregional había presentado su informe de actividades para el período comprendido entre el {period_start} y el {period_end}.",
            "Al {as_at}, {submitted} centros regionales y subregionales habían presentado sus informes de actividades para el período comprendido entre el {period_start} y el {period_end}.",
        ],
        "As at {as_at}, no regional centres had provided information on {subject}.": "Al {as_at}, ningún centro regional había proporcionado información sobre {subject}.",
        "As at {as_at}, {count} regional centre had provided information on {subject}.": [
            "Al {as_at}, un centro regional había proporcionado información sobre {subject}.",
            "Al {as_at}, {count} centros regionales habían proporcionado información sobre {subject}.",
        ],
        "By a letter dated {letter_date}, the Secretariat invited {addressees} to provide information on {subject}.": "Mediante carta de fecha {letter_date}, la Secretaría invitó a {addressees} a proporcionar información sobre {subject}.",
        "the regional centres": "los centros regionales",
        "from the Government of %(names)s": [
            "del Gobierno de %(names)s",
            "de los Gobiernos de %(names)s",
        ],
        "from the %(names)s and its member States": [
            "de la %(names)s y sus Estados miembros",
            "de %(names)s y sus Estados miembros",
        ],
        "from the %(convention)s regional centre in %(countries)s": [
            "del centro regional del %(convention)s en %(countries)s",
            "de los centros regionales del %(convention)s en %(countries)s",
        ],
        "senders of views\x04%(governments)s, and %(reios)s, as well as %(centres)s": "%(governments)s y %(reios)s, así como %(centres)s",
        "senders of views\x04%(governments)s, as well as %(centres)s": "%(governments)s, así como %(centres)s",
        "As at {as_at}, the Secretariat had received views {senders}.": "Al {as_at}, la Secretaría había recibido opiniones {senders}.",
        "%(list)s and %(last)s": "%(list)s y %(last)s",
        "Stockholm Convention": "Convenio de Estocolmo",
        "ordinal of a meeting, e.g. 16th\x04%(n)sth": "%(n)s.ª",
        "ordinal of a meeting, e.g. 21st\x04%(n)sst": "%(n)s.ª",
        "ninth": "novena",
    },
}


class StubCatalogue:
    """What `DjangoTranslation.merge` reads of a compiled catalogue."""

    def __init__(self, entries, plural):
        self.plural = plural
        self._fallback = None
        self._info = {}
        self._catalog = {}
        for key, value in entries.items():
            if isinstance(value, list):
                for index, form in enumerate(value):
                    self._catalog[(key, index)] = form
            else:
                self._catalog[key] = value


def install(monkeypatch):
    """Make French and Spanish speak the stubbed sentences until the test ends."""
    for language, entries in STUBS.items():
        translation = trans_real.DjangoTranslation(language)
        translation.merge(StubCatalogue(entries, PLURALS[language]))
        monkeypatch.setitem(trans_real._translations, language, translation)
