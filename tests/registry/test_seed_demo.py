"""The demo data: the real network, and every figure the Secretariat published."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from centres.access import centres_for_user, is_bureau_member
from centres.models import Centre, CentreStatus, Hosting
from submissions.models import Action, Gap, Obligation, SubmissionVersion
from submissions.selectors import compliance_summary, parse_as_at


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def row(as_at, label):
    rows = compliance_summary(parse_as_at(as_at))
    return next(r for r in rows if f"{r['decision']} {r['paragraph']}" == label)


def test_it_loads_the_sixteen_stockholm_centres_and_the_basel_centres(demo):
    assert Centre.objects.filter(serves_stockholm=True).count() == 16
    assert Centre.objects.filter(serves_basel=True).count() == 14
    # A centre serving both conventions is one centre.
    assert Centre.objects.filter(serves_basel=True, serves_stockholm=True).count() == 6
    assert Centre.objects.count() == 24


def test_it_keeps_the_russian_federations_hosting_history(demo):
    sc = Centre.objects.get(serves_stockholm=True, host_country__code="RU")
    hosts = [h.institution.name for h in sc.hostings.order_by("started_on")]
    assert hosts == [
        "ANO Centre for International Projects",
        "Novosibirsk Institute of Organic Chemistry (NIOCH SB RAS)",
    ]
    bc = Centre.objects.get(serves_basel=True, serves_stockholm=False, host_country__code="RU")
    # VNII Ekologia was proposed in 2015, never established: ANO-CIP remains the host.
    assert [h.institution.name for h in bc.hostings.order_by("started_on")] == [
        "ANO Centre for International Projects",
    ]
    # The same institution hosted both Russian centres.
    anocip = "ANO Centre for International Projects"
    assert Hosting.objects.filter(institution__name=anocip).count() == 2
    assert sc.correspondence.count() + bc.correspondence.count() == 4


def test_every_stockholm_centre_was_endorsed_in_2016(demo):
    as_at = parse_as_at("2016-12-31")
    for centre in Centre.objects.filter(serves_stockholm=True).prefetch_related("endorsements"):
        assert centre.status_at(as_at) == CentreStatus.ENDORSED, centre


def test_fifteen_of_sixteen_workplans_as_at_31_december_2016(demo):
    r = row("2016-12-31", "SC-7/17 11(a)")
    assert (r["expected"], r["submitted"], r["missing"]) == (16, 15, 1)
    missing = [o for o in Obligation.objects.filter(request=r["request"], submission__isnull=True)]
    assert [o.centre.host_country.code for o in missing] == ["RU"]


def test_eleven_activity_reports_as_at_23_january_2017(demo):
    r = row("2017-01-23", "SC-7/17 11(b)")
    assert (r["expected"], r["submitted"]) == (16, 11)
    # The report received the next morning does not count yet.
    assert row("2017-01-24", "SC-7/17 11(b)")["submitted"] == 12


def test_views_from_four_governments_the_eu_and_two_centres_as_at_13_july_2016(demo):
    r = row("2016-07-13", "SC-7/17 12(b)")
    assert r["submitted"] == 7
    versions = SubmissionVersion.objects.filter(
        submission__obligation__request=r["request"],
        received_at__lte=parse_as_at("2016-07-13"),
    ).select_related("submission__obligation__party", "submission__obligation__centre")
    senders = {v.submission.obligation.addressee for v in versions}
    assert {p.name for p in senders if hasattr(p, "kind")} == {
        "Colombia",
        "Costa Rica",
        "Mauritius",
        "Serbia",
        "European Union",
    }
    assert {c.host_country.code for c in senders if hasattr(c, "serves_stockholm")} == {"BR", "ES"}


def test_ten_centres_provided_mercury_information(demo):
    r = row("2017-01-23", "SC-7/17 17")
    assert r["submitted"] == 10
    assert r["due_date"] is None


def test_a_workplan_received_at_2330_geneva_on_the_due_date_is_on_time(demo):
    uruguay = Obligation.objects.get(request__paragraph="11(a)", centre__host_country__code="UY")
    assert uruguay.status_at(parse_as_at("2016-12-31")) == "on_time"
    kuwait = Obligation.objects.get(request__paragraph="11(a)", centre__host_country__code="KW")
    assert kuwait.status_at(parse_as_at("2016-12-31")) == "late"


def test_seeding_twice_changes_nothing(demo):
    models = (Centre, Obligation, SubmissionVersion, Gap, Action)
    counts = [m.objects.count() for m in models]
    call_command("seed_demo", stdout=io.StringIO())
    assert [m.objects.count() for m in models] == counts


def test_the_action_plans_are_illustrative_and_show_open_late_and_done(demo):
    from django.utils import timezone

    assert Gap.objects.exists() and not Gap.objects.filter(illustrative=False).exists()
    assert all("(illustrative)" in a.title for a in Action.objects.all())
    statuses = {a.status_at(timezone.now()) for a in Action.objects.all()}
    assert statuses == {"open", "late", "done"}


def test_it_creates_the_demo_accounts_with_their_roles(demo):
    User = get_user_model()
    secretariat = User.objects.get(username="secretariat")
    assert secretariat.is_staff and secretariat.check_password("registry-demo")
    assert is_bureau_member(User.objects.get(username="bureau"))
    for username, country in (("director.br", "BR"), ("director.es", "ES")):
        user = User.objects.get(username=username)
        assert user.check_password("registry-demo")
        assert [c.host_country.code for c in centres_for_user(user)] == [country]


def test_the_demo_staff_account_has_the_documented_authenticator(demo):
    from allauth.mfa.models import Authenticator

    from centres.accounts import has_totp
    from registry.demo.network import DEMO_TOTP_SECRET

    secretariat = get_user_model().objects.get(username="secretariat")
    assert has_totp(secretariat)
    assert Authenticator.objects.filter(user=secretariat, type="recovery_codes").exists()
    readme = (__import__("pathlib").Path(__file__).parents[2] / "README.md").read_text()
    assert DEMO_TOTP_SECRET in readme
