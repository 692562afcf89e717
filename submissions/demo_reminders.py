"""Demo data of the deadlines engine: requests whose reminders go out minutes after `make run`.

Called by `seed_demo` (idempotent). Three letters to the centres in Brazil and Spain: one due in
six days (its seven-days-before reminder is due at once), one due yesterday (late flag and first
overdue reminder), one 43 days overdue (an escalation copying the focal point and the Bureau).
"""

import datetime as dt

from centres.models import Centre, Region

from .models import RegionBureauContact, ReminderPolicy, Request, RequestKind
from .reminders import local_date

DEMO_LETTERS = [
    (
        "DEMO-REMINDER-1",
        6,
        RequestKind.INFORMATION,
        "Confirmation of the centre's focal points (deadlines demo)",
    ),
    (
        "DEMO-REMINDER-2",
        -1,
        RequestKind.INFORMATION,
        "Information on webinars held this year (deadlines demo)",
    ),
    (
        "DEMO-REMINDER-3",
        -43,
        RequestKind.VIEWS,
        "Views on the draft guidance on centres' reporting (deadlines demo)",
    ),
]


def seed(*, stdout, now):
    today = local_date(now)
    for kind in RequestKind.values:
        ReminderPolicy.objects.get_or_create(request_kind=kind)
    for region in Region.objects.filter(code__in=["GRULAC", "WEOG"]):
        RegionBureauContact.objects.get_or_create(
            region=region, defaults={"name": "Bureau member (demo)", "email": "bureau@example.org"}
        )
    centres = list(
        Centre.objects.filter(serves_stockholm=True, host_country__code__in=["BR", "ES"])
    )
    made = 0
    for reference, days, kind, title in DEMO_LETTERS:
        due = today + dt.timedelta(days=days)
        request, created = Request.objects.get_or_create(
            letter_reference=reference,
            defaults={
                "kind": kind,
                "title": title,
                "due_date": due,
                "issued_on": min(today, due) - dt.timedelta(days=60),
            },
        )
        if created:
            request.centres.set(centres)
            made += 1
    stdout.write(
        f"Deadlines demo: {made} new letters with due dates around {today} for "
        f"{len(centres)} centres; their reminders go out at the first scan after start."
    )
