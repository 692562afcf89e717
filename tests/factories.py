"""Factories for every model; keep them minimal and valid."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from centres.models import (
    Centre,
    Contact,
    Convention,
    Correspondence,
    Endorsement,
    HostChange,
    Hosting,
    Institution,
    Party,
    PartyContact,
    Region,
)
from registry.models import BudgetLine, Contribution, Mandate, Meeting, MeetingKind
from submissions.models import (
    Action,
    ActionOwner,
    Decision,
    Extension,
    Gap,
    GapSource,
    Obligation,
    ReceivedThrough,
    Request,
    RequestKind,
    RequestMode,
)

BUREAU_GROUP = "Bureau members"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "password")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


class BureauMemberFactory(UserFactory):
    @factory.post_generation
    def bureau(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=BUREAU_GROUP)[0])


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.LazyAttribute(lambda r: f"Region {r.code}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}")
    name = factory.LazyAttribute(lambda p: f"Country {p.code}")
    region = factory.SubFactory(RegionFactory)


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institute {n}")
    city = "Capital"
    country = factory.SubFactory(PartyFactory)


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre

    name = factory.Sequence(lambda n: f"Regional Centre {n}")
    acronym = factory.Sequence(lambda n: f"RC{n}")
    serves_stockholm = True
    region = factory.SubFactory(RegionFactory)
    host_country = factory.SubFactory(PartyFactory)


class HostingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hosting

    centre = factory.SubFactory(CentreFactory)
    institution = factory.SubFactory(InstitutionFactory)
    started_on = dt.date(2009, 1, 1)


class EndorsementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Endorsement

    centre = factory.SubFactory(CentreFactory)
    convention = Convention.STOCKHOLM
    decision_code = "SC-7/17"
    cop = 7
    endorsed_on = dt.date(2015, 5, 15)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Person {n}")
    role = Contact.Role.FOCAL_POINT
    email = factory.Sequence(lambda n: f"person{n}@centre.example.org")


class CorrespondenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correspondence

    date = dt.date(2015, 6, 9)
    kind = Correspondence.Kind.LETTER
    sender = "Secretariat"
    recipient = "Permanent Mission"
    subject = "About a centre"


class HostChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostChange

    centre = factory.SubFactory(CentreFactory)
    institution = factory.SubFactory(
        InstitutionFactory, country=factory.SelfAttribute("..centre.host_country")
    )
    proposed_by = "Ministry of the Environment"
    proposed_on = dt.date(2015, 6, 9)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision
        django_get_or_create = ("code",)

    code = "SC-7/17"
    convention = Convention.STOCKHOLM
    cop = 7
    adopted_on = dt.date(2015, 5, 15)
    year = 2015
    title = "Regional centres"


class RequestFactory(factory.django.DjangoModelFactory):
    """A workplan request addressed to the Stockholm centres active on its due date."""

    class Meta:
        model = Request

    decision = factory.SubFactory(DecisionFactory)
    paragraph = factory.Sequence(lambda n: f"{n + 1}(a)")
    kind = RequestKind.WORKPLAN
    period_start = dt.date(2016, 1, 1)
    period_end = dt.date(2019, 12, 31)
    due_date = dt.date(2015, 9, 30)
    convention_centres = Convention.STOCKHOLM


class ViewsLetterFactory(RequestFactory):
    """A letter of 20 April 2016 asking for views by 30 June 2016, addressed to no centre."""

    decision = None
    kind = RequestKind.VIEWS
    issued_on = dt.date(2016, 4, 20)
    period_start = None
    period_end = None
    due_date = dt.date(2016, 6, 30)
    convention_centres = ""


class InvitationFactory(ViewsLetterFactory):
    """The letter of 20 April 2016 inviting the Stockholm centres' views: no due date."""

    mode = RequestMode.INVITATION
    due_date = None
    convention_centres = Convention.STOCKHOLM


class OpenRequestFactory(RequestFactory):
    """A request for information with no period and no due date, to the Stockholm centres."""

    kind = RequestKind.INFORMATION
    period_start = None
    period_end = None
    due_date = None


class MercuryInformationFactory(OpenRequestFactory):
    """Paragraph 17's request for information on mercury-related activities (22 December 2015)."""

    paragraph = "17"
    issued_on = dt.date(2015, 12, 22)
    title = "Mercury-related activities"


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    request = factory.SubFactory(RequestFactory, convention_centres="")
    centre = factory.SubFactory(CentreFactory)


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    obligation = factory.SubFactory(ObligationFactory)
    new_due_date = dt.date(2015, 10, 31)
    reason = "Translation delays"
    status = Extension.Status.GRANTED
    decided_at = factory.LazyFunction(lambda: dt.datetime(2015, 9, 20, 10, tzinfo=dt.UTC))


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    decision = factory.SubFactory(DecisionFactory)
    paragraph = factory.Sequence(lambda n: f"{n + 12}(a)")
    task = "Report on the activities of the centres"
    reports_to_cop = 8


class MeetingFactory(factory.django.DjangoModelFactory):
    """One online meeting of the Secretariat with the centres, in March 2016."""

    class Meta:
        model = Meeting

    kind = MeetingKind.ONLINE_MEETING
    title = factory.Sequence(lambda n: f"Online meeting {n}")
    starts_on = dt.date(2016, 3, 1)
    ends_on = factory.LazyAttribute(lambda m: m.starts_on)
    online = True


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    donor_name = "Norway"
    period_start = dt.date(2015, 1, 1)
    period_end = dt.date(2016, 12, 31)


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    obligation = factory.SubFactory(ObligationFactory)
    description = "Regional training workshop"
    amount = 10000
    currency = "USD"


class GapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gap

    centre = factory.SubFactory(CentreFactory)
    title = factory.Sequence(lambda n: f"Gap {n}")
    source = GapSource.PARTY_FEEDBACK
    resources_missing = "A project officer"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    gap = factory.SubFactory(GapFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    owner = ActionOwner.CENTRE
    due_date = dt.date(2016, 6, 30)


class PartyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyContact

    party = factory.SubFactory(PartyFactory)
    convention = Convention.STOCKHOLM
    role = PartyContact.Role.OFFICIAL_CONTACT_POINT
    name = factory.Sequence(lambda n: f"Contact point {n}")
    email = factory.Sequence(lambda n: f"contact{n}@party.example.org")


def version_received(
    obligation,
    *,
    files=None,
    received_at=None,
    received_through=ReceivedThrough.EMAIL,
    recorded_by=None,
    note="",
):
    """Record a version of `obligation` through its door's service: `version_upload` for the
    portal (received at `received_at`, else now), else `version_record`. One real PDF by default."""
    from submissions import services
    from tests.submissions.portal_files import pdf

    files = [pdf()] if files is None else files
    if received_through == ReceivedThrough.PORTAL:
        return services.version_upload(
            obligation=obligation, files=files, uploaded_by=recorded_by, now=received_at
        )
    return services.version_record(
        obligation=obligation,
        files=files,
        received_at=received_at or timezone.now(),
        received_through=received_through,
        recorded_by=recorded_by,
        note=note,
    )
