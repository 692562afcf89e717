"""One service per action: the admin refuses what the portal and the staff pages refuse, with
the same message, and stores nothing; each action is one locked write, recorded once."""

import datetime as dt
from unittest import mock

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions import services, uploads
from submissions.models import Extension, Obligation, Submission, SubmissionVersion
from tests.factories import version_received
from tests.submissions import portal_files as files
from tests.submissions.moments import BEFORE_DUE
from tests.submissions.staff_pages import record_on_staff_page

pytestmark = pytest.mark.django_db


FAR_DATE = dt.date(9999, 12, 31)
LONG_TEXT = "x" * 13_500
TOO_LONG = "Write at most 2000 characters (this text has 13500)."


def html_named_pdf():
    return SimpleUploadedFile(
        "workplan.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )


def refused_type(name="workplan.pdf"):
    return str(uploads.REFUSED_TYPE % {"name": name, "accepted": uploads.accepted_label()})


def admin_url(model, view, *args):
    return reverse(f"admin:submissions_{model._meta.model_name}_{view}", args=args)


def record_in_admin(client, obligation, received_at, file, *, through="email"):
    """Post one file to the admin's add-version form, received at `received_at` (ISO, minutes)."""
    day, time = received_at.split("T")
    return client.post(
        admin_url(SubmissionVersion, "add"),
        {
            "obligation": obligation.pk,
            "received_at_0": day,
            "received_at_1": f"{time}:00",
            "received_through": through,
            "note": "",
            "files": [file],
            "_save": "Save",
        },
    )


# The staff's two doors that record a version, and the status each answers a refusal with (the
# admin shows its form again, with the errors).
STAFF_DOORS = {"staff page": (record_on_staff_page, 400), "admin": (record_in_admin, 200)}


@pytest.fixture
def director(client, director_a):
    client.force_login(director_a)
    return client


# --- version_upload and version_record: one set of file checks -------------------------------


def test_an_html_file_named_pdf_is_refused_by_the_portal(director, obligation_a, frozen):
    response = director.post(
        reverse("portal:obligation", args=[obligation_a.pk]), {"files": [html_named_pdf()]}
    )

    assert response.status_code == 400
    assert refused_type() in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize("door", STAFF_DOORS)
def test_an_html_file_named_pdf_is_refused_by_each_staff_door(
    staff_client, obligation_a, frozen, door
):
    record, refused = STAFF_DOORS[door]

    response = record(staff_client, obligation_a, "2015-09-19T10:00", html_named_pdf())

    assert response.status_code == refused  # the staff page answered 500 (AttributeError) before
    assert refused_type() in response.content.decode()
    assert not Submission.objects.exists()


def test_the_record_service_refuses_an_html_file_whoever_calls_it(obligation_a, staff, frozen):
    with pytest.raises(ValidationError) as raised:
        version_received(
            obligation_a, files=[html_named_pdf()], received_at=BEFORE_DUE, recorded_by=staff
        )

    assert raised.value.message_dict["files"] == [refused_type()]
    assert not Submission.objects.exists()


def test_a_file_recorded_in_the_admin_is_judged_once(staff_client, obligation_a, frozen):
    with mock.patch.object(uploads, "validate_uploads", wraps=uploads.validate_uploads) as validate:
        response = record_in_admin(staff_client, obligation_a, "2015-09-19T10:00", files.pdf())

    assert response.status_code == 302
    assert validate.call_count == 1
    assert SubmissionVersion.objects.count() == 1


# --- version_record: the received date is bounded --------------------------------------------


def before_request_message(obligation):
    return str(services.RECEIVED_BEFORE_REQUEST % {"issued": obligation.request.issued_date})


@pytest.mark.parametrize("door", STAFF_DOORS)
def test_each_staff_door_refuses_a_version_received_before_its_request(
    staff_client, obligation_a, frozen, door
):
    record, refused = STAFF_DOORS[door]

    response = record(staff_client, obligation_a, "1900-01-01T09:00", files.pdf(), through="paper")

    assert response.status_code == refused
    assert before_request_message(obligation_a) in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    "received_at, code",
    [
        (dt.datetime(1900, 1, 1, tzinfo=dt.UTC), "before_request"),
        (dt.datetime(2015, 5, 14, 21, 59, tzinfo=dt.UTC), "before_request"),  # 23:59 in Geneva
        (BEFORE_DUE + dt.timedelta(seconds=1), "future"),
    ],
)
def test_the_record_service_bounds_the_received_date(
    obligation_a, staff, frozen, received_at, code
):
    with pytest.raises(ValidationError) as raised:
        version_received(obligation_a, received_at=received_at, recorded_by=staff)

    assert raised.value.error_dict["received_at"][0].code == code
    assert not Submission.objects.exists()


def test_the_record_service_takes_a_version_received_on_the_day_the_request_was_issued(
    obligation_a, staff, frozen
):
    issued = dt.datetime(2015, 5, 14, 22, 0, tzinfo=dt.UTC)  # 15 May, midnight in Geneva

    version = version_received(obligation_a, received_at=issued, recorded_by=staff)

    assert version.received_at == issued


