"""Who may see what: the one place that scopes centres, and Parties, to a user.

A centre's contact (a director, a focal point) acts for their centres; a Party's contact who
accepted an invitation acts for their Party: `obligations_scope` gives both at once, and every
page and the API read obligations through it.
"""

from django.db.models import Q

from .models import Centre, Party

BUREAU_GROUP = "Bureau members"


def is_bureau_member(user):
    return user.is_authenticated and user.groups.filter(name=BUREAU_GROUP).exists()


def can_read_dashboards(user):
    return user.is_authenticated and (user.is_staff or is_bureau_member(user))


def centres_for_user(user):
    """Return the centres `user` is a contact of (none for anonymous users)."""
    if not user.is_authenticated:
        return Centre.objects.none()
    return Centre.objects.filter(contacts__user=user).distinct()


def parties_for_user(user):
    """Return the Parties `user` is a contact of (none for anonymous users)."""
    if not user.is_authenticated:
        return Party.objects.none()
    return Party.objects.filter(contacts__user=user).distinct()


def obligations_scope(user):
    """A filter on obligations to those `user` acts on as a contact: their centres' and their
    Parties'. Staff and the Bureau get no more from it; what they may read is said where it
    applies."""
    return Q(centre__in=centres_for_user(user)) | Q(party__in=parties_for_user(user))


def is_addressee_contact(user, obligation):
    """True if `user` is a contact of `obligation`'s addressee (its centre or its Party)."""
    if obligation.centre_id:
        return centres_for_user(user).filter(pk=obligation.centre_id).exists()
    return parties_for_user(user).filter(pk=obligation.party_id).exists()
