"""Requests that are invitations by the decisions' words become invitations.

The rule, for rows that exist today:
- SC-7/17 paragraphs 17 ("invites" the centres undertaking mercury-related activities) and
  12(b) (views invited by the letter of 20 April 2016) are invitations;
- so is any other request of kind "views" or "information" with no reporting period: such a
  request asks for an opinion or a piece of news, not for a document the decisions require.
  Workplans, activity reports, and requests with a period stay obligations.
A request turned invitation keeps its due date as the date replies are wanted by, so nothing is
lost; its obligation rows (one per addressee), versions, extensions and waivers are untouched,
and their deadline checks are looked at again by the next scan.
"""

import datetime as dt

from django.db import migrations, models
from django.db.models import Q

INVITED_BY_WORDS = [("SC-7/17", "17"), ("SC-7/17", "12(b)")]
CHECK_AT_ONCE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def invitations_q():
    by_words = Q(pk__in=[])
    for code, paragraph in INVITED_BY_WORDS:
        by_words |= Q(decision__code=code, paragraph=paragraph)
    by_kind = Q(kind__in=["views", "information"], period_start__isnull=True, period_end__isnull=True)
    return by_words | by_kind


def to_invitations(apps, schema_editor):
    Request = apps.get_model("submissions", "Request")
    DeadlineCheck = apps.get_model("submissions", "DeadlineCheck")
    for request in Request.objects.filter(invitations_q()).exclude(mode="invitation"):
        request.mode = "invitation"
        if request.due_date is not None:
            request.replies_wanted_by = request.replies_wanted_by or request.due_date
            request.due_date = None
        request.save(update_fields=["mode", "replies_wanted_by", "due_date"])
        DeadlineCheck.objects.filter(obligation__request=request).update(
            next_check_at=CHECK_AT_ONCE
        )


def to_obligations(apps, schema_editor):
    """Undo: the invitations become obligations again, due when replies were wanted."""
    Request = apps.get_model("submissions", "Request")
    for request in Request.objects.filter(mode="invitation"):
        request.mode = "obligation"
        request.due_date = request.replies_wanted_by
        request.replies_wanted_by = None
        request.save(update_fields=["mode", "replies_wanted_by", "due_date"])


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0009_request_mode"),
    ]

    operations = [
        migrations.RunPython(to_invitations, to_obligations),
        migrations.AddConstraint(
            model_name="request",
            constraint=models.CheckConstraint(
                condition=models.Q(("due_date__isnull", False), ("mode", "invitation"), _negated=True),
                name="request_invitation_has_no_due_date",
                violation_error_message="An invitation has no due date.",
            ),
        ),
    ]
