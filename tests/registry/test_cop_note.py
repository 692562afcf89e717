"""The paragraphs of section II of the note to a COP, each built from its own records."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from centres.models import Correspondence, Party
from registry.cop_note import figures
from registry.cop_note.draft import draft_note, note_for
from registry.cop_note.paragraphs import (
    activities_paragraph,
    draft_decision_paragraph,
    information_paragraph,
    periodic_paragraph,
    selection_paragraph,
    views_paragraph,
)
from registry.cop_note.wording import fill, unknown_placeholders
from registry.models import MeetingKind
from submissions.models import Obligation, RequestKind, RequestMode
from submissions.selectors import replies_as_at
from tests import factories
from tests.registry.dashboard_network import (
    activity_report_request,
    at,
    centres_in_brazil_spain_kenya,
    next_workplan_request,
    party,
    sc_centres,
    submit,
    workplan_request,
)

pytestmark = pytest.mark.django_db

SITE = "https://registry.example.org"
RUSSIA = "Stockholm Convention Regional Centre in the Russian Federation"


@pytest.fixture
def sixteen_centres():
    centres = sc_centres(15)
    russia = factories.CentreFactory(name=RUSSIA)
    factories.EndorsementFactory(centre=russia)
    return centres, russia


def views_invitation(**kwargs):
    values = {
        "paragraph": "12(b)",
        "kind": RequestKind.VIEWS,
        "issued_on": dt.date(2016, 4, 20),
        "all_parties": True,
        "title": "Views on adjustments to the methodology for evaluating regional centres",
    }
    return factories.OpenRequestFactory(mode=RequestMode.INVITATION, **(values | kwargs))


def mercury_invitation(**kwargs):
    return factories.MercuryInformationFactory(mode=RequestMode.INVITATION, **kwargs)


def test_the_workplans_paragraph_reads_as_the_published_one(sixteen_centres):
    centres, _russia = sixteen_centres
    request = workplan_request()
    for centre in centres:
        submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))

    paragraph = periodic_paragraph(request, dt.date(2016, 12, 31), directory_url=SITE + "/")

    assert paragraph.text == (
        "As at 31 December 2016, 15 of the 16 regional and subregional centres had submitted "
        "their workplans for the period from 1 January 2016 to 31 December 2019."
    )
    assert RUSSIA not in paragraph.text
    assert any(SITE in note for note in paragraph.notes)


def test_it_names_the_centres_that_had_not_submitted_only_when_asked(sixteen_centres):
    centres, _russia = sixteen_centres
    request = workplan_request()
    for centre in centres:
        submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))

    paragraph = periodic_paragraph(request, dt.date(2016, 12, 31), name_missing=True)

    assert paragraph.text.endswith(f"The following centre had not submitted: {RUSSIA}.")


def test_the_reports_paragraph_counts_what_had_arrived_by_its_own_date(sixteen_centres):
    centres, _russia = sixteen_centres
    request = activity_report_request()
    for centre in centres[:11]:
        submit(Obligation.objects.get(request=request, centre=centre), at(2017, 1, 10))
    # 23:30 UTC on 23 January is already 24 January in Geneva: not counted.
    submit(
        Obligation.objects.get(request=request, centre=centres[11]),
        dt.datetime(2017, 1, 23, 23, 30, tzinfo=dt.UTC),
    )

    paragraph = periodic_paragraph(request, dt.date(2017, 1, 23))

    assert paragraph.text == (
        "As at 23 January 2017, 11 regional and subregional centres had submitted their "
        "activity reports for the period from 1 January 2015 to 31 December 2016."
    )
    [count_note] = paragraph.notes
    assert f"record #{request.pk}" in count_note
    assert "2017-01-23T23:59:59.999999+01:00" in count_note
    assert centres[11].name not in count_note


def test_the_counts_take_the_same_queries_for_4_or_16_centres():
    def queries(count):
        request = workplan_request(paragraph=f"{count}(a)")
        centres = sc_centres(count, prefix=f"Size {count}")
        for centre in centres:
            submit(Obligation.objects.get(request=request, centre=centre), at(2015, 9, 1))
        with CaptureQueriesContext(connection) as captured:
            periodic_paragraph(request, dt.date(2016, 12, 31), name_missing=True)
        return len(captured)

    assert queries(4) == queries(16)


def test_the_views_paragraph_gives_the_letter_and_who_replied():
    brazil, spain, silent = centres_in_brazil_spain_kenya()
    repliers = [
        party(code, name)
        for code, name in (("CO", "Colombia"), ("CR", "Costa Rica"), ("MU", "Mauritius"))
    ]
    eu = party("EU", "European Union", kind=Party.Kind.REIO)
    late = party("JP", "Japan")
    request = views_invitation(letter_reference="SSC/2016/12b")
    for addressee in (*repliers, eu):
        submit(Obligation.objects.get(request=request, party=addressee), at(2016, 6, 20))
    for centre in (brazil, spain):
        submit(Obligation.objects.get(request=request, centre=centre), at(2016, 7, 1))
    submit(Obligation.objects.get(request=request, party=late), at(2016, 7, 20))

    paragraph = views_paragraph(request, dt.date(2016, 7, 13))

    assert paragraph.text == (
        "By a letter dated 20 April 2016, the Secretariat invited the regional centres and all "
        "Parties to submit views on adjustments to the methodology for evaluating regional "
        "centres. As at 13 July 2016, the Secretariat had received views from the Governments "
        "of Colombia, Costa Rica and Mauritius, and from the European Union and its member "
        "States, as well as from the Stockholm Convention regional centres in Brazil and Spain."
    )
    assert "Japan" not in paragraph.notes[0]
    assert paragraph.notes[0].endswith("Letter SSC/2016/12b.")


def test_replies_are_those_received_by_the_end_of_the_day_in_geneva():
    [centre, other] = sc_centres(2)
    request = mercury_invitation()
    submit(Obligation.objects.get(request=request, centre=centre), at(2016, 3, 1, 22))
    # 23:30 UTC on 1 March is 00:30 on 2 March in Geneva.
    submit(
        Obligation.objects.get(request=request, centre=other),
        dt.datetime(2016, 3, 1, 23, 30, tzinfo=dt.UTC),
    )

    assert [o.centre for o in replies_as_at(request, dt.date(2016, 3, 1))] == [centre]
    assert len(replies_as_at(request, dt.date(2016, 3, 2))) == 2


def test_the_mercury_paragraph_counts_the_replies_and_states_the_forwarding():
    centres = sc_centres(12)
    request = mercury_invitation()
    for centre in centres[:10]:
        submit(Obligation.objects.get(request=request, centre=centre), at(2016, 2, 1))

    paragraph = information_paragraph(
        request, dt.date(2016, 3, 9), forwarded_in="UNEP(DTIE)/Hg/INC.7/INF/9"
    )

    assert paragraph.text == (
        "By a letter dated 22 December 2015, the Secretariat invited the regional centres to "
        "provide information on mercury-related activities. As at 9 March 2016, ten regional "
        "centres had provided information on mercury-related activities. The Secretariat "
        "forwarded the information to the interim secretariat of the Minamata Convention on "
        "Mercury (UNEP(DTIE)/Hg/INC.7/INF/9)."
    )


def test_the_selection_paragraph_tells_the_correspondence_of_a_centre():
    centre = factories.CentreFactory(name=RUSSIA, city="Moscow")
    institution = factories.InstitutionFactory(
        name="ANO Centre for International Projects", city="Moscow"
    )
    hosting = factories.HostingFactory(
        centre=centre, institution=institution, started_on=dt.date(2011, 5, 1)
    )
    factories.EndorsementFactory(
        centre=centre,
        hosting=hosting,
        decision_code="SC-5/21",
        cop=5,
        endorsed_on=dt.date(2011, 4, 29),
    )
    factories.EndorsementFactory(centre=centre, hosting=hosting)
    mission = "Permanent Mission of the Russian Federation"
    factories.CorrespondenceFactory(centre=centre, date=dt.date(2014, 1, 1), subject="Old news")
    factories.CorrespondenceFactory(
        centre=centre,
        date=dt.date(2015, 6, 9),
        kind=Correspondence.Kind.NOTE_VERBALE,
        sender=mission,
        recipient="Secretariat",
        subject="VNII Ekologia assigned the functions of the Basel Convention regional centre",
    )
    factories.CorrespondenceFactory(
        centre=centre,
        date=dt.date(2015, 7, 23),
        sender="Secretariat",
        recipient=mission,
        subject="Clarification sought on consequences for the Stockholm Convention centre",
    )
    factories.DecisionFactory()  # SC-7/17, adopted on 15 May 2015: where the story starts

    [case] = figures.correspondence_cases("SC", figures.cycle_start("SC", 8), dt.date(2016, 11, 15))
    paragraph = selection_paragraph(case, dt.date(2016, 11, 15))

    assert paragraph.text == (
        f"The {RUSSIA}, hosted by ANO Centre for International Projects (Moscow), was endorsed "
        "by the Conference of the Parties in 2011 (decision SC-5/21) and 2015 (decision "
        "SC-7/17). By a note verbale dated 9 June 2015, the Permanent Mission of the Russian "
        "Federation informed the Secretariat: VNII Ekologia assigned the functions of the Basel "
        "Convention regional centre. By a letter dated 23 July 2015, the Secretariat wrote to "
        f"the {mission}: clarification sought on consequences for the Stockholm Convention "
        "centre. As at 15 November 2016, the last communication received on this matter was "
        "dated 9 June 2015."
    )


def test_a_letter_on_another_centre_of_the_same_host_counts_for_this_one():
    ano_cip = factories.InstitutionFactory(name="ANO Centre for International Projects")
    stockholm = factories.CentreFactory(name=RUSSIA)
    basel = factories.CentreFactory(
        name="Basel Convention Regional Centre for the CIS",
        serves_basel=True,
        serves_stockholm=False,
    )
    elsewhere = factories.CentreFactory(name="Centre in Kenya")
    for centre in (stockholm, basel):
        factories.HostingFactory(centre=centre, institution=ano_cip, started_on=dt.date(2011, 1, 1))
    factories.HostingFactory(centre=elsewhere, started_on=dt.date(2011, 1, 1))
    proposal = factories.CorrespondenceFactory(
        centre=basel, date=dt.date(2015, 6, 9), subject="VNII Ekologia assigned"
    )
    factories.CorrespondenceFactory(centre=basel, date=dt.date(2014, 1, 1), subject="Old news")

    cases = figures.correspondence_cases("SC", dt.date(2015, 5, 15), dt.date(2016, 11, 15))

    assert [(case.centre, case.letters) for case in cases] == [(stockholm, [proposal])]


def test_the_draft_decision_derives_the_next_cycle_from_this_cycles_requests():
    workplan_request()
    activity_report_request()

    requests = figures.note_requests("SC", 8)
    paragraph = draft_decision_paragraph(figures.next_cycle(requests, "SC", 8), 8)

    assert paragraph.text == (
        "Requests the regional centres to submit to the Secretariat, for consideration by the "
        "Conference of the Parties at its ninth meeting, their workplans for the period from "
        "1 January 2020 to 31 December 2023, by 30 September 2019, and their activity reports "
        "for the period from 1 January 2017 to 31 December 2018, by 31 December 2018;"
    )


def test_the_next_cycle_follows_the_records_not_fixed_dates():
    next_workplan_request(due_date=dt.date(2019, 6, 30))

    [following] = figures.next_cycle(figures.note_requests("SC", 9), "SC", 9)

    assert (following.period_start, following.period_end, following.due_date) == (
        dt.date(2024, 1, 1),
        dt.date(2027, 12, 31),
        dt.date(2023, 6, 30),
    )
    assert following.for_cop == 10


def test_each_paragraph_has_its_own_as_at_date_from_the_stored_draft(sixteen_centres):
    centres, _russia = sixteen_centres
    workplans = workplan_request()
    reports = activity_report_request()
    for centre in centres:
        submit(Obligation.objects.get(request=workplans, centre=centre), at(2015, 9, 1))
        submit(Obligation.objects.get(request=reports, centre=centre), at(2017, 1, 30))
    note = note_for("SC", 8)
    note.workplans_as_at = dt.date(2016, 12, 31)
    note.reports_as_at = dt.date(2017, 1, 23)

    sections = draft_note(note, site_url=SITE)

    texts = [p.text for p in sections[0].paragraphs]
    assert texts[0].startswith("As at 31 December 2016, 15 of the 16")
    assert texts[1].startswith(
        "As at 23 January 2017, no regional and subregional centres had submitted"
    )
    # Sections without records say so instead of inventing a figure.
    assert sections[1].gaps and sections[2].gaps and sections[3].gaps and sections[4].gaps


def test_edited_wording_keeps_the_figures_computed(sixteen_centres):
    request = workplan_request()
    paragraph = periodic_paragraph(request, dt.date(2016, 12, 31))
    paragraph.wording = "By {as_at}, {submitted} centres out of {expected} had sent workplans."

    assert paragraph.text == "By 31 December 2016, none centres out of 16 had sent workplans."
    assert unknown_placeholders("{as_at} {total} {0} {x.y}", paragraph.values) == ["total"]
    assert fill("{a} {b} {}", {"a": "A"}) == "A {b} {}"


def test_the_activities_paragraph_is_built_from_counts_given_to_it():
    paragraph = activities_paragraph(
        period_start=dt.date(2015, 1, 1),
        period_end=dt.date(2016, 12, 31),
        online_meetings=23,
        directors_meetings=[("Geneva", dt.date(2015, 10, 5), dt.date(2015, 10, 8))],
    )

    assert paragraph.text == (
        "Between 1 January 2015 and 31 December 2016, the Secretariat organized 23 online "
        "meetings and webinars. Joint meetings of directors were held in Geneva from "
        "5 October 2015 to 8 October 2015."
    )


def test_the_activities_paragraph_says_at_least_when_the_count_is_not_exact():
    paragraph = activities_paragraph(
        period_start=dt.date(2015, 1, 1),
        period_end=dt.date(2016, 12, 31),
        online_meetings=20,
        directors_meetings=[],
        exact=False,
    )

    assert paragraph.text == (
        "Between 1 January 2015 and 31 December 2016, the Secretariat organized at least 20 "
        "online meetings and webinars."
    )


def section_titled(sections, title):
    return next(section for section in sections if section.title == title)


def test_the_note_counts_the_meetings_log_over_the_reports_biennium():
    activity_report_request()  # 1 January 2015 to 31 December 2016
    factories.MeetingFactory(starts_on=dt.date(2015, 2, 3))
    factories.MeetingFactory(kind=MeetingKind.WEBINAR, starts_on=dt.date(2016, 12, 31))
    factories.MeetingFactory(starts_on=dt.date(2017, 1, 1))  # the next biennium
    factories.MeetingFactory(
        kind=MeetingKind.JOINT_DIRECTORS,
        online=False,
        place="Geneva",
        starts_on=dt.date(2016, 10, 31),
        ends_on=dt.date(2016, 11, 2),
    )

    sections = draft_note(note_for("SC", 8), site_url=SITE)

    activities = section_titled(sections, "Activities to facilitate the work of the centres")
    assert [p.text for p in activities.paragraphs] == [
        "Between 1 January 2015 and 31 December 2016, the Secretariat organized 2 online "
        "meetings and webinars. Joint meetings of directors were held in Geneva from "
        "31 October 2016 to 2 November 2016."
    ]


def test_the_mandates_reporting_to_the_meeting_are_told_with_their_outputs():
    mandate = factories.MandateFactory(
        paragraph="18",
        task="Organize meetings of the centres' directors every two years",
        reports_to_cop=8,
        state="done",
    )
    factories.MeetingFactory(title="Joint meeting of directors, 2016", mandate=mandate)
    factories.MandateFactory(paragraph="3", reports_to_cop=9)  # the next meeting's

    sections = draft_note(note_for("SC", 8), site_url=SITE)

    activities = section_titled(sections, "Activities to facilitate the work of the centres")
    # After the meetings log's count (the meeting is an online one), the mandate of COP-8 only.
    assert [p.text for p in activities.paragraphs[1:]] == [
        "In paragraph 18 of decision SC-7/17, the Conference of the Parties asked the "
        "Secretariat as follows: Organize meetings of the centres' directors every two years. "
        "State: done. Outputs: Joint meeting of directors, 2016."
    ]


def test_an_empty_meetings_log_is_a_gap_not_a_zero():
    activity_report_request()

    sections = draft_note(note_for("SC", 8), site_url=SITE)

    activities = section_titled(sections, "Activities to facilitate the work of the centres")
    assert activities.paragraphs == []
    assert activities.gaps == ["No meeting or webinar of the Secretariat is logged for the period."]


def test_an_invitation_to_chosen_centres_names_them_the_centres_concerned():
    centres = sc_centres(3)
    request = mercury_invitation(convention_centres="")
    request.centres.set(centres[:2])
    submit(Obligation.objects.get(request=request, centre=centres[0]), at(2016, 2, 1))

    paragraph = information_paragraph(request, dt.date(2016, 3, 9))

    assert paragraph.text == (
        "By a letter dated 22 December 2015, the Secretariat invited the regional centres "
        "concerned to provide information on mercury-related activities. As at 9 March 2016, "
        "one regional centre had provided information on mercury-related activities."
    )


def test_the_replies_take_the_same_queries_for_3_or_9_repliers():
    def queries(count):
        request = views_invitation(paragraph=f"{count}(b)")
        centres = sc_centres(count, prefix=f"Size {count}")
        for i, centre in enumerate(centres):
            centre.host_country = party(f"Q{count}{i}", f"Country {count}-{i}")
            centre.save()
            submit(Obligation.objects.get(request=request, centre=centre), at(2016, 6, 1))
        with CaptureQueriesContext(connection) as captured:
            views_paragraph(request, dt.date(2016, 7, 13))
        return len(captured)

    assert queries(3) == queries(9)
