"""The reminders' emails: rendered when sent, and dropped when no longer due.

The outbox calls both through its hooks (`SubmissionsConfig.ready` registers them), so the
outbox never imports this app.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from outbox import hooks
from outbox.models import EmailKind

from .models import (
    RECEIVED,
    Action,
    ActionStatus,
    Digest,
    Obligation,
    ObligationStatus,
    deadline_for,
)
from .status import extension_in_force, local_date

REMINDER_KINDS = {EmailKind.REMINDER, EmailKind.OVERDUE, EmailKind.ESCALATION}
RENDERED_WHEN_SENT = REMINDER_KINDS | {EmailKind.LATE_FLAG, EmailKind.DIGEST}
NO_LONGER_DUE = RECEIVED | {ObligationStatus.WAIVED}
NO_LONGER_DUE_REASON = "submitted or waived before it could be sent"  # a reply is a submission
ACTION_NO_LONGER_DUE = {ActionStatus.DONE, ActionStatus.CANCELLED}
ACTION_NO_LONGER_DUE_REASON = "done or cancelled before it could be sent"


def _is_action(email):
    return email.content_type_id == ContentType.objects.get_for_model(Action).pk


def _email_action(email):
    """Return the action an email is about, with its gap and centre, loaded once per email."""
    if not hasattr(email, "_action"):
        email._action = Action.objects.select_related("gap__centre").get(pk=email.object_id)
    return email._action


def _email_obligation(email):
    """Return the obligation an email is about, loaded once per email with what it shows."""
    if not hasattr(email, "_obligation"):
        email._obligation = (
            Obligation.objects.select_related(
                "request__decision",
                "centre",
                "party",
                "submission",
            )
            .prefetch_related("extensions", "submission__versions")
            .get(pk=email.object_id)
        )
    return email._obligation


def reminder_check(email, now):
    """Return why a reminder must not go out any more (the outbox's pre-send hook), or None."""
    if _is_action(email):
        if _email_action(email).status_at(now) in ACTION_NO_LONGER_DUE:
            return ACTION_NO_LONGER_DUE_REASON
        return None
    if _email_obligation(email).status_at(now) in NO_LONGER_DUE:
        # Submitted or waived while this reminder waited (an outage, a retry): drop it.
        return NO_LONGER_DUE_REASON
    return None


def obligation_link(obligation, page="portal:obligation"):
    for name, args in ((page, [obligation.pk]), ("portal:home", [])):
        try:
            return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def action_link(action):
    for name, args in (("portal:action_plan", [action.gap.centre_id]), ("portal:home", [])):
        try:
            return settings.SITE_URL.rstrip("/") + reverse(name, args=args)
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def _action_context(action, now):
    today = local_date(now)
    days = (action.due_date - today).days if action.due_date else None
    return {
        "action": action,
        "gap": action.gap,
        "centre": action.gap.centre,
        "due_date": action.due_date,
        "deadline": deadline_for(action.due_date) if action.due_date else None,
        "days_left": days if days is not None and days >= 0 else None,
        "days_late": -days if days is not None and days < 0 else None,
        "link": action_link(action),
        "time_zone": settings.REGISTRY_TIME_ZONE,
    }


ACTION_SUBJECTS = {
    EmailKind.REMINDER: gettext_lazy('Reminder: action "%(label)s" due on %(due)s'),
    EmailKind.OVERDUE: gettext_lazy('Overdue: action "%(label)s" was due on %(due)s'),
    EmailKind.ESCALATION: gettext_lazy('Escalation: action "%(label)s" is %(days)s days overdue'),
    EmailKind.LATE_FLAG: gettext_lazy('Late: action "%(label)s" of %(centre)s'),
}
ACTION_TEMPLATE = "emails/action_reminder"


def _action_email(email, now):
    """Return (subject, context, template) of a reminder or late flag about an action."""
    from django.utils import formats

    action = _email_action(email)
    context = _action_context(action, now)
    context["kind"] = email.kind
    subject = ACTION_SUBJECTS[email.kind] % {
        "label": action.title,
        "due": formats.date_format(action.due_date, "DATE_FORMAT") if action.due_date else "",
        "days": context["days_late"] or 0,
        "centre": action.gap.centre,
    }
    return subject, context, ACTION_TEMPLATE


def _obligation_context(obligation, now):
    request = obligation.request
    if request.is_invitation:
        # Replies are wanted by a date, which nobody is late against.
        return {
            "obligation": obligation,
            "request": request,
            "addressee": obligation.addressee,
            "invitation": True,
            "due_date": request.replies_wanted_by,
            "replies_wanted_by": request.replies_wanted_by,
            "link": obligation_link(obligation),
            "time_zone": settings.REGISTRY_TIME_ZONE,
        }
    extension = extension_in_force(obligation.extensions.all(), now)
    due = extension.new_due_date if extension else request.due_date
    today = local_date(now)
    days = (due - today).days if due else None
    return {
        "obligation": obligation,
        "request": obligation.request,
        "addressee": obligation.addressee,
        "due_date": due,
        "original_due_date": obligation.request.due_date,
        "extended": extension is not None,
        "deadline": deadline_for(due) if due else None,
        "days_left": days if days is not None and days >= 0 else None,
        "days_late": -days if days is not None and days < 0 else None,
        "link": obligation_link(obligation),
        # "What blocks you": the short form an overdue reminder links to.
        "blocker_link": obligation_link(obligation, "portal:blocker")
        if days is not None and days < 0 and obligation.centre_id
        else None,
        "time_zone": settings.REGISTRY_TIME_ZONE,
    }


SUBJECTS = {
    EmailKind.REMINDER: gettext_lazy("Reminder: %(label)s due on %(due)s"),
    # A reminder of an invitation: replies are wanted by a date; nothing is due.
    "invitation": gettext_lazy("Invitation: %(label)s, replies wanted by %(due)s"),
    EmailKind.OVERDUE: gettext_lazy("Overdue: %(label)s was due on %(due)s"),
    EmailKind.ESCALATION: gettext_lazy("Escalation: %(label)s is %(days)s days overdue"),
    EmailKind.LATE_FLAG: gettext_lazy("Late: %(addressee)s has not submitted %(label)s"),
    EmailKind.DIGEST: gettext_lazy("Weekly deadlines digest, week of %(week)s"),
}
TEMPLATES = {
    EmailKind.REMINDER: "emails/reminder",
    EmailKind.OVERDUE: "emails/reminder",
    EmailKind.ESCALATION: "emails/escalation",
    EmailKind.LATE_FLAG: "emails/overdue_flag",
    EmailKind.DIGEST: "emails/weekly_digest",
}


def email_render(email, now):
    """Return (subject, text, html) of `email` in its language (the outbox's renderer hook)."""
    from django.utils import formats

    from .selectors import digest_content

    with translation.override(email.language or settings.LANGUAGE_CODE):
        if email.kind == EmailKind.DIGEST:
            digest = Digest.objects.get(pk=email.object_id)
            context = {
                "digest": digest,
                "site_url": settings.SITE_URL,
                **digest_content(since=digest.covers_from, as_at=digest.covers_to),
            }
            subject_kind = "invitation" if context.get("invitation") else email.kind
            subject = SUBJECTS[subject_kind] % {
                "week": formats.date_format(digest.week, "DATE_FORMAT")
            }
            name = TEMPLATES[email.kind]
        elif _is_action(email):
            subject, context, name = _action_email(email, now)
        else:
            obligation = _email_obligation(email)
            context = _obligation_context(obligation, now)
            context["kind"] = email.kind
            due = context["due_date"]
            request = obligation.request
            subject_kind = "invitation" if context.get("invitation") else email.kind
            subject = SUBJECTS[subject_kind] % {
                "label": f"{request.label} ({request.title})" if request.title else request.label,
                "due": formats.date_format(due, "DATE_FORMAT") if due else "",
                "days": context.get("days_late") or 0,
                "addressee": context["addressee"],
            }
            name = TEMPLATES[email.kind]
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
    return str(subject), text, html


def hooks_register():
    """Let the outbox render reminder kinds and the digest, and drop reminders no longer due."""
    for kind in RENDERED_WHEN_SENT:
        hooks.renderer_register(kind, email_render)
    for kind in REMINDER_KINDS:
        hooks.check_register(kind, reminder_check)
