"""Two uploads of the same form at the same instant (a double click) make one version."""

import threading

import pytest

from submissions import services
from submissions.models import SubmissionFile, SubmissionVersion
from tests import factories
from tests.submissions import portal_files as files
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_double_submit_at_the_same_instant_records_one_version(centre_a, director_a):
    request = factories.RequestFactory(convention_centres="", paragraph="11(a)")
    request.centres.add(centre_a)
    obligation = request.obligations.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        barrier.wait()
        try:
            services.version_upload(
                obligation=obligation, files=[files.pdf()], uploaded_by=director_a
            )
            outcomes.append("recorded")
        except services.IdenticalUpload:
            outcomes.append("identical")

    assert run_together(submit, submit) == []
    assert sorted(outcomes) == ["identical", "recorded"]
    assert SubmissionVersion.objects.count() == 1
    assert SubmissionFile.objects.count() == 1