# --- extension_request: the date and the reason are bounded ----------------------------------


def ask_on_portal(client, obligation, new_due_date, reason):
    return client.post(
        reverse("portal:extension_request", args=[obligation.pk]),
        {"new_due_date": new_due_date, "reason": reason},
    )


def add_in_admin(client, obligation, new_due_date, reason, *, decision):
    return client.post(
        admin_url(Extension, "add"),
        {
            "obligation": obligation.pk,
            "new_due_date": new_due_date,
            "reason": reason,
            "decision": decision,
            "_save": "Save",
        },
    )


def test_the_portal_refuses_an_extension_to_9999(director, obligation_a, frozen):
    response = ask_on_portal(director, obligation_a, "9999-12-31", "Late.")

    assert response.status_code == 400
    assert "at most 730 days after the current due date, i.e. by 2017-09-29" in (
        response.content.decode()
    )
    assert not Extension.objects.exists()


def test_the_admin_refuses_an_extension_to_9999(staff_client, obligation_a, frozen):
    response = add_in_admin(staff_client, obligation_a, "9999-12-31", "Late.", decision="grant")

    assert response.status_code == 200
    assert "at most 730 days after the current due date, i.e. by 2017-09-29" in (
        response.content.decode()
    )
    assert not Extension.objects.exists()


def test_the_portal_refuses_a_13500_character_reason(director, obligation_a, frozen):
    response = ask_on_portal(director, obligation_a, "2015-10-30", LONG_TEXT)

    assert response.status_code == 400
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    assert not Extension.objects.exists()


def test_the_admin_refuses_a_13500_character_reason(staff_client, obligation_a, frozen):
    response = add_in_admin(staff_client, obligation_a, "2015-10-30", LONG_TEXT, decision="")

    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    assert not Extension.objects.exists()


@pytest.mark.parametrize(
    "new_due_date, reason, field, code",
    [
        (FAR_DATE, "Late.", "new_due_date", "too_far"),
        (dt.date(2015, 9, 30), "Late.", "new_due_date", "not_later"),
        (dt.date(2015, 10, 30), LONG_TEXT, "reason", "max_length"),
        (dt.date(2015, 10, 30), "  ", "reason", "required"),
    ],
)
def test_the_extension_service_bounds_the_date_and_the_reason(
    obligation_a, director_a, frozen, new_due_date, reason, field, code
):
    with pytest.raises(ValidationError) as raised:
        services.extension_request(
            obligation=obligation_a,
            new_due_date=new_due_date,
            reason=reason,
            requested_by=director_a,
        )

    assert raised.value.error_dict[field][0].code == code
    assert not Extension.objects.exists()


def test_the_service_takes_an_extension_on_the_horizon(obligation_a, director_a, frozen):
    extension = services.extension_request(
        obligation=obligation_a,
        new_due_date=dt.date(2017, 9, 29),
        reason="Late.",
        requested_by=director_a,
    )

    assert extension.new_due_date == dt.date(2017, 9, 29)


# --- extension_decide, version_review, obligation_waive --------------------------------------


@pytest.fixture
def requested(obligation_a, director_a, frozen):
    return services.extension_request(
        obligation=obligation_a,
        new_due_date=dt.date(2015, 10, 30),
        reason="The director was ill.",
        requested_by=director_a,
    )


def test_the_staff_page_refuses_a_13500_character_response(staff_client, requested):
    response = staff_client.post(
        reverse("portal:extension_decide", args=[requested.pk]),
        {"decision": "refuse", "response": LONG_TEXT},
        follow=True,
    )

    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == Extension.Status.REQUESTED


def test_the_admin_refuses_a_13500_character_response(staff_client, requested):
    response = staff_client.post(
        admin_url(Extension, "change", requested.pk),
        {"decision": "refuse", "response": LONG_TEXT, "_save": "Save"},
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    requested.refresh_from_db()
    assert requested.status == Extension.Status.REQUESTED


def test_the_decide_service_refuses_a_13500_character_response(requested, staff):
    with pytest.raises(ValidationError) as raised:
        services.extension_decide(
            extension=requested, decided_by=staff, grant=False, response=LONG_TEXT
        )

    assert raised.value.message_dict["response"] == [TOO_LONG]


def test_a_decision_is_one_locked_write_recorded_once_in_history(requested, staff):
    services.extension_decide(extension=requested, decided_by=staff, grant=True)

    records = list(requested.history.order_by("history_id"))
    assert [r.status for r in records] == ["requested", "granted"]
    assert records[-1].history_user == staff
    with pytest.raises(ValidationError, match="already decided"):
        services.extension_decide(
            extension=requested, decided_by=staff, grant=False, response="No."
        )


def test_a_review_is_one_locked_write_recorded_once_in_history(
    obligation_a, director_a, staff, frozen
):
    version = services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )
    with pytest.raises(ValidationError) as raised:
        services.version_review(
            version=version, reviewer=staff, accept=False, comments=LONG_TEXT * 2
        )
    assert raised.value.error_dict["comments"][0].code == "max_length"

    services.version_review(version=version, reviewer=staff, accept=True)

    records = list(version.history.order_by("history_id"))
    assert [r.review_status for r in records] == ["pending", "accepted"]
    assert records[-1].history_user == staff


