"""The engine's admin: policies, and each obligation's emails on its page."""

import pytest
from django.urls import reverse

from outbox.models import EmailLog
from submissions import reminders
from submissions.models import DeadlineCheck, ReminderPolicy
from tests.clock import geneva

from ._reminders import owing_centre

pytestmark = pytest.mark.django_db


@pytest.fixture
def failed_email(db):
    owing_centre(name="Centre in Kenya")
    reminders.deadlines_scan(now=geneva(2015, 9, 23, 9))
    email = EmailLog.objects.get()
    EmailLog.objects.filter(pk=email.pk).update(
        status=EmailLog.Status.FAILED, attempts=1, last_error="550 no such user"
    )
    return email


def test_staff_see_an_obligations_emails_on_its_page(client, staff, failed_email):
    client.force_login(staff)
    page = client.get(reverse("admin:submissions_obligation_change", args=[failed_email.object_id]))
    assert page.status_code == 200
    content = page.content.decode()
    assert failed_email.recipient in content and "550 no such user" in content


def test_saving_a_policy_rechecks_its_kind(client, staff, failed_email):
    DeadlineCheck.objects.update(next_check_at=geneva(2015, 9, 24))
    client.force_login(staff)
    response = client.post(
        reverse("admin:submissions_reminderpolicy_add"),
        {
            "request_kind": "workplan",
            "days_before": "60, 30, 7, 1",
            "overdue_every_days": 14,
            "overdue_reminders": 5,
            "escalate_after_days": 30,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert ReminderPolicy.objects.get().days_before_list == [60, 30, 7, 1]
    assert DeadlineCheck.objects.get().next_check_at == reminders.CHECK_AT_ONCE


def test_a_malformed_policy_is_refused_with_a_message(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("admin:submissions_reminderpolicy_add"),
        {
            "request_kind": "workplan",
            "days_before": "60, soon",
            "overdue_every_days": 14,
            "overdue_reminders": 5,
            "escalate_after_days": 30,
        },
    )
    assert response.status_code == 200
    assert "Write whole numbers of days" in response.content.decode()
