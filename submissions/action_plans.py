"""Gap analyses and action plans: the one service per write, and the reads pages use.

Every door (the director's portal form, the admin, the demo loader) saves an action through
`action_save` or `action_update`, so the date done and the deadlines scan's recheck follow
whichever way the action changed.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centres.models import Region

from .models import Action, ActionOwner, ActionState, ActionStatus, Gap
from .reminders import ACTIONS
from .services import EVIDENCE_MAX_LENGTH, _authored, _locked, bounded_text
from .status import local_date

NOT_THE_CENTRES = _(
    "This action is the Secretariat's: only the Secretariat updates it. Write to it if it is "
    "late or done."
)
LINK_TOO_LONG = _("The link is too long (at most 200 characters).")


def gap_create(
    *,
    centre,
    title,
    source,
    created_by,
    source_record=None,
    source_detail="",
    description="",
    resources_missing="",
    skills_missing="",
    identified_on=None,
    illustrative=False,
):
    """Record a gap of `centre`, drawn from `source_record` (a Party's feedback, a score) once.

    A gap already drawn from `source_record` is returned as it is, not recorded twice.
    """
    if source_record is not None:
        source_type = ContentType.objects.get_for_model(source_record)
        existing = Gap.objects.filter(source_type=source_type, source_id=source_record.pk).first()
        if existing is not None:
            return existing
    gap = Gap(
        centre=centre,
        title=title[: Gap._meta.get_field("title").max_length],
        source=source,
        source_record=source_record,
        source_detail=source_detail[: Gap._meta.get_field("source_detail").max_length],
        description=description,
        resources_missing=resources_missing,
        skills_missing=skills_missing,
        identified_on=identified_on,
        illustrative=illustrative,
    )
    _authored(gap, created_by)
    gap.full_clean()
    gap.save()
    return gap


def action_save(*, action, saved_by, now=None):
    """Save `action` as edited (staff, admin, demo): date it done, and make the scan look again.

    A done action keeps the day it was first marked done (in Geneva); any other state has none.
    """
    now = now or timezone.now()
    if action.state == ActionState.DONE:
        action.done_on = action.done_on or local_date(now)
    else:
        action.done_on = None
    _authored(action, saved_by)
    action.updated_by = saved_by if saved_by and saved_by.is_authenticated else None
    with transaction.atomic():
        action.full_clean()
        action.save()
        ACTIONS.recheck(Action.objects.filter(pk=action.pk))
    return action


def action_update(*, action, state, evidence, evidence_link="", updated_by, now=None):
    """Record the owner centre's update of `action` (its state and evidence) from the portal.

    Staff may update any action; a centre's contact only the actions its centre owns.
    """
    evidence = bounded_text(evidence, field="evidence", limit=EVIDENCE_MAX_LENGTH)
    if state not in ActionState.values:
        raise ValidationError({"state": ValidationError(_("Choose a state from the list."))})
    with transaction.atomic():
        locked = _locked(Action, action.pk, "gap__centre")
        if locked.owner != ActionOwner.CENTRE and not updated_by.is_staff:
            raise ValidationError(NOT_THE_CENTRES, code="not_owner")
        locked.state = state
        locked.evidence = evidence
        locked.evidence_link = (evidence_link or "").strip()
        return action_save(action=locked, saved_by=updated_by, now=now)


# --- reads ---------------------------------------------------------------------------------


def action_plan_of(centre, now):
    """Return [(gap, [(action, status)])] of `centre`, every row fetched in two queries."""
    gaps = Gap.objects.filter(centre=centre).prefetch_related(
        Prefetch("actions", queryset=Action.objects.order_by("due_date", "pk"))
    )
    return [(gap, [(a, a.status_at(now)) for a in gap.actions.all()]) for gap in gaps]


def centre_action_counts(centre, now):
    """Return {ActionStatus: count} of `centre`'s actions as at `now`, in one query."""
    counts = dict.fromkeys(ActionStatus, 0)
    rows = (
        Action.objects.filter(gap__centre=centre)
        .with_status(now)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[ActionStatus(row["status"])] += row["n"]
    return counts


def action_counts_by_region(now):
    """Return [(region, {ActionStatus: count}, total)] for every region, in two queries.

    Counted in SQL (`ActionQuerySet.with_status`, the twin of `action_status`).
    """
    counts = defaultdict(lambda: dict.fromkeys(ActionStatus, 0))
    rows = (
        Action.objects.with_status(now)
        .values("gap__centre__region_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["gap__centre__region_id"]][ActionStatus(row["status"])] += row["n"]
    return [
        (region, counts[region.pk], sum(counts[region.pk].values()))
        for region in Region.objects.order_by("name")
    ]
