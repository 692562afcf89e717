"""The note's sentences read right in French and Spanish: each is one translatable unit, so the
verb, the article and the preposition agree with the count and the senders."""

import datetime as dt

import pytest
from django.utils import translation

from centres.models import Party
from registry.cop_note.figures import NextRequest
from registry.cop_note.paragraphs import (
    draft_decision_paragraph,
    information_paragraph,
    periodic_paragraph,
)
from registry.dashboard.report import long_date
from registry.dashboard.sentences import meeting, views_senders
from submissions.models import Obligation, RequestKind, RequestMode
from tests import factories
from tests.registry.dashboard_network import (
    activity_report_request,
    at,
    sc_centres,
    submit,
    workplan_request,
)
from tests.registry.note_translations import install

pytestmark = pytest.mark.django_db

WORKPLANS = {
    "en": {
        0: "As at {as_at}, none of the 16 regional and subregional centres had submitted "
        "their workplans for the period from {start} to {end}.",
        1: "As at {as_at}, one of the 16 regional and subregional centres had submitted "
        "their workplans for the period from {start} to {end}.",
        16: "As at {as_at}, 16 of the 16 regional and subregional centres had submitted "
        "their workplans for the period from {start} to {end}.",
    },
    "fr": {
        0: "Au {as_at}, aucun des 16 centres régionaux et sous-régionaux n'avait soumis "
        "son plan de travail pour la période allant du {start} au {end}.",
        1: "Au {as_at}, un des 16 centres régionaux et sous-régionaux avait soumis son "
        "plan de travail pour la période allant du {start} au {end}.",
        16: "Au {as_at}, 16 des 16 centres régionaux et sous-régionaux avaient soumis "
        "leur plan de travail pour la période allant du {start} au {end}.",
    },
    "es": {
        0: "Al {as_at}, ninguno de los 16 centros regionales y subregionales había "
        "presentado su plan de trabajo para el período comprendido entre el {start} y "
        "el {end}.",
        1: "Al {as_at}, uno de los 16 centros regionales y subregionales había "
        "presentado su plan de trabajo para el período comprendido entre el {start} y "
        "el {end}.",
        16: "Al {as_at}, 16 de los 16 centros regionales y subregionales habían "
        "presentado sus planes de trabajo para el período comprendido entre el {start}"
        " y el {end}.",
    },
}

REPORTS = {
    "en": {
        0: "As at {as_at}, no regional and subregional centres had submitted their "
        "activity reports for the period from {start} to {end}.",
        1: "As at {as_at}, one regional and subregional centre had submitted their "
        "activity reports for the period from {start} to {end}.",
        16: "As at {as_at}, 16 regional and subregional centres had submitted their "
        "activity reports for the period from {start} to {end}.",
    },
    "fr": {
        0: "Au {as_at}, aucun centre régional et sous-régional n'avait soumis son rapport "
        "d'activité pour la période allant du {start} au {end}.",
        1: "Au {as_at}, un centre régional et sous-régional avait soumis son rapport "
        "d'activité pour la période allant du {start} au {end}.",
        16: "Au {as_at}, 16 centres régionaux et sous-régionaux avaient soumis leur "
        "rapport d'activité pour la période allant du {start} au {end}.",
    },
    "es": {
        0: "Al {as_at}, ningún centro regional y subregional había presentado su "
        "informe de actividades para el período comprendido entre el {start} y el "
        "{end}.",
        1: "Al {as_at}, un centro regional y subregional había presentado su informe "
        "de actividades para el período comprendido entre el {start} y el {end}"
        ".",
        16: "Al {as_at}, 16 centros regionales y subregionales habían presentado sus "
        "informes de actividades para el período comprendido entre el {start} y el "
        "{end}.",
    },
}

INFORMATION = {
    "en": {
        0: "As at {as_at}, no regional centres had provided information on mercury-related "
        "activities.",
        1: "As at {as_at}, one regional centre had provided information on mercury-related "
        "activities.",
        16: "As at {as_at}, 16 regional centres had provided information on mercury-related "
        "activities.",
    },
    "fr": {
        0: "Au {as_at}, aucun centre régional n'avait communiqué d'informations sur "
        "mercury-related activities.",
        1: "Au {as_at}, un centre régional avait communiqué des informations sur "
        "mercury-related activities.",
        16: "Au {as_at}, 16 centres régionaux avaient communiqué des informations sur "
        "mercury-related activities.",
    },
    "es": {
        0: "Al {as_at}, ningún centro regional había proporcionado información sobre "
        "mercury-related activities.",
        1: "Al {as_at}, un centro regional había proporcionado información sobre "
        "mercury-related activities.",
        16: "Al {as_at}, 16 centros regionales habían proporcionado información sobre "
        "mercury-related activities.",
    },
}


