"""The Secretariat's admin of extensions: decided by the user now, within the services' bounds."""

import pytest

from submissions.models import Extension
from tests.submissions.admin_records import NOW, url

pytestmark = pytest.mark.time_machine(NOW, tick=False)


def extension_data(obligation, **overrides):
    data = {
        "obligation": obligation.pk,
        "new_due_date": "2015-11-30",
        "reason": "The director was ill.",
        "decision": "grant",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_a_granted_extension_is_decided_by_the_user_now(staff_client, staff, records):
    response = staff_client.post(url(Extension, "add"), extension_data(records["chile"]))

    assert response.status_code == 302
    extension = Extension.objects.get(obligation=records["chile"])
    assert extension.requested_by == staff
    assert extension.decided_by == staff
    assert extension.decided_at == NOW
    assert records["chile"].status_at(NOW) == "extended"


def test_an_extension_left_for_a_decision_is_decided_on_its_change_page(
    staff_client, staff, records
):
    staff_client.post(url(Extension, "add"), extension_data(records["chile"], decision=""))
    extension = Extension.objects.get(obligation=records["chile"])
    assert extension.status == "requested"

    refused = staff_client.post(
        url(Extension, "change", extension.pk),
        {"decision": "refuse", "response": "", "_save": "Save"},
    )
    assert refused.status_code == 200
    assert "Say why the extension is refused" in refused.text

    staff_client.post(
        url(Extension, "change", extension.pk),
        {"decision": "refuse", "response": "Too late.", "_save": "Save"},
    )
    extension.refresh_from_db()
    assert (extension.status, extension.decided_by, extension.response) == (
        "refused",
        staff,
        "Too late.",
    )
    assert extension.history.count() == 2  # requested, then decided: one record each
    again = staff_client.post(
        url(Extension, "change", extension.pk),
        {"decision": "grant", "response": "", "_save": "Save"},
    )
    assert again.status_code == 403


def test_the_extension_form_shows_the_services_bounds(staff_client, records):
    response = staff_client.post(
        url(Extension, "add"),
        extension_data(
            records["chile"],
            new_due_date="2015-09-01",
        ),
    )

    assert response.status_code == 200
    assert "Propose a date after the current due date (30 September 2015)." in response.text
    assert not Extension.objects.filter(obligation=records["chile"]).exists()
