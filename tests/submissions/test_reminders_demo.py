"""The demo hook: reminders that go out at the first scan after `make run` starts."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail

from outbox.models import EmailLog
from submissions import demo_reminders, reminders
from tests import factories

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def test_the_demo_letters_make_a_reminder_an_overdue_notice_and_an_escalation(
    settings, django_capture_on_commit_callbacks
):
    settings.REGISTRY_SECRETARIAT_EMAIL = "secretariat@example.org"
    region = factories.RegionFactory(code="GRULAC")
    for code, language in (("BR", "en"), ("ES", "es")):
        centre = factories.CentreFactory(
            region=region, host_country=factories.PartyFactory(code=code)
        )
        factories.ContactFactory(centre=centre, preferred_language=language)
    out = StringIO()
    demo_reminders.seed(stdout=out, now=NOW)
    demo_reminders.seed(stdout=out, now=NOW)  # idempotent
    assert "3 new letters" in out.getvalue() and "0 new letters" in out.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.deadlines_scan(now=NOW + dt.timedelta(minutes=1))
    kinds = sorted(EmailLog.objects.values_list("kind", flat=True))
    assert kinds == ["escalation"] * 2 + ["late_flag"] * 2 + ["overdue"] * 2 + ["reminder"] * 2
    assert len(mail.outbox) == 8
    escalation = next(m for m in mail.outbox if m.cc)
    assert escalation.cc == ["secretariat@example.org", "bureau@example.org"]
