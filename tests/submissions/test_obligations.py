"""Obligations are generated from requests and kept in step with what they depend on."""

import datetime as dt
import threading

import pytest
from django.db import transaction

from centres.models import Convention
from submissions import services
from submissions.models import (
    Extension,
    Obligation,
    Request,
    RequestKind,
    Submission,
    SubmissionVersion,
)
from tests import factories
from tests.threads import run_together

DUE = dt.date(2015, 9, 30)
BEFORE_DUE = dt.date(2015, 5, 15)

pytestmark = pytest.mark.django_db


def sc_centre(name, endorsed_on=BEFORE_DUE, **fields):
    centre = factories.CentreFactory(name=name, serves_stockholm=True, **fields)
    if endorsed_on:
        factories.EndorsementFactory(centre=centre, endorsed_on=endorsed_on)
    return centre


def bc_centre(name, endorsed_on=BEFORE_DUE, **fields):
    centre = factories.CentreFactory(name=name, serves_basel=True, serves_stockholm=False, **fields)
    factories.EndorsementFactory(
        centre=centre,
        convention=Convention.BASEL,
        decision_code="BC-12/1",
        cop=12,
        endorsed_on=endorsed_on,
    )
    return centre


def owing(request):
    return {o.addressee.name for o in Obligation.objects.filter(request=request)}


def sc_request(**fields):
    return factories.RequestFactory(
        **{"convention_centres": Convention.STOCKHOLM, "due_date": DUE, **fields}
    )


@pytest.fixture
def brazil():
    return sc_centre("Centre in Brazil")


@pytest.fixture
def spain():
    return sc_centre("Centre in Spain")


# -- Centres of a convention, judged on the due date.


def test_a_request_to_the_sc_centres_makes_one_obligation_per_endorsed_centre(brazil, spain):
    request = sc_request()

    assert owing(request) == {"Centre in Brazil", "Centre in Spain"}
    assert Obligation.objects.filter(request=request).count() == 2


def test_a_centre_endorsed_on_the_due_date_owes(brazil):
    sc_centre("Centre in Kenya", endorsed_on=DUE)

    assert owing(sc_request()) == {"Centre in Brazil", "Centre in Kenya"}


def test_a_centre_endorsed_after_the_due_date_owes_nothing_for_it(brazil):
    sc_centre("Centre in Kenya", endorsed_on=DUE + dt.timedelta(days=1))

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_a_centre_only_nominated_owes_nothing(brazil):
    sc_centre("Centre in Kenya", endorsed_on=None)

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_a_centre_whose_term_ends_on_the_due_date_still_owes(brazil):
    sc_centre("Centre in Kenya", endorsed_on=dt.date(2011, 9, 30))  # term ends 2015-09-30

    assert owing(sc_request()) == {"Centre in Brazil", "Centre in Kenya"}


def test_a_centre_whose_term_expired_before_the_due_date_owes_nothing(brazil):
    sc_centre("Centre in Kenya", endorsed_on=dt.date(2011, 5, 6))  # term ends 2015-05-06

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_an_open_ended_endorsement_is_in_force_years_later(brazil):
    kenya = factories.CentreFactory(name="Centre in Kenya")
    factories.EndorsementFactory(centre=kenya, endorsed_on=dt.date(2001, 1, 1), open_ended=True)

    assert owing(sc_request()) == {"Centre in Brazil", "Centre in Kenya"}


def test_a_basel_only_centre_owes_nothing_for_an_sc_request(brazil):
    bc_centre("Centre in Egypt")

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_a_centre_of_both_conventions_endorsed_for_basel_only_owes_nothing_for_sc(brazil):
    centre = bc_centre("Centre in Uruguay")
    centre.serves_stockholm = True
    centre.save()

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_a_bc_request_goes_to_the_basel_centres_only(brazil):
    bc_centre("Centre in Egypt")
    decision = factories.DecisionFactory(code="BC-12/1", convention=Convention.BASEL, cop=12)

    request = factories.RequestFactory(
        decision=decision,
        convention_centres=Convention.BASEL,
        due_date=DUE,
        kind=RequestKind.ACTIVITY_REPORT,
        period_start=dt.date(2014, 1, 1),
        period_end=dt.date(2015, 12, 31),
    )

    assert owing(request) == {"Centre in Egypt"}


