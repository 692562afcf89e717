"""Shared builder of the deadlines-engine tests: a centre owing one workplan."""

import datetime as dt

from tests import factories

DUE = dt.date(2015, 9, 30)


def owing_centre(*, due_date=DUE, languages=("en",), name=None, kind="workplan", region=None):
    """Return an obligation of a new centre, with one contact per language in `languages`."""
    extra = {"name": name} if name else {}
    if region is not None:
        extra["region"] = region
    centre = factories.CentreFactory(**extra)
    for i, language in enumerate(languages):
        factories.ContactFactory(
            centre=centre,
            preferred_language=language,
            role="director" if i == 0 else "focal_point",
            email=f"{language}{i}.{centre.pk}@centre.example.org",
        )
    request = factories.RequestFactory(convention_centres="", due_date=due_date, kind=kind)
    return factories.ObligationFactory(request=request, centre=centre)
