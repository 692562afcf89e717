""" "What blocks you": an overdue obligation's centre says what prevents the submission.

`blocker_report` logs it (and, if asked, starts an extension request to the proposed date
through `services.extension_request`, in the same transaction); `blocker_start_action` turns it
into a gap of the centre's action plan with one action, in one step.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .action_plans import action_save, gap_create
from .models import (
    Action,
    ActionOwner,
    Blocker,
    BlockerReason,
    GapSource,
    Obligation,
    ObligationStatus,
)
from .services import REASON_MAX_LENGTH, _authored, _update_authored, bounded_text

NOT_OVERDUE = _("This obligation is not overdue: there is nothing to explain.")
DATE_NEEDED = _("Propose a date to ask for an extension to it.")
ACTION_STARTED = _("An action was already started from this report.")
RECENT = 20


def _status(obligation, now):
    return (
        Obligation.objects.with_status(now).values_list("status", flat=True).get(pk=obligation.pk)
    )


def blocker_report(
    *, obligation, reason, details, proposed_date, reported_by, ask_extension=False, now=None
):
    """Log what prevents the overdue `obligation` from being submitted; return the Blocker.

    With `ask_extension`, also ask for an extension to `proposed_date` (the extension's own rules
    apply; if it is refused, nothing is logged).
    """
    now = now or timezone.now()
    details = bounded_text(details, field="details", limit=REASON_MAX_LENGTH)
    if reason not in BlockerReason.values:
        raise ValidationError({"reason": ValidationError(_("Choose a reason from the list."))})
    if _status(obligation, now) != ObligationStatus.OVERDUE:
        raise ValidationError(NOT_OVERDUE, code="not_overdue")
    if ask_extension and proposed_date is None:
        raise ValidationError({"proposed_date": ValidationError(DATE_NEEDED, code="required")})
    with transaction.atomic():
        blocker = Blocker(
            obligation=obligation,
            reason=reason,
            details=details,
            proposed_date=proposed_date,
            reported_by=reported_by,
            reported_at=now,
        )
        if ask_extension:
            label = BlockerReason(reason).label
            blocker.extension = services.extension_request(
                obligation=obligation,
                new_due_date=proposed_date,
                reason=f"{label}. {details}".strip(),
                requested_by=reported_by,
                now=now,
            )
        _authored(blocker, reported_by)
        blocker.save()
    return blocker


def blocker_start_action(*, blocker, started_by, owner=ActionOwner.SECRETARIAT, now=None):
    """Record `blocker` as a gap of the centre (the centre's own statement) with one action due
    on the date the centre proposed; return the action. Once per report."""
    with transaction.atomic():
        blocker = (
            Blocker.objects.select_for_update(of=("self",))
            .select_related("obligation__request", "obligation__centre")
            .get(pk=blocker.pk)
        )
        if blocker.action_id is not None:
            raise ValidationError(ACTION_STARTED, code="started")
        obligation = blocker.obligation
        label = BlockerReason(blocker.reason).label
        gap = gap_create(
            centre=obligation.centre,
            title=f"{label}: {obligation.request.label}",
            description=blocker.details,
            source=GapSource.CENTRE,
            source_record=blocker,
            source_detail=str(_("Reported with the overdue obligation")),
            identified_on=blocker.reported_at.date(),
            created_by=started_by,
        )
        action = action_save(
            action=Action(
                gap=gap,
                title=str(
                    _("Remove what blocks %(request)s") % {"request": obligation.request.label}
                ),
                owner=owner,
                due_date=blocker.proposed_date,
            ),
            saved_by=started_by,
            now=now,
        )
        _update_authored(blocker, started_by, action=action)
    return action


def blockers_recent(*, centre=None, limit=RECENT):
    """Return the latest reports, newest first, with what their rows show fetched."""
    qs = Blocker.objects.select_related(
        "obligation__request", "obligation__centre", "reported_by", "extension", "action"
    )
    if centre is not None:
        qs = qs.filter(obligation__centre=centre)
    return list(qs[:limit])
