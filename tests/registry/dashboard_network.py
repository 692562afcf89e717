"""Builders of small networks of centres for the dashboard, report, export and directory tests."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from centres.models import Party
from submissions.models import Obligation, RequestKind, SubmissionVersion
from tests import factories
from tests.submissions import portal_files as files


def at(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=dt.UTC)


def sc_centres(count, *, region=None, prefix="Centre", endorsed_on=dt.date(2015, 5, 15)):
    """Create `count` Stockholm centres endorsed on `endorsed_on` (a four-year term)."""
    centres = []
    for i in range(count):
        kwargs = {"name": f"{prefix} {i + 1:04d}"}
        if region is not None:
            kwargs["region"] = region
        centre = factories.CentreFactory(**kwargs)
        factories.EndorsementFactory(centre=centre, endorsed_on=endorsed_on)
        centres.append(centre)
    return centres


def sc_request(paragraph, kind, period, due_date, /, **kwargs):
    """A request of decision SC-7/17 to the Stockholm centres; `kwargs` override any value."""
    values = {
        "decision": factories.DecisionFactory(),
        "paragraph": paragraph,
        "kind": kind,
        "period_start": period[0],
        "period_end": period[1],
        "due_date": due_date,
    }
    return factories.RequestFactory(**(values | kwargs))


def workplan_request(**kwargs):
    """SC-7/17 11(a): workplans 2016-2019, due 30 September 2015, for the Stockholm centres."""
    period = (dt.date(2016, 1, 1), dt.date(2019, 12, 31))
    values = {"for_cop": 8} | kwargs
    return sc_request("11(a)", RequestKind.WORKPLAN, period, dt.date(2015, 9, 30), **values)


def next_workplan_request(**kwargs):
    """SC-8/16 2(a): workplans 2020-2023, due 30 September 2019, for COP-9."""
    period = (dt.date(2020, 1, 1), dt.date(2023, 12, 31))
    values = {"decision": sc_8_16(), "for_cop": 9} | kwargs
    return sc_request("2(a)", RequestKind.WORKPLAN, period, dt.date(2019, 9, 30), **values)


def activity_report_request(**kwargs):
    """SC-7/17 11(b): activity reports 2015-2016, due 31 December 2016."""
    period = (dt.date(2015, 1, 1), dt.date(2016, 12, 31))
    values = {"for_cop": 8} | kwargs
    return sc_request("11(b)", RequestKind.ACTIVITY_REPORT, period, dt.date(2016, 12, 31), **values)


def views_request(**kwargs):
    """SC-7/17 12(b): views asked by the letter of 20 April 2016, due 30 June 2016."""
    values = {"issued_on": dt.date(2016, 4, 20)} | kwargs
    return sc_request("12(b)", RequestKind.VIEWS, (None, None), dt.date(2016, 6, 30), **values)


def submit(
    obligation, received_at, *, accepted=False, name="document.pdf", content=files.PDF_BYTES
):
    """Record a version of `obligation` received at `received_at` (accepted when asked)."""
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    version = factories.version_received(obligation, files=[upload], received_at=received_at)
    if accepted:
        SubmissionVersion.objects.filter(pk=version.pk).update(
            review_status="accepted", reviewed_at=received_at
        )
        version.refresh_from_db()
    return version


def party(code, name, *, kind=Party.Kind.STATE):
    return factories.PartyFactory(code=code, name=name, kind=kind)


def hosted_by(centre, former, current, *, since):
    """Hostings of `centre`: by `former` from 1 January 2009 to the day before `since`, then by
    `current`."""
    factories.HostingFactory(
        centre=centre,
        institution__name=former,
        started_on=dt.date(2009, 1, 1),
        ended_on=since - dt.timedelta(days=1),
    )
    factories.HostingFactory(centre=centre, institution__name=current, started_on=since)


def sc_8_16():
    """Decision SC-8/16, adopted at COP-8 on 5 May 2017."""
    return factories.DecisionFactory(
        code="SC-8/16", cop=8, adopted_on=dt.date(2017, 5, 5), year=2017
    )


def centres_in_brazil_spain_kenya():
    """Three endorsed centres, hosted in Brazil, Spain and Kenya (the one that stays silent)."""
    centres = [
        factories.CentreFactory(host_country=party(code, name), name=f"Centre in {name}")
        for code, name in (("BR", "Brazil"), ("ES", "Spain"), ("KE", "Kenya"))
    ]
    for centre in centres:
        factories.EndorsementFactory(centre=centre)
    return centres


def workplans_on_time_late_extended_silent():
    """Return the workplan request owed by four centres: on time, late, extended, silent.

    As at the due date (30 September 2015) one is in, one is extended to 31 October and two are
    missing; the late one arrives on 15 October.
    """
    on_time, late, extended, silent = sc_centres(4)
    request = workplan_request()
    obligations = {
        c: Obligation.objects.get(request=request, centre=c)
        for c in (on_time, late, extended, silent)
    }
    submit(obligations[on_time], at(2015, 9, 1))
    submit(obligations[late], at(2015, 10, 15))
    factories.ExtensionFactory(
        obligation=obligations[extended],
        new_due_date=dt.date(2015, 10, 31),
        decided_at=at(2015, 9, 20),
    )
    return request
