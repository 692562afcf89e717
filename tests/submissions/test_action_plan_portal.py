"""The action plan in the portal: a director reads their centre's plan and updates the actions
their centre owns; the Bureau reads; staff update any action; bad input is a 400."""

import datetime as dt

import pytest
from django.urls import reverse

from submissions.models import Action, ActionState
from tests import factories
from tests.clock import geneva

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(centre_a, centre_b):
    gap = factories.GapFactory(
        centre=centre_a, title="No staff trained on POPs inventories", source_detail="Colombia"
    )
    own = factories.ActionFactory(
        gap=gap, title="Train two officers", due_date=dt.date(2016, 6, 30)
    )
    theirs = factories.ActionFactory(gap=gap, title="Find a donor", owner="secretariat")
    other = factories.ActionFactory(gap__centre=centre_b, title="Spanish centre's action")
    return own, theirs, other


def update(client, action, **data):
    fields = {f"action-{action.pk}-{k}": v for k, v in data.items()}
    return client.post(reverse("portal:action_update", args=[action.pk]), fields)


def test_a_director_sees_their_plan_and_its_counts_not_another_centres(client, director_a, plan):
    own, theirs, other = plan
    client.force_login(director_a)
    page = client.get(reverse("portal:action_plan", args=[own.gap.centre_id])).content.decode()
    assert "No staff trained on POPs inventories" in page and "Train two officers" in page
    assert "Find a donor" in page and "Spanish centre" not in page
    assert page.count('action="/portal/actions/') == 1  # a form for the centre's own action only
    assert client.get(reverse("portal:action_plan", args=[other.gap.centre_id])).status_code == 404


def test_a_director_updates_their_action_and_the_history_names_them(client, director_a, plan):
    own, _theirs, _other = plan
    client.force_login(director_a)
    response = update(client, own, state="done", evidence="Workshop held", evidence_link="")
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.state == ActionState.DONE and own.evidence == "Workshop held"
    assert own.done_on is not None and own.updated_by == director_a
    assert own.history.first().history_user == director_a
    update(client, own, state="in_progress", evidence="Reopened")
    own.refresh_from_db()
    assert own.done_on is None


def test_the_secretariats_action_is_read_only_for_the_director(client, director_a, plan):
    _own, theirs, _other = plan
    client.force_login(director_a)
    assert update(client, theirs, state="done").status_code == 403
    assert Action.objects.get(pk=theirs.pk).state == ActionState.PLANNED


def test_bad_input_is_a_400_with_the_form_and_nothing_changes(client, director_a, plan):
    own, _theirs, _other = plan
    client.force_login(director_a)
    response = update(client, own, state="finished", evidence_link="not a link")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert Action.objects.get(pk=own.pk).state == ActionState.PLANNED


def test_staff_update_any_action_and_the_bureau_reads(client, staff, bureau_member, plan):
    own, theirs, _other = plan
    client.force_login(staff)
    assert (
        update(client, theirs, state="in_progress", evidence="Talks with Norway").status_code == 302
    )
    assert Action.objects.get(pk=theirs.pk).state == ActionState.IN_PROGRESS
    client.force_login(bureau_member)
    page = client.get(reverse("portal:action_plan", args=[own.gap.centre_id])).content.decode()
    assert "Talks with Norway" in page and 'action="/portal/actions/' not in page


def test_the_bureau_dashboard_counts_open_late_and_done_per_region(client, bureau_member, plan):
    import time_machine

    own, theirs, other = plan
    own.state = ActionState.DONE
    own.save()
    with time_machine.travel(geneva(2016, 7, 1, 9), tick=False):  # after every due date
        client.force_login(bureau_member)
        page = client.get(reverse("dashboard:action_plans")).content.decode()
    region = own.gap.centre.region
    row = page[page.index(f'data-region="{region.code}"') :].split("</tr>")[0]
    assert 'data-col="done">1<' in row
    late = 2 if other.gap.centre.region_id == region.pk else 1
    assert f'data-col="late">{late}<' in row
