"""The admin as the tests reach it: its actions, posted from a change list."""

from django.urls import reverse


def admin_action(client, action, *objects, follow=False):
    """Post `action` on `objects` (of one model) from their change list, as its form does."""
    meta = objects[0]._meta
    return client.post(
        reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects]},
        follow=follow,
    )
