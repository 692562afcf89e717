from centres.access import can_read_dashboards


def navigation(request):
    """Flags that decide which doors the navigation bar shows."""
    user = request.user
    return {
        "nav_dashboards": can_read_dashboards(user),
        "nav_portal": user.is_authenticated and user.contacts.exists(),
        "nav_admin": user.is_authenticated and user.is_staff,
    }