def test_the_staff_page_and_the_admin_refuse_a_13500_character_waiver(
    staff_client, obligation_a, frozen
):
    page = staff_client.post(
        reverse("portal:obligation_waive", args=[obligation_a.pk]), {"reason": LONG_TEXT}
    )
    action = staff_client.post(
        admin_url(Obligation, "changelist"),
        {
            "action": "waive",
            ACTION_CHECKBOX_NAME: [obligation_a.pk],
            "reason": LONG_TEXT,
            "apply": "1",
        },
    )

    assert page.status_code == 400
    assert action.status_code == 200
    for response in (page, action):
        assert "Ensure this value has at most 2000 characters" in response.content.decode()
    obligation_a.refresh_from_db()
    assert obligation_a.waived_at is None


def test_a_waiver_is_one_locked_write_recorded_once_in_history(obligation_a, staff, frozen):
    before = obligation_a.history.count()
    with pytest.raises(ValidationError) as raised:
        services.obligation_waive(obligation=obligation_a, waived_by=staff, reason=LONG_TEXT)
    assert raised.value.message_dict["reason"] == [TOO_LONG]

    services.obligation_waive(obligation=obligation_a, waived_by=staff, reason="Ceased.")

    assert obligation_a.history.count() == before + 1
    assert obligation_a.history.latest().history_user == staff
    with pytest.raises(ValidationError, match="already waived"):
        services.obligation_waive(obligation=obligation_a, waived_by=staff, reason="Again.")


def test_a_version_received_after_the_waiver_is_refused(obligation_a, staff, frozen):
    services.obligation_waive(
        obligation=obligation_a,
        waived_by=staff,
        reason="Ceased.",
        now=BEFORE_DUE - dt.timedelta(days=1),
    )

    with pytest.raises(ValidationError, match="was waived on"):
        version_received(obligation_a, received_at=BEFORE_DUE, recorded_by=staff)
    version = version_received(
        obligation_a, received_at=BEFORE_DUE - dt.timedelta(days=2), recorded_by=staff
    )

    assert version.number == 1


# --- far dates stored before the bounds: pages answer, never 500 ---------------------------


@pytest.fixture
def extended_to_9999(obligation_a, staff):
    """An extension to 9999-12-31, granted before the bounds existed (written directly)."""
    return Extension.objects.create(
        obligation=obligation_a,
        new_due_date=FAR_DATE,
        reason="Far.",
        status=Extension.Status.GRANTED,
        decided_by=staff,
        decided_at=BEFORE_DUE - dt.timedelta(days=1),
    )


def test_a_far_due_date_is_never_reached():
    from submissions.models import deadline_for, end_of_day

    assert deadline_for(FAR_DATE) > deadline_for(dt.date(9000, 1, 1))
    assert end_of_day(dt.date(9000, 1, 1)) < deadline_for(FAR_DATE)


def test_the_portal_answers_with_a_far_date_stored(
    client, director_a, obligation_a, extended_to_9999, frozen
):
    client.force_login(director_a)

    for url in (reverse("portal:home"), reverse("portal:obligation", args=[obligation_a.pk])):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "9999" in response.content.decode()


def test_the_staff_pages_answer_with_a_far_date_stored(
    staff_client, obligation_a, extended_to_9999, frozen
):
    urls = [
        reverse("portal:staff_obligations"),
        reverse("portal:obligation", args=[obligation_a.pk]),
        reverse("portal:review_queue"),
        admin_url(Obligation, "changelist"),
        admin_url(Extension, "changelist"),
        admin_url(Extension, "change", extended_to_9999.pk),
        reverse("dashboard:centre", args=[obligation_a.centre_id]),
    ]
    for url in urls:
        assert staff_client.get(url).status_code == 200, url


def test_the_calendar_and_the_cop_report_answer_with_a_far_date_stored(
    staff_client, staff, obligation_a, extended_to_9999, frozen
):
    from registry.models import CalendarToken

    token = CalendarToken.objects.create(user=staff)
    feed = staff_client.get(reverse("calendar:feed", args=[token.token]))
    report = staff_client.get(
        reverse("dashboard:report"), {"requests": [obligation_a.request_id], "as_at": "2015-09-20"}
    )

    assert feed.status_code == 200
    assert b"99991231" in feed.content
    assert report.status_code == 200


@pytest.mark.parametrize("value", ["abc", "999999", "1.5"])
def test_a_centre_filter_that_is_not_a_centre_is_a_400(staff_client, obligation_a, value):
    response = staff_client.get(reverse("portal:staff_obligations"), {"centre": value})

    assert response.status_code == 400
    assert "give the centre by its number" in response.content.decode()
    assert len(response.context["rows"]) == 2  # every centre's
