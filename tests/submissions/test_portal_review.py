"""The Secretariat's review: queue, accept or return, record by email or paper, extensions,
waivers and downloads."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from submissions import services
from submissions.models import Extension, SubmissionVersion
from tests import factories
from tests.clock import GENEVA
from tests.submissions import portal_files as files
from tests.submissions.staff_pages import record_on_staff_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def version_a(obligation_a, director_a, frozen):
    return services.version_upload(
        obligation=obligation_a, files=[files.pdf()], uploaded_by=director_a
    )


def test_the_queue_lists_versions_awaiting_review_in_a_fixed_number_of_queries(
    client, staff, version_a, obligation_b, director_b, django_assert_max_num_queries
):
    client.force_login(staff)
    with django_assert_max_num_queries(10) as small:
        response = client.get(reverse("portal:review_queue"))
    assert response.context["versions"] == [version_a]
    services.version_upload(
        obligation=obligation_b, files=[files.pdf(), files.docx()], uploaded_by=director_b
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("portal:review_queue"))
    assert len(response.context["versions"]) == 2


def test_staff_return_a_version_with_comments_and_the_director_sees_them(
    client, staff, director_a, version_a, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:version_review", args=[version_a.pk]),
            {"decision": "return", "comments": "Add the budget table."},
        )
    assert response.url == reverse("portal:review_queue")
    version_a.refresh_from_db()
    assert version_a.review_status == "returned"
    assert version_a.reviewed_by == staff
    (message,) = mail.outbox
    assert message.to == [director_a.email]
    assert "Add the budget table." in message.body
    assert message.subject.startswith("Returned for revision")

    client.force_login(director_a)
    obligation = version_a.submission.obligation
    page = client.get(reverse("portal:obligation", args=[obligation.pk])).content.decode()
    assert "Add the budget table." in page
    home = client.get(reverse("portal:home")).context["rows"][0]
    assert home["next_step"] == "Upload a revised version (see the Secretariat's comments)."


def test_returning_a_version_needs_comments(client, staff, version_a):
    client.force_login(staff)
    client.post(reverse("portal:version_review", args=[version_a.pk]), {"decision": "return"})
    version_a.refresh_from_db()
    assert version_a.review_status == "pending"


def test_a_version_is_reviewed_once(staff, version_a):
    services.version_review(version=version_a, reviewer=staff, accept=True)
    with pytest.raises(services.ValidationError, match="already reviewed"):
        services.version_review(version=version_a, reviewer=staff, accept=False, comments="No")
    version_a.refresh_from_db()
    assert version_a.review_status == "accepted"


def test_accepting_keeps_the_review_in_the_history_with_its_author(staff, version_a):
    services.version_review(version=version_a, reviewer=staff, accept=True)
    latest = version_a.history.first()
    assert latest.review_status == "accepted"


def test_staff_record_a_version_received_on_paper_at_its_real_time(
    staff_client, staff, obligation_a, frozen
):
    response = record_on_staff_page(
        staff_client,
        obligation_a,
        "2015-09-18T16:30",
        files.pdf("scan.pdf"),
        through="paper",
        note="Posted by the centre",
    )
    assert response.status_code == 302
    version = SubmissionVersion.objects.get()
    assert version.received_at == dt.datetime(2015, 9, 18, 16, 30, tzinfo=GENEVA)
    assert version.received_through == "paper"
    assert version.recorded_by == staff
    assert obligation_a.status_at(timezone.now()) == "on_time"


def test_a_version_cannot_be_recorded_in_the_future(staff_client, obligation_a, frozen):
    response = record_on_staff_page(
        staff_client, obligation_a, "2015-12-01T10:00", files.pdf("scan.pdf")
    )
    assert response.status_code == 400
    assert "cannot be received in the future" in response.content.decode()
    assert not SubmissionVersion.objects.exists()


def test_staff_grant_an_extension_and_the_new_date_governs_the_status(
    client, staff, director_a, obligation_a, frozen, django_capture_on_commit_callbacks
):
    extension = services.extension_request(
        obligation=obligation_a,
        new_due_date=dt.date(2015, 10, 31),
        reason="Elections",
        requested_by=director_a,
    )
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("portal:extension_decide", args=[extension.pk]),
            {"decision": "grant", "response": "Granted once."},
        )
    extension.refresh_from_db()
    assert extension.status == "granted" and extension.decided_by == staff
    assert obligation_a.status_at(timezone.now()) == "extended"
    frozen.move_to(dt.datetime(2015, 10, 15, tzinfo=GENEVA))
    assert obligation_a.status_at(timezone.now()) == "extended"
    recipients = {m.to[0] for m in mail.outbox}
    assert director_a.email in recipients
    assert any("Granted once." in m.body for m in mail.outbox)


def test_refusing_an_extension_needs_a_message_and_is_emailed(
    staff, director_a, obligation_a, frozen, django_capture_on_commit_callbacks
):
    extension = services.extension_request(
        obligation=obligation_a,
        new_due_date=dt.date(2015, 10, 31),
        reason="Elections",
        requested_by=director_a,
    )
    with pytest.raises(services.ValidationError, match="Say why"):
        services.extension_decide(extension=extension, decided_by=staff, grant=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.extension_decide(
            extension=extension, decided_by=staff, grant=False, response="The COP needs it on time."
        )
    assert Extension.objects.get().status == "refused"
    assert obligation_a.status_at(timezone.now()) == "due_soon"
    assert any(m.to == [director_a.email] and "refused" in m.body for m in mail.outbox)


def test_staff_waive_an_obligation_with_a_reason(client, staff, obligation_a, frozen):
    client.force_login(staff)
    response = client.post(
        reverse("portal:obligation_waive", args=[obligation_a.pk]),
        {"reason": "The centre ceased operating."},
    )
    assert response.status_code == 302
    obligation_a.refresh_from_db()
    assert obligation_a.waived_by == staff
    assert obligation_a.status_at(timezone.now()) == "waived"
    again = client.post(
        reverse("portal:obligation_waive", args=[obligation_a.pk]), {"reason": "Twice"}
    )
    assert again.status_code == 400


def test_a_download_is_an_uncached_attachment_with_the_original_name(client, staff, version_a):
    client.force_login(staff)
    stored = version_a.files.get()
    response = client.get(reverse("portal:download", args=[stored.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="workplan.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == files.PDF_BYTES


def test_the_media_folder_has_no_public_url(settings):
    assert settings.MEDIA_URL in (None, "")


def test_staff_list_every_obligation_in_a_fixed_number_of_queries(
    client, staff, version_a, obligation_b, centre_a, director_a, django_assert_max_num_queries
):
    client.force_login(staff)
    url = reverse("portal:staff_obligations")
    # The page's ids are chosen first, then its rows read whole: one query more than a single
    # read, whatever the network's size.
    with django_assert_max_num_queries(13) as small:
        response = client.get(url)
    # Centre B's workplan is due soon; A's is in: what needs chasing comes first.
    obligation_a = version_a.submission.obligation
    assert [r["obligation"] for r in response.context["rows"]] == [obligation_b, obligation_a]
    for i in range(5):
        request = factories.RequestFactory(convention_centres="", paragraph=f"p{i}")
        request.centres.add(centre_a)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 7
    only_b = client.get(url, {"centre": obligation_b.centre_id}).context["rows"]
    assert [r["obligation"] for r in only_b] == [obligation_b]


def test_the_admin_links_an_obligation_to_its_portal_page(obligation_a):
    assert obligation_a.get_absolute_url() == reverse("portal:obligation", args=[obligation_a.pk])


def test_the_staff_page_of_an_obligation_has_one_review_form_per_pending_version(
    client, staff, director_a, version_a
):
    obligation = version_a.submission.obligation
    second = services.version_upload(
        obligation=obligation, files=[files.docx()], uploaded_by=director_a
    )
    client.force_login(staff)
    page = client.get(reverse("portal:obligation", args=[obligation.pk])).content.decode()
    assert f'id="id_v{version_a.pk}_decision_0"' in page
    assert f'id="id_v{second.pk}_decision_0"' in page
    assert reverse("portal:version_record", args=[obligation.pk]) in page
    assert reverse("portal:obligation_waive", args=[obligation.pk]) in page