# -- Centres that cease.


def test_a_centre_that_ceased_after_the_due_date_keeps_its_obligation(brazil):
    sc_centre("Centre in Russia", ceased_on=DUE + dt.timedelta(days=1))

    assert owing(sc_request()) == {"Centre in Brazil", "Centre in Russia"}


def test_a_centre_keeps_its_obligation_when_it_ceases_after_the_due_date(brazil):
    russia = sc_centre("Centre in Russia")
    request = sc_request()
    obligation = Obligation.objects.get(request=request, centre=russia)

    russia.ceased_on = dt.date(2017, 5, 1)
    russia.save()

    assert Obligation.objects.filter(pk=obligation.pk).exists()
    assert owing(request) == {"Centre in Brazil", "Centre in Russia"}


def test_a_centre_that_ceased_before_the_due_date_owes_nothing(brazil):
    sc_centre("Centre in Russia", ceased_on=DUE - dt.timedelta(days=1))

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_a_centre_that_ceased_on_the_due_date_owes_nothing(brazil):
    # ceased_on is the day it stopped operating: it was not operating at the deadline
    sc_centre("Centre in Russia", ceased_on=DUE)

    assert owing(sc_request()) == {"Centre in Brazil"}


def test_recording_that_a_centre_ceased_before_the_due_date_removes_its_obligation(brazil):
    russia = sc_centre("Centre in Russia")
    request = sc_request()
    assert "Centre in Russia" in owing(request)

    russia.ceased_on = dt.date(2015, 6, 1)
    russia.save()

    assert owing(request) == {"Centre in Brazil"}


# -- Chosen centres and Parties.


def test_chosen_centres_owe_whether_or_not_endorsed(brazil):
    nominated = sc_centre("Centre in Kenya", endorsed_on=None)
    request = sc_request(convention_centres="")

    request.centres.set([brazil, nominated])

    assert owing(request) == {"Centre in Brazil", "Centre in Kenya"}


def test_chosen_centres_are_kept_in_step(brazil, spain):
    request = sc_request(convention_centres="")
    request.centres.add(brazil)
    assert owing(request) == {"Centre in Brazil"}

    request.centres.add(spain)
    assert owing(request) == {"Centre in Brazil", "Centre in Spain"}

    request.centres.remove(brazil)
    assert owing(request) == {"Centre in Spain"}

    request.centres.clear()
    assert owing(request) == set()


def test_a_centre_both_chosen_and_of_the_convention_owes_once(brazil):
    request = sc_request()
    request.centres.add(brazil)

    assert Obligation.objects.filter(request=request, centre=brazil).count() == 1


def test_chosen_parties_owe_and_are_kept_in_step():
    colombia = factories.PartyFactory(code="CO", name="Colombia")
    serbia = factories.PartyFactory(code="RS", name="Serbia")
    request = factories.ViewsLetterFactory()

    request.parties.add(colombia, serbia)
    assert owing(request) == {"Colombia", "Serbia"}

    request.parties.remove(serbia)
    assert owing(request) == {"Colombia"}


def test_all_parties_means_every_party_including_those_created_later():
    factories.PartyFactory(code="CO", name="Colombia")
    factories.PartyFactory(code="RS", name="Serbia")
    request = factories.ViewsLetterFactory(all_parties=True)
    everyone = owing(request)
    assert {"Colombia", "Serbia"} <= everyone

    factories.PartyFactory(code="MU", name="Mauritius")

    assert owing(request) == everyone | {"Mauritius"}


def test_a_party_created_does_not_join_requests_to_chosen_parties():
    colombia = factories.PartyFactory(code="CO", name="Colombia")
    request = factories.RequestFactory(
        kind=RequestKind.VIEWS,
        period_start=None,
        period_end=None,
        due_date=None,
        convention_centres="",
    )
    request.parties.add(colombia)

    factories.PartyFactory(code="MU", name="Mauritius")

    assert owing(request) == {"Colombia"}


