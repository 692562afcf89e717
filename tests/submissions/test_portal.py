"""The directors' portal: home, obligation page, uploads with receipts, extension requests."""

import datetime as dt
import os

import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions import review, services
from submissions.models import Extension, SubmissionFile, SubmissionVersion
from tests import factories
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db


def _stored_files():
    root = settings.MEDIA_ROOT
    found = set()
    for folder, _dirs, names in os.walk(root):
        found |= {os.path.join(folder, n) for n in names}
    return found


def _upload(client, obligation, *uploads, tz="America/Sao_Paulo"):
    url = reverse("portal:obligation", args=[obligation.pk])
    return client.post(url, {"files": list(uploads), "tz": tz})


def test_the_home_lists_each_obligation_with_status_and_days_left(
    client, director_a, obligation_a, frozen
):
    client.force_login(director_a)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row["obligation"] == obligation_a
    assert row["status"] == "due_soon"
    assert row["days_left"] == 10
    assert "Upload it before the due date." in response.content.decode()


def test_the_home_puts_overdue_obligations_first(
    client, director_a, centre_a, obligation_a, frozen
):
    late = factories.RequestFactory(
        convention_centres="",
        paragraph="17",
        due_date=dt.date(2015, 6, 30),
        kind="information",
        period_start=None,
        period_end=None,
    )
    late.centres.add(centre_a)
    client.force_login(director_a)
    rows = client.get(reverse("portal:home")).context["rows"]
    assert [r["status"] for r in rows] == ["overdue", "due_soon"]
    assert rows[0]["days_late"] == 82


def test_the_home_runs_a_fixed_number_of_queries(
    client, director_a, centre_a, obligation_a, frozen, django_assert_max_num_queries
):
    client.force_login(director_a)

    def add_requests(count):
        for i in range(count):
            request = factories.RequestFactory(convention_centres="", paragraph=f"x{i}-{count}")
            request.centres.add(centre_a)
            obligation = request.obligations.get()
            services.version_upload(
                obligation=obligation, files=[files.pdf(extra=bytes([i]))], uploaded_by=director_a
            )

    add_requests(2)
    cache.clear()  # counted afresh (the list is cached: test_portal_home_cache.py)
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("portal:home"))
    add_requests(8)
    cache.clear()
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("portal:home"))
    assert len(response.context["rows"]) == 11


def test_a_user_who_is_no_contact_is_refused_the_portal(client):
    client.force_login(factories.UserFactory(username="stranger"))
    assert client.get(reverse("portal:home")).status_code == 403


def test_a_bureau_member_signing_in_lands_on_the_dashboards(client, bureau_member):
    client.force_login(bureau_member)
    response = client.get(reverse("portal:home"))
    assert response.url == reverse("dashboard:overview")


def test_staff_are_taken_to_the_review_queue(client, staff):
    client.force_login(staff)
    response = client.get(reverse("portal:home"))
    assert response.url == reverse("portal:review_queue")


def test_the_obligation_page_shows_the_request_and_the_upload_form(
    client, director_a, obligation_a, frozen
):
    client.force_login(director_a)
    response = client.get(reverse("portal:obligation", args=[obligation_a.pk]))
    page = response.content.decode()
    assert "SC-7/17 11(a)" in page
    assert "2016-01-01" in page or "1 January 2016" in page or "Jan. 1, 2016" in page
    assert 'name="files"' in page and 'accept=".pdf,.docx,.xlsx,.odt"' in page


