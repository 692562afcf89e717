"""Builders of the admin tests: the instant they run at, uploads, admin URLs, and records."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Obligation, RequestKind
from tests import factories
from tests.submissions import portal_files as files

NOW = dt.datetime(2015, 10, 15, 10, tzinfo=dt.UTC)  # the workplans were due on 30 September

WORKPLAN = files.PDF_BYTES + b"% workplan 2016-2019\n"


def url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def upload(name="workplan.pdf", content=WORKPLAN):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def admin_records(staff, centre_a, centre_b):
    """Brazil submitted on time, Spain has an extension, Chile (a Party) owes information."""
    factories.EndorsementFactory(centre=centre_a)
    factories.EndorsementFactory(centre=centre_b)
    workplan = factories.RequestFactory(paragraph="5", title="Workplans 2016-2019")
    information = factories.RequestFactory(
        paragraph="9",
        title="Views on centres",
        kind=RequestKind.VIEWS,
        period_start=None,
        period_end=None,
        convention_centres="",
    )
    chile = factories.PartyFactory(code="CL", name="Chile")
    information.parties.add(chile)
    brazil = Obligation.objects.get(request=workplan, centre=centre_a)
    spain = Obligation.objects.get(request=workplan, centre=centre_b)
    factories.version_received(
        brazil,
        files=[upload()],
        received_through="email",
        recorded_by=staff,
        received_at=dt.datetime(2015, 9, 20, 9, tzinfo=dt.UTC),
    )
    factories.ExtensionFactory(obligation=spain, decided_by=staff)
    return {
        "workplan": workplan,
        "information": information,
        "brazil": brazil,
        "spain": spain,
        "chile": Obligation.objects.get(request=information, party=chile),
    }
