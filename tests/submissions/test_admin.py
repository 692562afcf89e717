"""The Secretariat's admin of requests, obligations, versions and extensions."""

import datetime as dt
import hashlib

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from submissions.models import (
    Decision,
    Extension,
    Obligation,
    Request,
    Submission,
    SubmissionFile,
    SubmissionVersion,
)
from tests import factories
from tests.submissions import portal_files as files
from tests.submissions.admin_records import NOW, WORKPLAN, upload, url

pytestmark = pytest.mark.time_machine(NOW, tick=False)

# Seven or eight for the list itself; the rest is left to middleware and context processors.
MAX_LIST_QUERIES = 13

ADD_DISABLED_BY_DESIGN = {Obligation, Submission, SubmissionFile}


OWN_MODELS = {
    Decision,
    Request,
    Obligation,
    Submission,
    SubmissionVersion,
    SubmissionFile,
    Extension,
}


def submissions_models():
    """Every model of the app registered in the admin, this task's and those of other tasks."""
    return sorted(
        (m for m in admin.site._registry if m._meta.app_label == "submissions"),
        key=lambda m: m._meta.model_name,
    )


# --- every page ------------------------------------------------------------------------------


def test_every_submissions_model_is_registered_with_history():
    for model in OWN_MODELS:
        assert isinstance(admin.site._registry.get(model), SimpleHistoryAdmin), model


@pytest.mark.parametrize("model", submissions_models(), ids=lambda m: m._meta.model_name)
def test_changelist_add_change_and_history_pages_render_for_staff(
    staff_client, staff, rf, records, model
):
    model_admin = admin.site._registry[model]
    obj = model.objects.first()
    assert obj is not None or model not in OWN_MODELS, "the fixture makes one of each"

    changelist = staff_client.get(url(model, "changelist"))
    add = staff_client.get(url(model, "add"))

    assert changelist.status_code == 200
    if model in OWN_MODELS:
        assert len(changelist.context["cl"].result_list) >= 1
        assert add.status_code == (403 if model in ADD_DISABLED_BY_DESIGN else 200)
    else:
        request = rf.get("/")
        request.user = staff
        assert add.status_code == (200 if model_admin.has_add_permission(request) else 403)
    if obj is not None:
        assert staff_client.get(url(model, "change", obj.pk)).status_code == 200
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert staff_client.get(url(model, "history", obj.pk)).status_code == 200


def add_more_of_everything(staff, count=3):
    for n in range(count):
        obligation = factories.ObligationFactory(
            request=factories.RequestFactory(
                decision=factories.DecisionFactory(code=f"BC-{n}/1"), convention_centres=""
            )
        )
        factories.version_received(
            obligation,
            files=[upload(), upload("annex.pdf")],
            received_through="paper",
            recorded_by=staff,
        )
        factories.ExtensionFactory(obligation=obligation, decided_by=staff)


def test_no_changelist_runs_more_queries_for_more_rows(staff_client, staff, records):
    def count_queries():
        counts = {}
        for model in OWN_MODELS:
            with CaptureQueriesContext(connection) as queries:
                staff_client.get(url(model, "changelist"))
            counts[model.__name__] = len(queries)
        return counts

    before = count_queries()
    add_more_of_everything(staff)
    after = count_queries()

    assert after == before


# --- requests ----------------------------------------------------------------------------------


def request_data(**overrides):
    decision = Decision.objects.get()
    data = {
        "decision": decision.pk,
        "paragraph": "12",
        "issued_on": "",
        "letter_reference": "",
        "title": "Workplans 2020-2023",
        "kind": "workplan",
        "mode": "obligation",
        "replies_wanted_by": "",
        "period_start": "",
        "period_end": "",
        "due_date": "2019-09-30",
        "for_cop": "",
        "convention_centres": "SC",
        "_save": "Save",
        # The letters inline (one letter per language), left empty.
        "letters-TOTAL_FORMS": "0",
        "letters-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


def test_the_request_form_shows_the_requests_own_validation(staff_client, records):
    response = staff_client.post(url(Request, "add"), request_data())

    assert response.status_code == 200
    assert "A workplan needs a reporting period." in response.text
    assert not Request.objects.filter(paragraph="12").exists()


def test_a_request_saved_in_the_admin_creates_its_obligations(staff_client, records):
    response = staff_client.post(
        url(Request, "add"),
        request_data(
            period_start="2020-01-01",
            period_end="2023-12-31",
            due_date="2015-12-31",
        ),
    )

    assert response.status_code == 302
    request = Request.objects.get(paragraph="12")
    assert request.obligations.count() == 2
    change = staff_client.get(url(Request, "change", request.pk))
    assert f'?request={request.pk}">2</a>' in change.text


def test_the_request_list_counts_obligations(staff_client, records):
    response = staff_client.get(url(Request, "changelist"))

    counts = {r.paragraph: r.obligation_total for r in response.context["cl"].result_list}
    assert counts == {"5": 2, "9": 1}


# --- obligations -----------------------------------------------------------------------------


def test_the_obligation_list_shows_each_status_now(staff_client, records):
    response = staff_client.get(url(Obligation, "changelist"))

    column = admin.site._registry[Obligation].status_now
    statuses = {o.pk: column(o) for o in response.context["cl"].result_list}
    assert statuses == {
        records["brazil"].pk: "Submitted on time",
        records["spain"].pk: "Extended",
        records["chile"].pk: "Overdue",
    }
    for label in ("Submitted on time", "Extended", "Overdue"):
        assert f">{label}</td>" in response.text


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "overdue"}, ["chile"]),
        ({"status": "extended"}, ["spain"]),
        ({"status": "on_time"}, ["brazil"]),
        ({"request__kind__exact": "views"}, ["chile"]),
        ({"addressee": "centre"}, ["brazil", "spain"]),
    ],
)
def test_the_obligation_filters(staff_client, records, params, expected):
    response = staff_client.get(url(Obligation, "changelist"), params)

    found = {o.pk for o in response.context["cl"].result_list}
    assert found == {records[name].pk for name in expected}