@pytest.fixture
def sixteen():
    return sc_centres(16)


@pytest.fixture
def speaking(monkeypatch):
    install(monkeypatch)


@pytest.mark.parametrize("submitted", [0, 1, 16])
def test_the_count_sentences_agree_with_the_count_in_each_language(sixteen, speaking, submitted):
    workplans, reports = workplan_request(), activity_report_request()
    information = factories.MercuryInformationFactory(mode=RequestMode.INVITATION, issued_on=None)
    for centre in sixteen[:submitted]:
        for request in (workplans, reports, information):
            submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))

    for language in ("en", "fr", "es"):
        with translation.override(language):
            texts = (
                periodic_paragraph(workplans, dt.date(2016, 12, 31)).text,
                periodic_paragraph(reports, dt.date(2017, 1, 23)).text,
                information_paragraph(information, dt.date(2016, 3, 9)).text,
            )
            # Dates as the language writes them (not what this test is about).
            expected = (
                WORKPLANS[language][submitted].format(
                    as_at=long_date(dt.date(2016, 12, 31)),
                    start=long_date(dt.date(2016, 1, 1)),
                    end=long_date(dt.date(2019, 12, 31)),
                ),
                REPORTS[language][submitted].format(
                    as_at=long_date(dt.date(2017, 1, 23)),
                    start=long_date(dt.date(2015, 1, 1)),
                    end=long_date(dt.date(2016, 12, 31)),
                ),
                INFORMATION[language][submitted].format(as_at=long_date(dt.date(2016, 3, 9))),
            )
        assert texts == expected


def test_the_senders_of_views_carry_their_own_preposition(speaking):
    def senders(states, centres):
        parties = [factories.PartyFactory.build(name=n, kind=Party.Kind.STATE) for n in states]
        parties.append(factories.PartyFactory.build(name="Union", kind=Party.Kind.REIO))
        hosts = [
            factories.CentreFactory.build(host_country=factories.PartyFactory.build(name=n))
            for n in centres
        ]
        return views_senders("SC", parties, hosts)

    with translation.override("es"):
        assert senders(["Colombia"], ["Brasil"]) == (
            "del Gobierno de Colombia y de la Union y sus Estados miembros, así como del centro "
            "regional del Convenio de Estocolmo en Brasil"
        )
        assert senders(["Colombia", "Serbia"], []) == (
            "de los Gobiernos de Colombia y Serbia y de la Union y sus Estados miembros"
        )
    with translation.override("fr"):
        assert senders(["Colombie"], ["Brésil", "Espagne"]) == (
            "du Gouvernement de Colombie et de l'Union et de ses États membres, ainsi que des "
            "centres régionaux de la Convention de Stockholm (Brésil et Espagne)"
        )
    assert senders(["Colombia"], ["Brazil"]) == (
        "from the Government of Colombia, and from the Union and its member States, as well as "
        "from the Stockholm Convention regional centre in Brazil"
    )


def test_a_request_of_no_single_convention_names_no_convention():
    hosts = [factories.CentreFactory.build(host_country=factories.PartyFactory.build(name="Spain"))]

    assert views_senders("", [], hosts) == "from the regional centre in Spain"


@pytest.mark.parametrize(
    ("number", "en", "fr", "es"),
    [
        (9, "ninth", "neuvième", "novena"),
        (16, "16th", "16e", "16.ª"),
        (21, "21st", "21e", "21.ª"),
        (111, "111th", "111e", "111.ª"),
    ],
)
def test_meeting_ordinals_are_translatable_for_any_number(speaking, number, en, fr, es):
    spoken = {}
    for language in ("en", "fr", "es"):
        with translation.override(language):
            spoken[language] = meeting(number)

    assert spoken == {"en": en, "fr": fr, "es": es}


def test_english_ordinals_take_their_suffix_from_the_last_digits():
    assert [meeting(n) for n in (12, 13, 16, 22, 23, 101, 112, 113, 122)] == [
        "twelfth",
        "thirteenth",
        "16th",
        "22nd",
        "23rd",
        "101st",
        "112th",
        "113th",
        "122nd",
    ]


def test_the_draft_decision_is_one_sentence_per_set_of_documents():
    template = workplan_request()
    workplan = NextRequest(
        template=template,
        kind=RequestKind.WORKPLAN,
        period_start=dt.date(2028, 1, 1),
        period_end=dt.date(2031, 12, 31),
        due_date=dt.date(2027, 9, 30),
        for_cop=16,
    )

    paragraph = draft_decision_paragraph([workplan], 15)

    assert paragraph.text == (
        "Requests the regional centres to submit to the Secretariat, for consideration by the "
        "Conference of the Parties at its 16th meeting, their workplans for the period from "
        "1 January 2028 to 31 December 2031, by 30 September 2027;"
    )
