"""The admin of host-change cases: correspondence filed inline, established only with a hosting."""

import datetime as dt

import pytest
from django.urls import reverse

from centres.host_changes import HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE
from centres.models import HostChange, HostChangeState, Hosting
from tests import factories

pytestmark = pytest.mark.django_db

INLINE = "links"


@pytest.fixture
def case(centre_a):
    factories.HostingFactory(
        centre=centre_a, institution__name="ANO-CIP", started_on=dt.date(1996, 1, 1)
    )
    return factories.HostChangeFactory(centre=centre_a, institution__name="VNII Ekologia")


def change_url(case):
    return reverse("admin:centres_hostchange_change", args=[case.pk])


def form_data(case, **fields):
    data = {
        "centre": case.centre_id,
        "institution": case.institution_id,
        "proposed_by": case.proposed_by,
        "proposed_on": case.proposed_on.isoformat(),
        "state": case.state,
        "notes": "",
        "establish_on": "",
        "nominated_on": "",
        f"{INLINE}-TOTAL_FORMS": "0",
        f"{INLINE}-INITIAL_FORMS": "0",
        f"{INLINE}-MIN_NUM_FORMS": "0",
        f"{INLINE}-MAX_NUM_FORMS": "1000",
    }
    return data | fields


def test_a_letter_is_filed_on_the_case_inline(staff_client, case):
    letter = factories.CorrespondenceFactory(subject="Feasibility study")

    response = staff_client.post(
        change_url(case),
        form_data(
            case,
            **{
                f"{INLINE}-TOTAL_FORMS": "1",
                f"{INLINE}-0-correspondence": letter.pk,
            },
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert list(case.correspondence.all()) == [letter]


def test_choosing_established_alone_is_refused(staff_client, case):
    response = staff_client.post(change_url(case), form_data(case, state="established"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["state"] == [str(HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE)]
    case.refresh_from_db()
    assert case.state == HostChangeState.PROPOSED


def test_a_start_date_establishes_the_case_through_the_service(staff_client, case):
    response = staff_client.post(
        change_url(case), form_data(case, state="under_review", establish_on="2017-01-01")
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == HostChangeState.ESTABLISHED
    assert case.hosting.started_on == dt.date(2017, 1, 1)
    assert Hosting.objects.get(institution__name="ANO-CIP").ended_on == dt.date(2016, 12, 31)
    states = [h.state for h in case.history.order_by("history_date")]
    assert states[0] == "proposed"
    assert states[-2:] == ["under_review", "established"]
    # Closed: the change page shows the case and no longer offers to establish it.
    page = staff_client.get(change_url(case))
    assert page.status_code == 200
    assert "establish_on" not in page.text


def test_established_with_a_start_date_is_accepted(staff_client, case):
    response = staff_client.post(
        change_url(case), form_data(case, state="established", establish_on="2017-01-01")
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.hosting.started_on) == ("established", dt.date(2017, 1, 1))


def test_a_start_before_the_proposal_is_a_form_error(staff_client, case):
    response = staff_client.post(change_url(case), form_data(case, establish_on="2015-01-01"))

    assert response.status_code == 200
    assert not HostChange.objects.get(pk=case.pk).hosting
