"""Illustrative gap analyses and action plans (issue 14, part 4), marked illustrative.

The facts say only that the review of the synergies arrangements recommended that the Secretariat
work with each centre on a gap analysis and an action plan, subject to the availability of
resources (`reviews` in facts.yaml). No real gap or action is known: the gaps here are drawn
from the demo's (illustrative) Party feedback, and the actions of the centre in Brazil are
invented to show the three states a region counts (open, late, done). Idempotent.
"""

import datetime as dt

from centres.models import Centre
from evaluations.gaps import gap_from_feedback
from evaluations.models import PartyFeedback
from submissions.action_plans import action_save
from submissions.models import Action, ActionOwner, ActionState, Gap

MARK = "(illustrative)"

# (title, owner, days from today to the due date, state, evidence)
BRAZIL_ACTIONS = [
    (
        f"Train two staff members on POPs laboratory analysis {MARK}",
        ActionOwner.CENTRE,
        45,
        ActionState.IN_PROGRESS,
        "",
    ),
    (
        f"Submit a funding proposal for laboratory equipment {MARK}",
        ActionOwner.CENTRE,
        -20,
        ActionState.PLANNED,
        "",
    ),
    (
        f"Share the list of donors funding regional laboratories {MARK}",
        ActionOwner.SECRETARIAT,
        -60,
        ActionState.DONE,
        "Illustrative: list sent by email.",
    ),
]


def seed(*, stdout, today):
    gaps = 0
    for feedback in PartyFeedback.objects.select_related("centre", "party", "cycle"):
        gap = gap_from_feedback(feedback=feedback, created_by=None)
        if gap is not None and not gap.illustrative:
            Gap.objects.filter(pk=gap.pk).update(illustrative=True)
            gaps += 1
    brazil = (
        Centre.objects.filter(serves_stockholm=True, host_country__code="BR").order_by("pk").first()
    )
    actions = 0
    gap = Gap.objects.filter(centre=brazil).order_by("pk").first() if brazil else None
    if gap is not None:
        for title, owner, days, state, evidence in BRAZIL_ACTIONS:
            if Action.objects.filter(gap=gap, title=title).exists():
                continue
            action = Action(
                gap=gap,
                title=title,
                owner=owner,
                due_date=today + dt.timedelta(days=days),
                state=state,
                evidence=evidence,
            )
            action_save(action=action, saved_by=None)
            actions += 1
    stdout.write(f"Action plans: {gaps} illustrative gaps and {actions} actions added.")
