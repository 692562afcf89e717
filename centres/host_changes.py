"""Writes on host-change cases: the one path from a proposal to a hosting.

A case moves proposed -> under review -> established or withdrawn (a proposal may also be
established or withdrawn without a review). It becomes established only here, by
`host_change_establish`, which records the new hosting (and ends the one in office) in the same
transaction; history is kept on every row it writes.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .models import HostChange, HostChangeCorrespondence, HostChangeState, Hosting

HOST_CHANGE_CLOSED = _("This host change is closed (established or withdrawn): it cannot change.")
HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE = _(
    "A host change becomes established only by recording the new hosting's start date."
)
HOST_CHANGE_START_BEFORE_PROPOSAL = _(
    "The new hosting cannot start before the host change was proposed."
)
HOST_CHANGE_START_BEFORE_CURRENT = _(
    "The new hosting cannot start before the hosting in office started."
)


def _refuse_if_closed(case):
    if not case.is_open:
        raise ValidationError(HOST_CHANGE_CLOSED)


@transaction.atomic
def host_change_set_state(*, case, state):
    """Move `case` to under review or withdrawn; "established" goes through
    `host_change_establish`."""
    case = HostChange.objects.select_for_update().get(pk=case.pk)
    _refuse_if_closed(case)
    if state == HostChangeState.ESTABLISHED:
        raise ValidationError(HOST_CHANGE_ESTABLISH_ONLY_BY_SERVICE)
    case.state = state
    case.save(update_fields=["state"])
    return case


@transaction.atomic
def host_change_establish(
    *, case, started_on: dt.date, nominated_on: dt.date | None = None, notes: str = ""
):
    """Record the proposed host as the centre's host from `started_on` and close `case` as
    established; the hosting in office (if any, and open) ends the day before. Return the new
    hosting.
    """
    case = HostChange.objects.select_for_update().select_related("centre").get(pk=case.pk)
    _refuse_if_closed(case)
    if started_on < case.proposed_on:
        raise ValidationError({"started_on": HOST_CHANGE_START_BEFORE_PROPOSAL})
    in_office = (
        Hosting.objects.select_for_update()
        .filter(centre=case.centre, ended_on__isnull=True)
        .exclude(institution=case.institution)
        .order_by("started_on")
    )
    for hosting in in_office:
        if hosting.started_on and hosting.started_on >= started_on:
            raise ValidationError({"started_on": HOST_CHANGE_START_BEFORE_CURRENT})
        hosting.ended_on = started_on - dt.timedelta(days=1)
        hosting.save(update_fields=["ended_on"])
    hosting = Hosting.objects.create(
        centre=case.centre,
        institution=case.institution,
        nominated_on=nominated_on,
        started_on=started_on,
        notes=notes,
    )
    case.hosting = hosting
    case.state = HostChangeState.ESTABLISHED
    case.save(update_fields=["hosting", "state"])
    return hosting


def host_change_file(*, case, correspondence):
    """File `correspondence` on `case` (idempotent).

    A letter may bear on more than one centre (a host change at a Basel centre raises questions
    about the Stockholm centre of the same country), so its own `centre` need not be the case's.
    """
    link, _created = HostChangeCorrespondence.objects.get_or_create(
        case=case, correspondence=correspondence
    )
    return link
