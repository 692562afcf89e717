"""A network for the Secretariat's lists: centres owing requests, with versions and extension
requests (shared by the review queue's and the obligations list's tests)."""

import datetime as dt

from centres.models import Convention
from submissions.models import Extension, Obligation, RequestKind
from tests import factories
from tests.registry import dashboard_network as net

START = dt.datetime(2015, 9, 1, 9, tzinfo=dt.UTC)


def basel_request(**kwargs):
    decision = factories.DecisionFactory(
        code="BC-13/4",
        convention=Convention.BASEL,
        cop=13,
        year=2017,
        adopted_on=dt.date(2017, 5, 5),
    )
    return factories.RequestFactory(decision=decision, convention_centres="", **kwargs)


def owed(request, centres):
    """The obligations of `centres` for `request` (created by the request's sync)."""
    request.centres.add(*centres)
    return list(Obligation.objects.filter(request=request, centre__in=centres).order_by("pk"))


def network(count, *, prefix):
    """`count` centres owing a Stockholm workplan; each sends a version, an hour apart, and
    asks for an extension of an activity report. Returns (centres, versions, extensions)."""
    centres = [factories.CentreFactory(name=f"{prefix} centre {i:03}") for i in range(count)]
    workplan = factories.RequestFactory(convention_centres="", paragraph=f"{prefix}(a)")
    report = factories.RequestFactory(
        convention_centres="", paragraph=f"{prefix}(b)", kind=RequestKind.ACTIVITY_REPORT
    )
    versions = [
        net.submit(obligation, START + dt.timedelta(hours=i))
        for i, obligation in enumerate(owed(workplan, centres))
    ]
    extensions = [
        factories.ExtensionFactory(
            obligation=obligation,
            status=Extension.Status.REQUESTED,
            requested_at=START + dt.timedelta(hours=i),
            decided_at=None,
        )
        for i, obligation in enumerate(owed(report, centres))
    ]
    return centres, versions, extensions
