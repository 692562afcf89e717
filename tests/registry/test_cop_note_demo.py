"""The note to COP-8 drafted from the demo data reads as the Secretariat's published note."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from registry.cop_note.draft import draft_note, note_for, paragraphs_of
from submissions.models import Request, RequestMode

pytestmark = pytest.mark.django_db

PUBLISHED = [
    "As at 31 December 2016, 15 of the 16 regional and subregional centres had submitted their "
    "workplans for the period from 1 January 2016 to 31 December 2019.",
    "As at 23 January 2017, 11 regional and subregional centres had submitted their activity "
    "reports for the period from 1 January 2015 to 31 December 2016.",
    "By a letter dated 20 April 2016, the Secretariat invited the regional centres and all "
    "Parties to submit views on adjustments to the methodology for evaluating regional centres.",
    "As at 13 July 2016, the Secretariat had received views from the Governments of Colombia, "
    "Costa Rica, Mauritius and Serbia, and from the European Union and its member States, as "
    "well as from the Stockholm Convention regional centres in Brazil and Spain.",
    "ten regional centres had provided information on mercury-related activities.",
    "The Secretariat forwarded the information to the interim secretariat of the Minamata "
    "Convention on Mercury (UNEP(DTIE)/Hg/INC.7/INF/9).",
    "By a note verbale dated 9 June 2015, the Permanent Mission of the Russian Federation "
    "informed the Secretariat: VNII Ekologia assigned the functions of the Basel Convention "
    "regional centre in lieu of ANO-CIP.",
    "By a note verbale dated 24 June 2016, the Permanent Mission of the Russian Federation "
    "informed the Secretariat: decree being prepared on a national coordination centre; "
    "nomination to follow at COP-8.",
    "Between 1 January 2015 and 31 December 2016, the Secretariat organized 23 online meetings "
    "and webinars. Joint meetings of directors were held in Geneva from 5 October 2015 to "
    "8 October 2015 and in Geneva from 31 October 2016 to 2 November 2016.",
    "In paragraph 17 of decision SC-7/17, the Conference of the Parties asked the Secretariat as "
    "follows: Forward the centres' information on mercury-related activities to the interim "
    "secretariat of the Minamata Convention. State: done. Outputs: UNEP(DTIE)/Hg/INC.7/INF/9.",
    "Requests the regional centres to submit to the Secretariat, for consideration by the "
    "Conference of the Parties at its ninth meeting, their workplans for the period from "
    "1 January 2020 to 31 December 2023, by 30 September 2019, and their activity reports for "
    "the period from 1 January 2017 to 31 December 2018, by 31 December 2018;",
]


def test_the_note_to_cop_8_reproduces_the_published_statements_and_asks_for_the_next_cycle():
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent: still one draft

    note = note_for("SC", 8)
    text = "\n".join(p.text for p in paragraphs_of(draft_note(note, site_url=settings.SITE_URL)))

    for statement in PUBLISHED:
        assert statement in text
    # The Secretariat never named the centre that had not submitted its workplan.
    assert "had not submitted" not in text
    # 12(b) and 17 invited replies: the demo records them as invitations (from "inv").
    invitations = Request.objects.filter(decision__code="SC-7/17", paragraph__in=["12(b)", "17"])
    assert {r.mode for r in invitations} == {RequestMode.INVITATION}
