"""The admin of the Secretariat's work: every page opens; budget lines go through the service."""

from decimal import Decimal

import pytest
from django.urls import reverse

from registry.models import BudgetLine
from submissions.models import Obligation
from tests import factories

pytestmark = pytest.mark.django_db

# Mandate outputs are edited inline on their mandate.
MODELS = ["mandate", "meeting", "contribution", "budgetline"]


@pytest.fixture
def workplan(centre_a):
    request = factories.RequestFactory(convention_centres="", paragraph="11(a)")
    request.centres.add(centre_a)
    return Obligation.objects.get(request=request)


@pytest.fixture
def records(workplan, centre_a):
    mandate = factories.MandateFactory(paragraph="18")
    mandate.outputs.create(document_symbol="UNEP/POPS/COP.8/16/Rev.1")
    meeting = factories.MeetingFactory(mandate=mandate)
    meeting.centres.add(centre_a)
    contribution = factories.ContributionFactory()
    line = factories.BudgetLineFactory(obligation=workplan, funded_by=contribution)
    return {
        "mandate": mandate,
        "meeting": meeting,
        "contribution": contribution,
        "budgetline": line,
    }


def admin_url(model, view, *args):
    return reverse(f"admin:registry_{model}_{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_every_list_change_and_history_page_opens(client, staff, records, model):
    client.force_login(staff)
    obj = records[model]
    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200
    assert client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert client.get(admin_url(model, "history", obj.pk)).status_code == 200


def test_a_mandates_page_shows_its_outputs_and_meetings_inline(client, staff, records):
    client.force_login(staff)
    page = client.get(admin_url("mandate", "change", records["mandate"].pk)).content.decode()
    assert "UNEP/POPS/COP.8/16/Rev.1" in page
    assert records["meeting"].title in page


def test_staff_add_a_budget_line_in_the_admin_through_the_service(client, staff, workplan):
    client.force_login(staff)
    response = client.post(
        admin_url("budgetline", "add"),
        {
            "obligation": workplan.pk,
            "description": "Training",
            "amount": "250",
            "currency": "chf",
            "funded_by": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    line = BudgetLine.objects.get()
    assert (line.currency, line.amount, line.entered_by) == ("CHF", Decimal("250"), staff)


def test_the_admin_refuses_a_line_on_an_obligation_that_is_not_a_workplan(client, staff, centre_a):
    report = factories.RequestFactory(kind="activity_report", convention_centres="")
    report.centres.add(centre_a)
    client.force_login(staff)
    response = client.post(
        admin_url("budgetline", "add"),
        {
            "obligation": Obligation.objects.get(request=report).pk,
            "description": "Training",
            "amount": "250",
            "currency": "CHF",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert not BudgetLine.objects.exists()


def test_bureau_members_have_no_admin(client, bureau_member, records):
    client.force_login(bureau_member)
    response = client.get(admin_url("mandate", "changelist"))
    assert response.status_code == 302  # to the admin's sign-in
