"""The outbox's admin: staff see every email with its state, and send any of them again."""

import pytest
from django.core import mail
from django.urls import reverse

from outbox import services
from outbox.models import EmailKind, EmailLog
from tests.admin_pages import admin_action

from .emails import NOW, queue_one_time_link

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:outbox_emaillog_changelist"


@pytest.fixture
def failed_email(queued):
    EmailLog.objects.filter(pk=queued.pk).update(
        status=EmailLog.Status.FAILED, attempts=1, last_error="550 no such user"
    )
    return queued


@pytest.fixture
def sent_email(db):
    email = services.email_queue(
        kind=EmailKind.REVIEW,
        recipient="luis@centre-b.org",
        subject="Review: accepted",
        text="Accepted.",
        now=NOW,
    )
    EmailLog.objects.filter(pk=email.pk).update(status=EmailLog.Status.SENT, sent_at=NOW)
    return email


def test_staff_see_the_emails_with_their_state_and_error(
    client, staff, failed_email, sent_email, django_assert_max_num_queries
):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse(CHANGELIST))
    assert page.status_code == 200
    assert "550 no such user" in page.content.decode()
    detail = client.get(reverse("admin:outbox_emaillog_change", args=[failed_email.pk]))
    assert detail.status_code == 200 and failed_email.recipient in detail.content.decode()


@pytest.mark.parametrize("which", ["failed_email", "sent_email"])
def test_staff_send_any_email_again(
    client, staff, which, request, scripted, django_capture_on_commit_callbacks
):
    original = request.getfixturevalue(which)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_action(client, "send_again", original, follow=True)
    assert "1 email queued again." in response.content.decode()
    again = EmailLog.objects.get(resent_from=original)
    assert again.status == EmailLog.Status.SENT
    assert [m.to for m in mail.outbox] == [[original.recipient]]


def test_a_refused_resend_says_why(client, staff, scripted):
    erased = queue_one_time_link(subject="Reset", text="link")
    services.email_send(email_id=erased.pk, now=NOW)
    client.force_login(staff)
    response = admin_action(client, "send_again", erased, follow=True)
    assert "it cannot be sent again" in response.content.decode()
    assert EmailLog.objects.count() == 1


def test_a_director_cannot_see_the_emails(client, director_a, failed_email):
    client.force_login(director_a)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302