def test_a_director_uploads_a_version_and_gets_a_receipt(client, director_a, obligation_a, frozen):
    client.force_login(director_a)
    response = _upload(client, obligation_a, files.pdf(), files.docx())
    version = SubmissionVersion.objects.get()
    assert response.url == reverse("portal:receipt", args=[version.pk])
    assert version.number == 1
    assert version.received_through == "portal"
    assert version.recorded_by == director_a
    stored = {f.original_name: f for f in version.files.all()}
    assert set(stored) == {"workplan.pdf", "workplan.docx"}
    assert stored["workplan.pdf"].content_type == "application/pdf"
    assert not stored["workplan.pdf"].file.name.endswith(".pdf")  # unguessable stored name

    receipt = client.get(response.url).content.decode()
    assert stored["workplan.pdf"].sha256 in receipt
    assert "2015-09-20 10:00:00 CEST (UTC+0200) – Geneva" in receipt
    assert "2015-09-20 05:00:00 -03 (UTC-0300) – America/Sao_Paulo" in receipt
    assert "2015-09-20 08:00:00 UTC (UTC+0000) – UTC" in receipt


def test_the_receipt_is_emailed_to_the_uploader_and_the_director_in_their_language(
    client, director_a, centre_a, obligation_a, frozen, django_capture_on_commit_callbacks
):
    focal = factories.UserFactory(username="focal.a")
    factories.ContactFactory(
        centre=centre_a, user=focal, email="focal@centre-a.org", preferred_language="fr"
    )
    centre_a.contacts.filter(role="director").update(preferred_language="es")
    client.force_login(focal)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, obligation_a, files.pdf())
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {director_a.email, "focal@centre-a.org"}
    assert sent["focal@centre-a.org"].extra_headers["Content-Language"] == "fr"
    assert sent[director_a.email].extra_headers["Content-Language"] == "es"
    body = sent["focal@centre-a.org"].body
    version_file = SubmissionFile.objects.get()
    assert version_file.sha256 in body and "workplan.pdf" in body
    assert "2015-09-20 10:00:00 CEST" in body
    assert "Version: 1" in body


def test_an_identical_re_upload_is_recognised_and_not_recorded(
    client, director_a, obligation_a, frozen
):
    client.force_login(director_a)
    _upload(client, obligation_a, files.pdf())
    response = _upload(client, obligation_a, files.pdf("renamed.pdf"))
    assert SubmissionVersion.objects.count() == 1
    follow = client.get(response.url)
    assert "identical to version 1" in follow.content.decode()


def test_a_double_submit_of_the_same_form_records_one_version(
    client, director_a, obligation_a, frozen
):
    client.force_login(director_a)
    first = _upload(client, obligation_a, files.pdf())
    second = _upload(client, obligation_a, files.pdf())
    assert first.status_code == second.status_code == 302
    assert SubmissionVersion.objects.count() == 1


def test_a_changed_file_makes_a_new_version_and_keeps_the_old_one(
    client, director_a, obligation_a, frozen
):
    client.force_login(director_a)
    _upload(client, obligation_a, files.pdf())
    _upload(client, obligation_a, files.pdf(extra=b"% revised\n"))
    assert list(SubmissionVersion.objects.values_list("number", flat=True)) == [1, 2]
    assert SubmissionFile.objects.count() == 2