def test_the_request_filter_lists_only_that_requests_obligations(staff_client, records):
    response = staff_client.get(url(Obligation, "changelist"), {"request": records["workplan"].pk})

    found = {o.pk for o in response.context["cl"].result_list}
    assert found == {records["brazil"].pk, records["spain"].pk}


def test_the_obligation_list_runs_the_same_queries_for_2_and_20_obligations(
    staff_client, staff, django_assert_max_num_queries
):
    made = 0
    for size in (2, 20):
        for n in range(made, size):
            obligation = factories.ObligationFactory()
            if n % 2:
                factories.version_received(
                    obligation,
                    files=[upload()],
                    received_through="paper",
                    recorded_by=staff,
                )
            if n % 3 == 0:
                factories.ExtensionFactory(obligation=obligation)
        made = size

        with django_assert_max_num_queries(MAX_LIST_QUERIES):
            response = staff_client.get(url(Obligation, "changelist"))

        assert len(response.context["cl"].result_list) == size
        assert response.text.count('<td class="field-status_now">') == size


def test_obligations_cannot_be_added_by_hand(staff_client, records):
    response = staff_client.get(url(Obligation, "add"))

    assert response.status_code == 403


def test_an_obligation_with_a_submission_cannot_be_deleted(staff_client, records):
    response = staff_client.post(url(Obligation, "delete", records["brazil"].pk), {"post": "yes"})

    assert response.status_code == 403
    assert Obligation.objects.filter(pk=records["brazil"].pk).exists()


def test_the_bulk_delete_refuses_obligations_with_records(staff_client, records):
    chosen = [records["chile"], records["brazil"], records["spain"]]

    response = staff_client.post(
        url(Obligation, "changelist"),
        {
            "action": "delete_selected",
            ACTION_CHECKBOX_NAME: [o.pk for o in chosen],
            "post": "yes",
        },
    )

    assert response.status_code == 200
    assert "your account doesn't have permission to delete" in response.text
    assert Obligation.objects.filter(pk__in=[o.pk for o in chosen]).count() == 3