def test_centres_and_parties_together():
    brazil = sc_centre("Centre in Brazil")
    colombia = factories.PartyFactory(code="CO", name="Colombia")
    request = sc_request()
    request.parties.add(colombia)

    assert owing(request) == {"Centre in Brazil", "Colombia"}
    assert Obligation.objects.get(request=request, centre=brazil).party is None


# -- Kept in step when the request or the endorsements change.


def test_moving_the_due_date_later_adds_a_centre_endorsed_meanwhile(brazil):
    sc_centre("Centre in Kenya", endorsed_on=dt.date(2016, 1, 1))
    request = sc_request()
    assert owing(request) == {"Centre in Brazil"}

    request.due_date = dt.date(2016, 3, 31)
    request.save()
    assert owing(request) == {"Centre in Brazil", "Centre in Kenya"}

    request.due_date = DUE
    request.save()
    assert owing(request) == {"Centre in Brazil"}


def test_changing_the_convention_swaps_the_centres(brazil):
    bc_centre("Centre in Egypt")
    request = sc_request()

    request.convention_centres = Convention.BASEL
    request.save()
    assert owing(request) == {"Centre in Egypt"}

    request.convention_centres = ""
    request.save()
    assert owing(request) == set()


def test_an_endorsement_added_adds_the_obligation(brazil):
    kenya = sc_centre("Centre in Kenya", endorsed_on=None)
    request = sc_request()
    assert owing(request) == {"Centre in Brazil"}

    factories.EndorsementFactory(centre=kenya, endorsed_on=dt.date(2015, 5, 1))

    assert owing(request) == {"Centre in Brazil", "Centre in Kenya"}


def test_an_endorsement_deleted_removes_the_obligation(brazil):
    kenya = sc_centre("Centre in Kenya")
    request = sc_request()
    assert owing(request) == {"Centre in Brazil", "Centre in Kenya"}

    kenya.endorsements.get().delete()

    assert owing(request) == {"Centre in Brazil"}


def test_an_endorsement_dated_after_the_due_date_by_correction_removes_the_obligation(brazil):
    kenya = sc_centre("Centre in Kenya")
    request = sc_request()

    endorsement = kenya.endorsements.get()
    endorsement.endorsed_on = dt.date(2015, 10, 1)
    endorsement.term_ends_on = None
    endorsement.save()

    assert owing(request) == {"Centre in Brazil"}


def test_other_requests_are_untouched_by_an_endorsement(brazil):
    chosen_only = sc_request(convention_centres="")
    chosen_only.centres.add(brazil)
    kenya = sc_centre("Centre in Kenya", endorsed_on=None)

    factories.EndorsementFactory(centre=kenya, endorsed_on=dt.date(2015, 5, 1))

    assert owing(chosen_only) == {"Centre in Brazil"}


# -- Records are never lost.


def give_submission(obligation):
    submission = Submission.objects.create(obligation=obligation)
    SubmissionVersion.objects.create(
        submission=submission,
        number=1,
        received_at=dt.datetime(2015, 9, 1, tzinfo=dt.UTC),
        received_through="email",
    )


def give_extension(obligation):
    factories.ExtensionFactory(obligation=obligation)


def give_requested_extension(obligation):
    factories.ExtensionFactory(
        obligation=obligation, status=Extension.Status.REQUESTED, decided_at=None
    )


def give_waiver(obligation):
    obligation.waived_at = dt.datetime(2015, 9, 1, tzinfo=dt.UTC)
    obligation.waived_reason = "Re-hosting under way."
    obligation.save()


