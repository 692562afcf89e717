"""Two uploads of the same form at the same instant (a double click) make one version."""

import threading

import pytest
from django.db import connection

from submissions import services
from submissions.models import SubmissionFile, SubmissionVersion
from tests import factories
from tests.submissions import portal_files as files

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_double_submit_at_the_same_instant_records_one_version(centre_a, director_a):
    request = factories.RequestFactory(convention_centres="", paragraph="11(a)")
    request.centres.add(centre_a)
    obligation = request.obligations.get()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.version_upload(
                obligation=obligation, files=[files.pdf()], uploaded_by=director_a
            )
            outcomes.append("recorded")
        except services.IdenticalUpload:
            outcomes.append("identical")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes) == ["identical", "recorded"]
    assert SubmissionVersion.objects.count() == 1
    assert SubmissionFile.objects.count() == 1