BAD_UPLOADS = {
    "refused type": (lambda: files.exe("setup.exe"), "not an accepted document"),
    "spoofed extension": (lambda: files.exe("workplan.pdf"), "not an accepted document"),
    "word named as pdf": (lambda: files.docx("workplan.pdf"), "named like a PDF file"),
    "empty file": (lambda: SimpleUploadedFile("empty.pdf", b""), "is empty"),
    "oversized file": (lambda: files.pdf(extra=b" " * 5000), "is larger than the limit of"),
    "corrupt archive": (lambda: files.corrupt_docx(), "is damaged"),
    "bomb-like archive": (lambda: files.bomb(), "expands to too much data"),
    "macros": (lambda: files.docm(), "contains macros"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_file_gets_a_clear_message_and_leaves_nothing_behind(
    case, client, director_a, obligation_a, settings, frozen, django_capture_on_commit_callbacks
):
    settings.REGISTRY_UPLOAD_MAX_BYTES = 4000 if case == "oversized file" else 25 * 1024 * 1024
    make, message = BAD_UPLOADS[case]
    client.force_login(director_a)
    before = _stored_files()
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, obligation_a, files.pdf("good.pdf"), make())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert SubmissionVersion.objects.count() == 0
    assert SubmissionFile.objects.count() == 0
    assert _stored_files() == before
    assert mail.outbox == []


def test_a_missing_file_gets_a_clear_message(client, director_a, obligation_a, frozen):
    client.force_login(director_a)
    response = client.post(reverse("portal:obligation", args=[obligation_a.pk]), {"tz": ""})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()
    assert SubmissionVersion.objects.count() == 0


def test_a_stale_form_after_the_obligation_was_waived_is_refused(
    client, director_a, staff, obligation_a, frozen
):
    client.force_login(director_a)
    page = client.get(reverse("portal:obligation", args=[obligation_a.pk]))
    assert 'name="files"' in page.content.decode()
    services.obligation_waive(obligation=obligation_a, waived_by=staff, reason="Centre ceased")
    response = _upload(client, obligation_a, files.pdf())
    assert response.status_code == 400
    assert "waived by the Secretariat" in response.content.decode()
    assert SubmissionVersion.objects.count() == 0
    assert not SubmissionFile.objects.exists()


def test_an_upload_to_another_centres_obligation_is_a_404_and_stores_nothing(
    client, director_a, obligation_b, frozen
):
    client.force_login(director_a)
    before = _stored_files()
    response = _upload(client, obligation_b, files.pdf())
    assert response.status_code == 404
    assert SubmissionVersion.objects.count() == 0
    assert _stored_files() == before


def test_a_director_requests_an_extension_and_the_secretariat_is_told(
    client, director_a, obligation_a, frozen, django_capture_on_commit_callbacks
):
    client.force_login(director_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:extension_request", args=[obligation_a.pk]),
            {"new_due_date": "2015-10-31", "reason": "Translation delays"},
        )
    assert response.status_code == 302
    extension = Extension.objects.get()
    assert extension.status == "requested"
    assert extension.requested_by == director_a
    assert [m.to[0] for m in mail.outbox][0] == settings.REGISTRY_SECRETARIAT_EMAIL
    assert "Translation delays" in mail.outbox[0].body
    # Status is unchanged until the Secretariat grants it.
    assert obligation_a.status_at(review.timezone.now()) == "due_soon"


def test_a_second_extension_request_while_one_is_open_is_refused(
    client, director_a, obligation_a, frozen
):
    client.force_login(director_a)
    url = reverse("portal:extension_request", args=[obligation_a.pk])
    client.post(url, {"new_due_date": "2015-10-31", "reason": "Translation delays"})
    response = client.post(url, {"new_due_date": "2015-11-30", "reason": "Again"})
    assert response.status_code == 400
    assert "already awaiting" in response.content.decode()
    assert Extension.objects.count() == 1


def test_an_extension_must_move_the_due_date_later(client, director_a, obligation_a, frozen):
    client.force_login(director_a)
    response = client.post(
        reverse("portal:extension_request", args=[obligation_a.pk]),
        {"new_due_date": "2015-09-25", "reason": "Why not"},
    )
    assert response.status_code == 400
    assert "after the current due date (30 September 2015)" in response.content.decode()
    assert not Extension.objects.exists()


def test_an_oversized_file_alone_is_named_without_asking_to_choose_a_file(
    client, director_a, obligation_a, settings, frozen
):
    settings.REGISTRY_UPLOAD_MAX_BYTES = 1000
    client.force_login(director_a)
    response = _upload(client, obligation_a, files.pdf("huge.pdf", extra=b" " * 5000))
    page = response.content.decode()
    assert response.status_code == 400
    assert "The file “huge.pdf” is larger than the limit of 1000\xa0bytes per file." in page
    assert "Choose a file" not in page
    assert not SubmissionVersion.objects.exists()


def test_an_upload_without_a_csrf_token_is_refused(director_a, obligation_a, frozen):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(director_a)
    response = _upload(client, obligation_a, files.pdf())
    assert response.status_code == 403
    assert not SubmissionVersion.objects.exists()
