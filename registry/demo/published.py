"""The workplans and activity reports the Secretariat published, accepted in the demo data.

The Secretariat published the centres' workplans and activity reports: in the registry, a
document is public once its version is accepted (`registry.directory.selectors`). Every version of
a workplan or an activity report that `registry.demo.received` recorded is marked accepted by the
demo Secretariat account, so that the public directory offers them. Which day each was accepted
is not in the facts: the demo says it was the day it came in, and the review comment says the
record is illustrative. This writes historical records, so no email goes to the centres (the
`version_review` service, which tells the centre, is for reviews made now). Idempotent.
"""

from django.contrib.auth import get_user_model

from registry.directory.selectors import PUBLIC_KINDS
from submissions.models import ReviewStatus, SubmissionVersion

REVIEW_FIELDS = ["review_status", "reviewed_by", "reviewed_at", "review_comments"]
ILLUSTRATIVE_REVIEW = "Illustrative: accepted as published by the Secretariat (demo data)."


def seed(*, stdout):
    reviewer = get_user_model().objects.get(username="secretariat")
    versions = SubmissionVersion.objects.filter(
        review_status=ReviewStatus.PENDING,
        note="Demonstration record",  # the note of every version registry.demo.received records
        submission__obligation__centre__isnull=False,
        submission__obligation__request__kind__in=PUBLIC_KINDS,
    ).order_by("pk")
    accepted = 0
    for version in versions:
        version.review_status = ReviewStatus.ACCEPTED
        version.reviewed_by = reviewer
        version.reviewed_at = version.received_at
        version.review_comments = ILLUSTRATIVE_REVIEW
        version.save(
            update_fields=["review_status", "reviewed_by", "reviewed_at", "review_comments"]
        )
        accepted += 1
    stdout.write(f"Published documents: {accepted} workplan and report versions accepted.")
