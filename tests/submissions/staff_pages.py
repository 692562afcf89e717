"""Posts to the staff page that records a version received by email or on paper."""

from django.urls import reverse


def record_on_staff_page(client, obligation, received_at, file, *, through="email", **extra):
    """Post one file to the staff page that records a version received at `received_at`."""
    return client.post(
        reverse("portal:version_record", args=[obligation.pk]),
        {"received_through": through, "received_at": received_at, "files": [file], **extra},
    )
