"""The demo data tells what the facts say, and no more: hosts, terms, published documents
and the 2015 evaluation published with its incomplete methodology stated."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from centres.models import Centre, CentreStatus, Endorsement, HostChangeState, Hosting, Institution

ANO_CIP = "ANO Centre for International Projects"
VNII = "Russian State Scientific Research Institution VNII Ekologia"


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def basel_russia():
    return Centre.objects.get(serves_basel=True, serves_stockholm=False, host_country__code="RU")


def stockholm_russia():
    return Centre.objects.get(serves_stockholm=True, host_country__code="RU")


def test_vnii_ekologia_is_a_pending_proposal_and_ano_cip_the_host(demo):
    centre = basel_russia()
    [hosting] = centre.hostings.all()
    [case] = centre.host_changes.all()

    assert (hosting.institution.name, hosting.started_on, hosting.ended_on) == (
        ANO_CIP,
        dt.date(1996, 1, 1),
        None,
    )
    assert "De facto" in hosting.notes
    assert (case.institution.name, case.proposed_on, case.state) == (
        VNII,
        dt.date(2015, 6, 9),
        HostChangeState.PROPOSED,
    )
    assert case.hosting is None
    assert [c.date for c in case.file_by()] == [
        dt.date(2015, 6, 9),
        dt.date(2015, 7, 23),
        dt.date(2016, 3, 16),
        dt.date(2016, 6, 24),
    ]
    assert case.last_received_on() == dt.date(2016, 6, 24)
    assert centre.status_at(dt.date(2016, 11, 15)) == CentreStatus.ENDORSED


def test_the_stockholm_centre_was_endorsed_by_sc_5_21_then_hosted_by_nioch(demo):
    endorsements = Endorsement.objects.filter(centre=stockholm_russia()).order_by("endorsed_on")

    assert [
        (e.endorsed_on.year, e.decision_code, e.hosting.institution.name) for e in endorsements
    ] == [
        (2011, "SC-5/21", ANO_CIP),
        (2015, "SC-7/17", ANO_CIP),
        (2019, "", "Novosibirsk Institute of Organic Chemistry (NIOCH SB RAS)"),
    ]
    nioch = Hosting.objects.get(institution__name__startswith="Novosibirsk")
    assert nioch.nominated_on == dt.date(2017, 5, 1)


def test_the_centre_page_shows_the_proposal_and_the_host_in_office(demo, client, staff):
    client.force_login(staff)

    response = client.get(
        reverse("dashboard:centre", args=[basel_russia().pk]), {"as_at": "2016-11-15"}
    )

    html = response.content.decode()
    assert "Proposed host: " + VNII in html
    assert "Last communication received on 24 June 2016." in html
    assert "A proposal, not a hosting" in html
    assert "Feasibility study on VNII Ekologia" in html
    assert ANO_CIP in html
    # The two Bureaux were briefed on the case in June and July 2016.
    assert html.count('data-testid="briefing"') == 2
    assert "Briefing of the Bureau of the Basel Convention COP" in html
    before = client.get(
        reverse("dashboard:centre", args=[basel_russia().pk]), {"as_at": "2015-06-30"}
    )
    assert "Last communication received on 9 June 2015." in before.content.decode()
    assert 'data-testid="briefing"' not in before.content.decode()


def test_the_directory_names_ano_cip_as_host_and_vnii_ekologia_as_proposed(demo, client):
    html = client.get(reverse("directory:index")).content.decode()
    entry = html[html.index(f'id="centre-{basel_russia().pk}"') :]
    entry = entry[: entry.index("</article>")]

    assert ANO_CIP in entry[entry.index('data-testid="host"') :][:300]
    assert "Proposed host: " + VNII in entry
    assert "Last communication received on 24 June 2016." in entry


def test_the_2013_gap_is_shown_not_filled_in(demo, client, staff):
    czechia = Centre.objects.get(serves_stockholm=True, host_country__code="CZ")
    client.force_login(staff)

    html = client.get(
        reverse("dashboard:centre", args=[czechia.pk]), {"as_at": "2014-06-30"}
    ).content.decode()

    assert "term expired on 8 May 2013; re-endorsement not recorded." in html
    later = client.get(
        reverse("dashboard:centre", args=[czechia.pk]), {"as_at": "2016-06-30"}
    ).content.decode()
    assert "term expired on 8 May 2013; no re-endorsement recorded until 15 May 2015." in later


def test_seeding_over_the_earlier_demo_data_removes_the_vnii_ekologia_hosting(demo):
    centre = basel_russia()
    Hosting.objects.filter(centre=centre).update(ended_on=dt.date(2015, 6, 9))
    wrong = Hosting.objects.create(
        centre=centre,
        institution=Institution.objects.create(name="VNII Ekologia", country=centre.host_country),
        started_on=dt.date(2015, 6, 9),
    )
    Endorsement.objects.filter(centre=centre).update(hosting=wrong)
    Endorsement.objects.filter(endorsed_on__year=2011).update(decision_code="")

    call_command("seed_demo", stdout=io.StringIO())

    assert set(
        Endorsement.objects.filter(endorsed_on__year=2011).values_list("decision_code", flat=True)
    ) == {"SC-5/21"}

    assert [(h.institution.name, h.ended_on) for h in centre.hostings.all()] == [(ANO_CIP, None)]
    assert Endorsement.objects.get(centre=centre).hosting.institution.name == ANO_CIP
    assert centre.host_changes.count() == 1


def test_the_directory_offers_the_published_workplans_and_reports(demo, client):
    from registry.directory.selectors import public_documents
    from submissions.models import ReviewStatus, SubmissionVersion

    documents = public_documents(Centre.objects.values("pk"))
    workplans = {
        centre_id
        for centre_id, items in documents.items()
        for request, version, files in items
        if request.label == "SC-7/17 11(a)"
    }
    reports = {
        centre_id
        for centre_id, items in documents.items()
        for request, version, files in items
        if request.label == "SC-7/17 11(b)"
    }

    assert len(workplans) == 15
    assert stockholm_russia().pk not in workplans
    assert len(reports) == 15
    pending = SubmissionVersion.objects.filter(
        review_status=ReviewStatus.PENDING,
        submission__obligation__request__kind__in=["workplan", "activity_report"],
        note="Demonstration record",
    )
    assert not pending.exists()
    html = client.get(reverse("directory:index")).content.decode()
    assert "workplan-ke-v1.pdf" in html
    assert "No accepted document yet." in html  # a Basel centre that sent nothing


def test_the_director_reads_the_2015_evaluation_with_the_incompleteness_stated(demo, client):
    from django.contrib.auth import get_user_model

    from evaluations.models import CycleStatus, Evaluation

    director = get_user_model().objects.get(username="director.br")
    evaluation = Evaluation.objects.get(cycle__year=2015, centre__host_country__code="BR")
    cycle = evaluation.cycle
    client.force_login(director)

    listing = client.get(reverse("evaluations:my_evaluations")).content.decode()
    page = client.get(reverse("evaluations:my_evaluation", args=[evaluation.pk]))

    assert cycle.status == CycleStatus.PUBLISHED
    assert cycle.incomplete_acknowledged_by.username == "secretariat"
    assert reverse("evaluations:my_evaluation", args=[evaluation.pk]) in listing
    assert page.status_code == 200
    html = page.content.decode().replace("&#x27;", "'")
    assert "Scores are out of the 14 scorable points of 33." in html
    assert "Criterion (c) has no scale yet." in html
