"""Posts to the staff page that records a version received by email or on paper."""

from django.urls import reverse


def record_on_staff_page(staff_client, obligation, received_at, file, *, through="email", **extra):
    """Post one file to the staff page that records a version received at `received_at`, as
    `staff_client` (a client signed in as staff)."""
    return staff_client.post(
        reverse("portal:version_record", args=[obligation.pk]),
        {"received_through": through, "received_at": received_at, "files": [file], **extra},
    )
