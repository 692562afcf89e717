"""Host changes as cases: a proposal is not a hosting, and only the service establishes one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from centres.host_changes import (
    HOST_CHANGE_CLOSED,
    HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE,
    host_change_establish,
    host_change_file,
    host_change_set_state,
)
from centres.models import Centre, CentreStatus, HostChangeState, Hosting
from centres.selectors import HOST_CHANGE_PREFETCH, host_changes_as_at
from registry.models import MeetingKind
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ano_cip(centre_a):
    """The host in office since 1996."""
    return factories.HostingFactory(
        centre=centre_a, institution__name="ANO-CIP", started_on=dt.date(1996, 1, 1)
    )


@pytest.fixture
def proposal(centre_a, ano_cip):
    """VNII Ekologia, proposed by the Ministry on 9 June 2015."""
    return factories.HostChangeFactory(centre=centre_a, institution__name="VNII Ekologia")


def test_a_proposal_leaves_the_host_and_the_status_alone(centre_a, ano_cip, proposal):
    factories.EndorsementFactory(centre=centre_a)

    assert list(centre_a.hostings.all()) == [ano_cip]
    assert centre_a.status_at(dt.date(2016, 11, 15)) == CentreStatus.ENDORSED
    assert proposal.hosting is None
    assert proposal.is_open


def test_the_last_communication_is_the_last_one_received_by_the_day(proposal):
    for day, sender in (
        (dt.date(2015, 6, 9), "Permanent Mission of the Russian Federation"),
        (dt.date(2015, 7, 23), "Secretariat"),
        (dt.date(2016, 3, 16), "Permanent Mission of the Russian Federation"),
        (dt.date(2016, 11, 1), "The Secretariat of the Basel Convention"),
    ):
        host_change_file(
            case=proposal,
            correspondence=factories.CorrespondenceFactory(date=day, sender=sender),
        )

    assert proposal.last_received_on() == dt.date(2016, 3, 16)
    assert proposal.last_received_on(dt.date(2016, 1, 1)) == dt.date(2015, 6, 9)
    assert proposal.last_received_on(dt.date(2015, 1, 1)) is None
    assert [c.date for c in proposal.file_by(dt.date(2015, 12, 31))] == [
        dt.date(2015, 6, 9),
        dt.date(2015, 7, 23),
    ]


def test_filing_the_same_letter_twice_files_it_once(proposal):
    letter = factories.CorrespondenceFactory()

    host_change_file(case=proposal, correspondence=letter)
    host_change_file(case=proposal, correspondence=letter)

    assert list(proposal.correspondence.all()) == [letter]


def test_establishing_creates_the_hosting_and_ends_the_one_in_office(proposal, ano_cip):
    hosting = host_change_establish(
        case=proposal, started_on=dt.date(2017, 1, 1), nominated_on=dt.date(2016, 12, 1)
    )

    proposal.refresh_from_db()
    ano_cip.refresh_from_db()
    assert proposal.state == HostChangeState.ESTABLISHED
    assert proposal.hosting == hosting
    assert hosting.institution.name == "VNII Ekologia"
    assert hosting.started_on == dt.date(2017, 1, 1)
    assert ano_cip.ended_on == dt.date(2016, 12, 31)
    assert proposal.history.first().state == HostChangeState.ESTABLISHED
    assert ano_cip.history.count() == 2


def test_a_hosting_cannot_start_before_the_proposal(proposal):
    with pytest.raises(ValidationError):
        host_change_establish(case=proposal, started_on=dt.date(2015, 6, 8))

    assert not Hosting.objects.filter(institution__name="VNII Ekologia").exists()


def test_established_is_never_set_by_a_state_change(proposal):
    with pytest.raises(ValidationError) as raised:
        host_change_set_state(case=proposal, state=HostChangeState.ESTABLISHED)

    assert raised.value.messages == [str(HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE)]


def test_the_database_refuses_an_established_case_without_a_hosting(proposal):
    proposal.state = HostChangeState.ESTABLISHED
    with pytest.raises(IntegrityError), transaction.atomic():
        proposal.save()


def test_a_closed_case_does_not_move(proposal):
    host_change_set_state(case=proposal, state=HostChangeState.UNDER_REVIEW)
    host_change_set_state(case=proposal, state=HostChangeState.WITHDRAWN)

    for action in (
        lambda: host_change_set_state(case=proposal, state=HostChangeState.PROPOSED),
        lambda: host_change_establish(case=proposal, started_on=dt.date(2017, 1, 1)),
    ):
        with pytest.raises(ValidationError) as raised:
            action()
        assert raised.value.messages == [str(HOST_CHANGE_CLOSED)]
    assert [h.state for h in proposal.history.order_by("history_date")] == [
        "proposed",
        "under_review",
        "withdrawn",
    ]


def test_the_case_lists_the_briefings_held_by_the_day(proposal):
    briefing = factories.MeetingFactory(
        kind=MeetingKind.BUREAU_BRIEFING, starts_on=dt.date(2016, 6, 28), online=False
    )
    briefing.host_changes.add(proposal)
    centre = Centre.objects.prefetch_related(HOST_CHANGE_PREFETCH).get(pk=proposal.centre_id)

    [before] = host_changes_as_at(centre, dt.date(2016, 6, 27))
    [after] = host_changes_as_at(centre, dt.date(2016, 6, 28))

    assert before["briefings"] == []
    assert after["briefings"] == [briefing]
