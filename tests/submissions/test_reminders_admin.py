"""The engine's admin: staff see every email and its state, and send a failed one again."""

import pytest
from django.core import mail
from django.urls import reverse

from submissions import reminders
from submissions.models import DeadlineCheck, EmailLog, ReminderPolicy
from tests.clock import geneva

from ._reminders import owing_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_email(db):
    owing_centre(name="Centre in Kenya")
    reminders.deadlines_scan(now=geneva(2015, 9, 23, 9))
    email = EmailLog.objects.get()
    EmailLog.objects.filter(pk=email.pk).update(
        status=EmailLog.Status.FAILED, attempts=1, last_error="550 no such user")
    return email


def test_staff_see_the_emails_with_their_state_and_error(client, staff, failed_email,
                                                          django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("admin:submissions_emaillog_changelist"))
    assert page.status_code == 200
    assert "550 no such user" in page.content.decode()
    detail = client.get(reverse("admin:submissions_emaillog_change", args=[failed_email.pk]))
    assert detail.status_code == 200 and failed_email.recipient in detail.content.decode()


def test_staff_send_a_failed_email_again(client, staff, failed_email,
                                         django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:submissions_emaillog_changelist"), {
            "action": "send_again", "_selected_action": [failed_email.pk]}, follow=True)
    assert "1 email queued again." in response.content.decode()
    failed_email.refresh_from_db()
    assert failed_email.status == EmailLog.Status.SENT and len(mail.outbox) == 1


def test_a_director_cannot_see_the_emails(client, director_a, failed_email):
    client.force_login(director_a)
    response = client.get(reverse("admin:submissions_emaillog_changelist"))
    assert response.status_code == 302


def test_saving_a_policy_rechecks_its_kind(client, staff, failed_email):
    DeadlineCheck.objects.update(next_check_at=geneva(2015, 9, 24))
    client.force_login(staff)
    response = client.post(reverse("admin:submissions_reminderpolicy_add"), {
        "request_kind": "workplan", "days_before": "60, 30, 7, 1", "overdue_every_days": 14,
        "overdue_reminders": 5, "escalate_after_days": 30, "is_active": "on"})
    assert response.status_code == 302
    assert ReminderPolicy.objects.get().days_before_list == [60, 30, 7, 1]
    assert DeadlineCheck.objects.get().next_check_at == reminders.CHECK_AT_ONCE


def test_a_malformed_policy_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    response = client.post(reverse("admin:submissions_reminderpolicy_add"), {
        "request_kind": "workplan", "days_before": "60, soon", "overdue_every_days": 14,
        "overdue_reminders": 5, "escalate_after_days": 30})
    assert response.status_code == 200
    assert "Write whole numbers of days" in response.content.decode()
