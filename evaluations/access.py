"""Who may read an evaluation: one rule for every page and export that shows scores.

The pure functions `may_read_cycle` and `may_read_evaluation` are the specification; each
queryset's `visible_to` is their SQL twin, and `tests/evaluations/test_read_rule.py` holds them
equal on every combination of reader and cycle state. Closing a cycle publishes nothing: until
staff publish it, only staff (and the centre, for a draft opened for its comments) read scores.
"""

from django.db import models
from django.db.models import Q

from centres.access import centres_for_user, is_bureau_member

# `CycleStatus.PUBLISHED`; spelled here because models.py imports this module for its managers.
PUBLISHED = "published"


def may_read_cycle(*, status, is_staff, is_bureau):
    """Return whether a reader may see a cycle's whole table (every centre's scores).

    Staff always; Bureau members once the cycle is published; nobody else, since a centre reads
    only its own evaluation (`may_read_evaluation`).
    """
    return is_staff or (is_bureau and status == PUBLISHED)


def may_read_evaluation(*, status, open_for_comments, is_staff, is_bureau, is_contact):
    """Return whether a reader may see one centre's evaluation and its scores.

    Staff always; Bureau members once its cycle is published; the centre's own contacts (its
    director) once the cycle is published, or earlier when staff opened the draft for the
    centre's comments.
    """
    published = status == PUBLISHED
    return (
        is_staff or (is_bureau and published) or (is_contact and (published or open_for_comments))
    )


def reader(user):
    """Return (is_staff, is_bureau) of `user`; anonymous and inactive users are neither."""
    if not user.is_authenticated or not user.is_active:
        return False, False
    return user.is_staff, is_bureau_member(user)


def can_read_cycle(user, cycle):
    is_staff, is_bureau = reader(user)
    return may_read_cycle(status=cycle.status, is_staff=is_staff, is_bureau=is_bureau)


def can_read_evaluation(user, evaluation):
    is_staff, is_bureau = reader(user)
    is_contact = (
        not is_staff
        and user.is_authenticated
        and user.is_active
        and centres_for_user(user).filter(pk=evaluation.centre_id).exists()
    )
    return may_read_evaluation(
        status=evaluation.cycle.status,
        open_for_comments=evaluation.open_for_comments,
        is_staff=is_staff,
        is_bureau=is_bureau,
        is_contact=is_contact,
    )


class EvaluationCycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cycles whose whole table `user` may read (the SQL twin of `may_read_cycle`)."""
        is_staff, is_bureau = reader(user)
        if is_staff:
            return self
        if is_bureau:
            return self.filter(status=PUBLISHED)
        return self.none()


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Evaluations `user` may read (the SQL twin of `may_read_evaluation`)."""
        is_staff, is_bureau = reader(user)
        if is_staff:
            return self
        if not (user.is_authenticated and user.is_active):
            return self.none()
        published = Q(cycle__status=PUBLISHED)
        own = Q(centre__in=centres_for_user(user)) & (published | Q(open_for_comments=True))
        return self.filter((published | own) if is_bureau else own)