def test_an_obligation_without_records_can_be_deleted(staff_client, records):
    chile = records["chile"]

    response = staff_client.post(url(Obligation, "delete", chile.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not Obligation.objects.filter(pk=chile.pk).exists()


def test_the_obligation_page_is_read_only(staff_client, records):
    response = staff_client.get(url(Obligation, "change", records["brazil"].pk))

    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert "1 version" in response.text


# --- waiving ---------------------------------------------------------------------------------


def waive(client, obligations, **extra):
    data = {"action": "waive", ACTION_CHECKBOX_NAME: [o.pk for o in obligations], **extra}
    return client.post(url(Obligation, "changelist"), data)


def test_waiving_first_asks_for_a_reason(staff_client, records):
    response = waive(staff_client, [records["chile"]])

    assert response.status_code == 200
    assert "reason" in response.context["form"].fields
    assert "Chile" in response.text
    records["chile"].refresh_from_db()
    assert records["chile"].waived_at is None


def test_waiving_without_a_reason_waives_nothing(staff_client, records):
    response = waive(staff_client, [records["chile"]], apply="1", reason="  ")

    assert response.status_code == 200
    assert "Say why the obligation is waived." in response.text
    records["chile"].refresh_from_db()
    assert records["chile"].waived_at is None


def test_waiving_records_the_reason_the_user_and_the_time(staff_client, staff, records):
    response = waive(
        staff_client,
        [records["chile"], records["spain"]],
        apply="1",
        reason="The Party withdrew its request.",
    )

    assert response.status_code == 302
    for name in ("chile", "spain"):
        obligation = Obligation.objects.get(pk=records[name].pk)
        assert obligation.waived_at == NOW
        assert obligation.waived_by == staff
        assert obligation.waived_reason == "The Party withdrew its request."
        assert obligation.history.latest().history_user == staff
    chile = Obligation.objects.get(pk=records["chile"].pk)
    assert chile.status_at(NOW) == "waived"


def test_an_obligation_already_waived_keeps_its_first_waiver(staff_client, staff, records):
    waive(staff_client, [records["chile"]], apply="1", reason="First reason")

    response = waive(staff_client, [records["chile"]], apply="1", reason="Second reason")

    assert response.status_code == 302
    assert Obligation.objects.get(pk=records["chile"].pk).waived_reason == "First reason"


# --- versions and files ------------------------------------------------------------------------


def version_data(obligation, files, **overrides):
    data = {
        "obligation": obligation.pk,
        "received_at_0": "2015-10-01",
        "received_at_1": "09:30:00",
        "received_through": "email",
        "note": "Sent by the director by email.",
        "files": files,
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_staff_record_a_second_version_received_by_email(staff_client, staff, records):
    brazil = records["brazil"]
    content = files.PDF_BYTES + b"% revised workplan\n"

    response = staff_client.post(
        url(SubmissionVersion, "add"),
        version_data(brazil, [upload("Revised workplan.pdf", content)]),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    version = SubmissionVersion.objects.get(submission__obligation=brazil, number=2)
    assert version.received_through == "email"
    assert version.recorded_by == staff
    assert version.note == "Sent by the director by email."
    # Entered in Geneva time: 09:30 summer time is 07:30 UTC.
    assert version.received_at == dt.datetime(2015, 10, 1, 7, 30, tzinfo=dt.UTC)
    stored = version.files.get()
    assert stored.original_name == "Revised workplan.pdf"
    assert stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.file.read() == content
    assert version.history.latest().history_user == staff
    first = SubmissionVersion.objects.get(submission__obligation=brazil, number=1)
    assert first.files.get().sha256 == hashlib.sha256(WORKPLAN).hexdigest()


def test_the_version_form_finds_obligations_by_addressee(staff_client, records):
    form = staff_client.get(url(SubmissionVersion, "add"))
    found = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "submissions",
            "model_name": "submission",
            "field_name": "obligation",
            "term": "Chile",
        },
    )

    assert form.context["adminform"].form.is_multipart()
    assert 'class="admin-autocomplete"' in form.text
    assert 'data-field-name="obligation"' in form.text
    assert found.status_code == 200
    assert [r["id"] for r in found.json()["results"]] == [str(records["chile"].pk)]
    assert "Chile" in found.json()["results"][0]["text"]


def test_one_version_can_carry_several_files(staff_client, records):
    response = staff_client.post(
        url(SubmissionVersion, "add"),
        version_data(
            records["chile"],
            [upload("Views.pdf"), files.xlsx("Annex.xlsx")],
            received_through="paper",
        ),
    )

    assert response.status_code == 302
    version = SubmissionVersion.objects.get(submission__obligation=records["chile"])
    assert version.number == 1
    assert sorted(f.original_name for f in version.files.all()) == ["Annex.xlsx", "Views.pdf"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"files": [SimpleUploadedFile("empty.pdf", b"")]}, "The submitted file is empty."),
        ({"files": []}, "Choose a file to upload."),
        ({"received_at_0": "2015-10-16"}, "A version cannot be received in the future."),
        ({"received_through": "portal"}, "Select a valid choice."),
    ],
)
def test_a_version_the_form_refuses_is_not_recorded(staff_client, records, overrides, message):
    data = {**version_data(records["chile"], [upload()]), **overrides}

    response = staff_client.post(url(SubmissionVersion, "add"), data)

    assert response.status_code == 200
    assert message in response.text
    assert not Submission.objects.filter(obligation=records["chile"]).exists()


def test_a_stored_version_cannot_be_changed_deleted_or_reverted(staff_client, records):
    version = SubmissionVersion.objects.get()
    history_id = version.history.latest().history_id

    change = staff_client.post(url(SubmissionVersion, "change", version.pk), {"note": "rewritten"})
    delete = staff_client.post(url(SubmissionVersion, "delete", version.pk), {"post": "yes"})
    revert = staff_client.post(
        reverse(
            "admin:submissions_submissionversion_simple_history", args=[version.pk, history_id]
        ),
        {"note": "rewritten"},
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    assert revert.status_code == 403
    version.refresh_from_db()
    assert version.note == ""


def test_a_stored_file_shows_its_size_and_digest_and_cannot_be_deleted(staff_client, records):
    stored = SubmissionFile.objects.get()

    page = staff_client.get(url(SubmissionFile, "change", stored.pk))
    delete = staff_client.post(url(SubmissionFile, "delete", stored.pk), {"post": "yes"})

    assert page.status_code == 200
    assert hashlib.sha256(WORKPLAN).hexdigest() in page.text
    assert str(len(WORKPLAN)) in page.text.replace(",", "")
    assert page.context["adminform"].form.fields == {}
    assert delete.status_code == 403
