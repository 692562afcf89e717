"""Who may see what: the one place that scopes centres to a user."""

from .models import Centre

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