@pytest.mark.parametrize(
    "record", [give_submission, give_extension, give_requested_extension, give_waiver]
)
def test_an_obligation_with_a_record_survives_a_resync(record, brazil):
    kenya = sc_centre("Centre in Kenya")
    request = sc_request()
    obligation = Obligation.objects.get(request=request, centre=kenya)
    record(obligation)

    kenya.endorsements.get().delete()  # no longer addressed
    request.convention_centres = ""
    request.save()

    assert Obligation.objects.filter(pk=obligation.pk).exists()
    assert owing(request) == {"Centre in Kenya"}


def test_an_obligation_without_records_is_removed_beside_one_with_records(brazil, spain):
    request = sc_request()
    give_submission(Obligation.objects.get(request=request, centre=brazil))

    request.convention_centres = ""
    request.save()

    assert owing(request) == {"Centre in Brazil"}


# -- Open requests, idempotence.


def test_an_open_request_judges_centres_on_the_letter_date(brazil):
    sc_centre("Centre in Kenya", endorsed_on=dt.date(2016, 1, 1))
    request = factories.OpenRequestFactory(decision=None, issued_on=dt.date(2015, 12, 22))

    assert owing(request) == {"Centre in Brazil"}

    request.issued_on = dt.date(2016, 1, 5)
    request.save()
    assert owing(request) == {"Centre in Brazil", "Centre in Kenya"}


def test_an_open_request_without_a_letter_judges_on_the_adoption_date(brazil):
    sc_centre("Centre in Kenya", endorsed_on=dt.date(2015, 5, 16))
    request = factories.OpenRequestFactory()  # decision SC-7/17 adopted 2015-05-15

    assert owing(request) == {"Centre in Brazil"}


def test_running_the_sync_again_creates_no_duplicates(brazil, spain):
    request = sc_request()
    request.parties.add(factories.PartyFactory(code="CO", name="Colombia"))
    before = set(Obligation.objects.filter(request=request).values_list("pk", flat=True))

    assert services.obligations_sync(request=request) == (0, 0)
    services.obligations_sync_all()
    services.obligations_sync_for_centre(centre=brazil)

    after = set(Obligation.objects.filter(request=request).values_list("pk", flat=True))
    assert after == before
    assert len(after) == 3


def test_the_sync_reports_what_it_created_and_removed(brazil, spain):
    request = sc_request()
    Request.objects.filter(pk=request.pk).update(convention_centres="")  # no signal

    request.refresh_from_db()
    assert services.obligations_sync(request=request) == (0, 2)

    Request.objects.filter(pk=request.pk).update(convention_centres=Convention.STOCKHOLM)
    request.refresh_from_db()
    assert services.obligations_sync(request=request) == (2, 0)


# -- Concurrency, on a real PostgreSQL.


def centres_owing_nothing_yet(count):
    """`count` centres and a request to them whose obligations are not made yet."""
    centres = [sc_centre(f"Centre {i}") for i in range(count)]
    request = sc_request()
    # Undo what the save's signal did, without signals, so that the syncs start from nothing.
    Obligation.objects.filter(request=request).delete()
    assert not Obligation.objects.filter(request=request).exists()
    return centres, request


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_syncs_end_with_one_obligation_per_centre():
    centres, request = centres_owing_nothing_yet(8)

    first_inserted = threading.Event()

    def first():
        try:
            with transaction.atomic():
                services.obligations_sync(request=Request.objects.get(pk=request.pk))
                first_inserted.set()
                # Hold the uncommitted rows while the second sync tries to insert the same ones.
                threading.Event().wait(0.5)
        finally:
            first_inserted.set()

    def second():
        first_inserted.wait(10)
        services.obligations_sync(request=Request.objects.get(pk=request.pk))

    assert run_together(first, second) == []
    assert sorted(
        Obligation.objects.filter(request=request).values_list("centre_id", flat=True)
    ) == sorted(c.pk for c in centres)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_syncs_started_together_raise_no_error():
    centres, request = centres_owing_nothing_yet(20)
    barrier = threading.Barrier(2)

    def sync():
        barrier.wait(10)
        services.obligations_sync(request=Request.objects.get(pk=request.pk))

    assert run_together(sync, sync) == []
    assert Obligation.objects.filter(request=request).count() == len(centres)
