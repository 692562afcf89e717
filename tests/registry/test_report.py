"""The draft paragraphs of the report to the COP, against the figures the Secretariat published."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from centres.models import Party
from registry.dashboard.report import join_names, report_paragraphs, spell
from submissions.models import Obligation
from submissions.selectors import parse_as_at
from tests import factories
from tests.registry.dashboard_network import (
    activity_report_request,
    at,
    centres_in_brazil_spain_kenya,
    party,
    sc_centres,
    submit,
    views_request,
    workplan_request,
)

pytestmark = pytest.mark.django_db

WORKPLANS_2016 = (
    "As at 31 December 2016, 15 of the 16 regional and subregional centres had submitted their "
    "workplans for the period from 1 January 2016 to 31 December 2019."
)
VIEWS_2016 = (
    "As at 13 July 2016, the Secretariat had received views from the Governments of Colombia, "
    "Costa Rica, Mauritius and Serbia, and from the European Union and its member States, as "
    "well as from the Stockholm Convention regional centres in Brazil and Spain."
)


@pytest.fixture
def sixteen_centres():
    centres = sc_centres(15)
    russia = factories.CentreFactory(
        name="Stockholm Convention Regional Centre in the Russian Federation"
    )
    factories.EndorsementFactory(centre=russia)
    return centres, russia


def test_it_reproduces_the_workplan_figure_with_the_missing_centre(sixteen_centres):
    centres, russia = sixteen_centres
    request = workplan_request()
    for centre in centres:
        submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))

    [paragraph] = report_paragraphs(parse_as_at("2016-12-31"), [request], name_missing=True)

    assert paragraph["statement"] == WORKPLANS_2016
    assert paragraph["missing"] == [russia]
    assert paragraph["text"] == WORKPLANS_2016 + (
        " The following centre had not submitted: "
        "Stockholm Convention Regional Centre in the Russian Federation."
    )


def test_it_names_no_centre_unless_staff_ask(sixteen_centres):
    centres, _russia = sixteen_centres
    request = workplan_request()
    for centre in centres:
        submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))

    [paragraph] = report_paragraphs(parse_as_at("2016-12-31"), [request])

    assert paragraph["text"] == WORKPLANS_2016


def test_it_counts_only_what_had_arrived_at_the_chosen_date(sixteen_centres):
    centres, _russia = sixteen_centres
    request = activity_report_request()
    for centre in centres[:11]:
        submit(Obligation.objects.get(request=request, centre=centre), at(2017, 1, 10))
    for centre in centres[11:13]:
        submit(Obligation.objects.get(request=request, centre=centre), at(2017, 2, 10))

    [paragraph] = report_paragraphs(parse_as_at("2017-01-23"), [request])

    assert paragraph["statement"] == (
        "As at 23 January 2017, 11 of the 16 regional and subregional centres had submitted their "
        "activity reports for the period from 1 January 2015 to 31 December 2016."
    )
    assert len(paragraph["missing"]) == 5


def test_a_version_received_after_the_end_of_the_day_in_geneva_is_not_counted():
    [centre] = sc_centres(1)
    request = workplan_request()
    # 23:30 UTC on 31 December is already 1 January in Geneva.
    submit(
        Obligation.objects.get(request=request, centre=centre),
        dt.datetime(2016, 12, 31, 23, 30, tzinfo=dt.UTC),
    )

    [paragraph] = report_paragraphs(parse_as_at("2016-12-31"), [request])

    assert paragraph["statement"].startswith(
        "As at 31 December 2016, none of the 1 regional and subregional centre"
    )
    assert paragraph["missing"] == [centre]


def test_it_names_the_parties_and_centres_that_sent_their_views():
    brazil, spain, silent = centres_in_brazil_spain_kenya()
    repliers = [
        party(code, name)
        for code, name in (
            ("CO", "Colombia"),
            ("CR", "Costa Rica"),
            ("MU", "Mauritius"),
            ("RS", "Serbia"),
        )
    ]
    eu = party("EU", "European Union", kind=Party.Kind.REIO)
    others = [party("JP", "Japan")]
    request = views_request(
        title="Views on adjustments to the methodology for evaluating regional centres"
    )
    request.parties.set([*repliers, eu, *others])
    for addressee in (*repliers, eu):
        submit(Obligation.objects.get(request=request, party=addressee), at(2016, 6, 20))
    for centre in (brazil, spain):
        submit(Obligation.objects.get(request=request, centre=centre), at(2016, 7, 1))
    # Arrived after the date of the statement: not in it.
    submit(Obligation.objects.get(request=request, party=others[0]), at(2016, 7, 20))

    [paragraph] = report_paragraphs(parse_as_at("2016-07-13"), [request])

    assert paragraph["text"] == VIEWS_2016
    assert paragraph["parties"] == sorted([*repliers, eu], key=lambda p: p.name)
    assert paragraph["centres"] == [brazil, spain]


def test_it_spells_out_the_number_of_centres_that_provided_information():
    centres = sc_centres(12)
    request = factories.MercuryInformationFactory()
    for centre in centres[:10]:
        submit(Obligation.objects.get(request=request, centre=centre), at(2016, 5, 1))

    [paragraph] = report_paragraphs(parse_as_at("2017-01-23"), [request])

    assert paragraph["text"] == (
        "As at 23 January 2017, ten regional centres had provided information on "
        "mercury-related activities."
    )


def test_a_waived_obligation_is_not_expected():
    centres = sc_centres(3)
    request = workplan_request()
    Obligation.objects.filter(request=request, centre=centres[2]).update(
        waived_at=at(2015, 9, 1), waived_reason="Centre closing"
    )
    submit(Obligation.objects.get(request=request, centre=centres[0]), at(2015, 9, 1))

    [paragraph] = report_paragraphs(parse_as_at("2016-12-31"), [request])

    assert "one of the 2 regional" in paragraph["statement"]
    assert paragraph["missing"] == [centres[1]]


def test_numbers_up_to_ten_are_spelled_out_and_names_joined():
    assert [spell(n) for n in (1, 10, 11)] == ["one", "ten", "11"]
    assert join_names(["A", "B", "C"]) == "A, B and C"
    assert join_names(["A"]) == "A"


def test_the_report_page_shows_the_text_and_the_docx_contains_it(client, staff):
    centres = sc_centres(2)
    request = workplan_request()
    submit(Obligation.objects.get(request=request, centre=centres[0]), at(2015, 9, 1))
    client.force_login(staff)
    query = {"requests": [request.pk], "as_at": "2016-12-31"}

    page = client.get(reverse("dashboard:report"), query)
    docx = client.get(reverse("dashboard:report_docx"), query)

    expected = (
        "As at 31 December 2016, one of the 2 regional and subregional centres had "
        "submitted their workplans for the period from 1 January 2016 to "
        "31 December 2019."
    )
    assert expected in page.content.decode()
    assert docx.status_code == 200

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert expected in text
    assert centres[1].name not in text
    named = client.get(reverse("dashboard:report_docx"), query | {"names": "1"})
    text = "\n".join(p.text for p in Document(io.BytesIO(named.content)).paragraphs)
    assert centres[1].name in text


def test_a_bureau_member_cannot_have_the_missing_centres_named(client, bureau_member):
    centres = sc_centres(2)
    request = workplan_request()
    client.force_login(bureau_member)
    query = {"requests": [request.pk], "as_at": "2016-12-31", "names": "1"}

    page = client.get(reverse("dashboard:report"), query)

    assert page.status_code == 200
    assert centres[0].name not in page.content.decode()


def test_the_report_without_a_request_or_with_a_bad_date_is_a_400(client, staff):
    request = workplan_request()
    client.force_login(staff)

    no_request = client.get(reverse("dashboard:report"), {"requests": "", "as_at": "2016-12-31"})
    bad_date = client.get(reverse("dashboard:report"), {"requests": [request.pk], "as_at": "31/12"})

    assert no_request.status_code == 400
    assert bad_date.status_code == 400
    assert "Give a date (YYYY-MM-DD)" in bad_date.content.decode()


PUBLISHED = [
    ("2016-12-31", "11(a)", WORKPLANS_2016),
    (
        "2017-01-23",
        "11(b)",
        "As at 23 January 2017, 11 of the 16 regional and subregional centres had submitted their "
        "activity reports for the period from 1 January 2015 to 31 December 2016.",
    ),
    ("2016-07-13", "12(b)", VIEWS_2016),
    (
        "2017-01-23",
        "17",
        "As at 23 January 2017, ten regional centres had provided information on mercury-related "
        "activities.",
    ),
]


def test_on_the_demo_data_it_reproduces_every_published_figure():
    from django.core.management import call_command

    from submissions.models import Request

    call_command("seed_demo", stdout=io.StringIO())

    for as_at, paragraph, statement in PUBLISHED:
        request = Request.objects.get(decision__code="SC-7/17", paragraph=paragraph)
        [drafted] = report_paragraphs(parse_as_at(as_at), [request])
        assert drafted["statement"] == statement
    workplans = Request.objects.get(decision__code="SC-7/17", paragraph="11(a)")
    [drafted] = report_paragraphs(parse_as_at("2016-12-31"), [workplans])
    assert [c.name for c in drafted["missing"]] == [
        "Stockholm Convention Regional Centre in the Russian Federation"
    ]


# The boxes as the report's template wrote them before `cells.checkboxes_html`.
TEMPLATE_BOXES = (
    "{% for choice in form.requests %}"
    '<div class="form-check"><input type="checkbox" name="{{ choice.data.name }}" '
    'value="{{ choice.data.value }}" class="form-check-input" id="{{ choice.id_for_label }}"'
    '{% if choice.data.selected %} checked{% endif %}><label class="form-check-label" '
    'for="{{ choice.id_for_label }}">{{ choice.choice_label }}</label></div>{% endfor %}'
)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_request_boxes_read_as_the_template_wrote_them(language):
    from django.template import engines
    from django.utils import translation

    from registry.dashboard.cells import checkboxes_html
    from registry.dashboard.views import ReportForm

    chosen = factories.RequestFactory(title='Views on <b>"mercury"</b> & more')
    factories.ViewsLetterFactory()
    factories.RequestFactory(due_date=None)
    template = engines["django"].from_string(TEMPLATE_BOXES)
    with translation.override(language):
        for data in (None, {"requests": [str(chosen.pk)]}):
            form = ReportForm(data)
            assert checkboxes_html(form["requests"]) == template.render({"form": form})
