"""Writes of budget lines: one service per action, called by the portal and the admin alike.

Who made each change is recorded by the history (simple_history's request middleware).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from submissions.models import RequestKind

from ..models import BudgetLine

NOT_A_WORKPLAN = _("Budget lines belong to a centre's workplan.")
NOT_FUNDING_THIS_CENTRE = _("This contribution funds other centres, not this one.")
BAD_CURRENCY = _("Give the currency as its three-letter ISO 4217 code, e.g. USD.")


def budget_line_check(*, obligation, currency, funded_by):
    """Return `currency` normalised; raise ValidationError when the line cannot be stored."""
    if obligation.centre_id is None or obligation.request.kind != RequestKind.WORKPLAN:
        raise ValidationError(NOT_A_WORKPLAN, code="not_a_workplan")
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isascii() or not currency.isalpha():
        raise ValidationError({"currency": BAD_CURRENCY}, code="bad_currency")
    if funded_by is not None and not _may_fund(funded_by, obligation.centre_id):
        raise ValidationError({"funded_by": NOT_FUNDING_THIS_CENTRE}, code="not_funding")
    return currency


def _may_fund(contribution, centre_id):
    """A contribution funds the centres it lists, or any centre when it lists none."""
    listed = set(contribution.centres.values_list("pk", flat=True))
    return not listed or centre_id in listed


@transaction.atomic
def budget_line_create(*, obligation, description, amount, currency, funded_by, entered_by):
    """Add a line to the budget of workplan `obligation`; return it."""
    currency = budget_line_check(obligation=obligation, currency=currency, funded_by=funded_by)
    line = BudgetLine(
        obligation=obligation,
        description=description,
        amount=amount,
        currency=currency,
        funded_by=funded_by,
        entered_by=entered_by,
    )
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_update(*, line, description, amount, currency, funded_by):
    """Change `line`'s description, amount, currency or funding; return it."""
    currency = budget_line_check(obligation=line.obligation, currency=currency, funded_by=funded_by)
    line.description = description
    line.amount = amount
    line.currency = currency
    line.funded_by = funded_by
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def budget_line_delete(*, line):
    """Remove `line` (its history keeps it, with who removed it)."""
    line.delete()
