"""The real network of centres, decisions and requests, loaded from `facts.yaml`.

Every function is idempotent: it looks rows up by their natural keys before creating them.
"""

import datetime as dt
from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from centres.access import BUREAU_GROUP
from centres.accounts import totp_enrol
from centres.models import (
    Centre,
    Contact,
    Convention,
    Correspondence,
    Endorsement,
    Hosting,
    Institution,
    Party,
    Region,
)
from submissions.models import Decision, Request

FACTS = Path(__file__).with_name("facts.yaml")
DEMO_PASSWORD = "registry-demo"
# Staff sign in with two factors: the demo staff account's authenticator secret is fixed and
# published in the README, so that anyone trying the demo can add it to an authenticator app.
DEMO_TOTP_SECRET = "REGISTRYDEMO2FAKEYFORSTAFF234567"

PARTIES = {
    # code: (name, region)
    "DZ": ("Algeria", "AF"),
    "KE": ("Kenya", "AF"),
    "SN": ("Senegal", "AF"),
    "ZA": ("South Africa", "AF"),
    "EG": ("Egypt", "AF"),
    "NG": ("Nigeria", "AF"),
    "MU": ("Mauritius", "AF"),
    "CN": ("China", "AP"),
    "IN": ("India", "AP"),
    "ID": ("Indonesia", "AP"),
    "IR": ("Iran (Islamic Republic of)", "AP"),
    "KW": ("Kuwait", "AP"),
    "WS": ("Samoa", "AP"),
    "CZ": ("Czechia", "CEE"),
    "RU": ("Russian Federation", "CEE"),
    "SK": ("Slovakia", "CEE"),
    "RS": ("Serbia", "CEE"),
    "BR": ("Brazil", "GRULAC"),
    "MX": ("Mexico", "GRULAC"),
    "PA": ("Panama", "GRULAC"),
    "UY": ("Uruguay", "GRULAC"),
    "AR": ("Argentina", "GRULAC"),
    "SV": ("El Salvador", "GRULAC"),
    "TT": ("Trinidad and Tobago", "GRULAC"),
    "CO": ("Colombia", "GRULAC"),
    "CR": ("Costa Rica", "GRULAC"),
    "ES": ("Spain", "WEOG"),
}

ACRONYMS = {
    "DZ": "CNTPP",
    "KE": "icipe",
    "SN": "BCRC-SCRC Senegal",
    "ZA": "BCRC-SCRC South Africa",
    "CN": "BCRC-SCRC China",
    "IN": "NEERI",
    "ID": "BCRC-SCRC Indonesia",
    "IR": "BCRC-SCRC Iran",
    "KW": "KISR",
    "CZ": "RECETOX",
    "RU": "SCRC Russia",
    "BR": "CETESB",
    "MX": "INECC",
    "PA": "CIIMET",
    "UY": "BCCC-SCRC Uruguay",
    "ES": "SCP/RAC",
}
BASEL_ONLY_NAMES = {
    "AR": "Basel Convention Regional Centre for South America",
    "EG": "Basel Convention Regional Centre for the Arab States",
    "SV": "Basel Convention Regional Centre for Central America and Mexico",
    "NG": "Basel Convention Coordinating Centre for Africa",
    "RU": "Basel Convention Regional Centre for the Commonwealth of Independent States",
    "SK": "Basel Convention Regional Centre for Central Europe",
    "WS": "Basel Convention Regional Centre for the Pacific (SPREP)",
    "TT": "Basel Convention Regional Centre for the Caribbean",
}
REGION_OF_BASEL_ONLY = {
    "AR": "GRULAC",
    "EG": "AF",
    "SV": "GRULAC",
    "NG": "AF",
    "RU": "CEE",
    "SK": "CEE",
    "WS": "AP",
    "TT": "GRULAC",
}
LANGUAGE_OF = {
    "DZ": "fr",
    "SN": "fr",
    "ES": "es",
    "MX": "es",
    "PA": "es",
    "UY": "es",
    "AR": "es",
    "SV": "es",
}

# COP meetings that endorsed Stockholm centres: (COP number, last day, decision code if recorded).
SC_ENDORSING_COPS = {
    2009: (4, dt.date(2009, 5, 8), "SC-4/23"),
    2011: (5, dt.date(2011, 4, 29), "SC-5/21"),
    2015: (7, dt.date(2015, 5, 15), "SC-7/17"),
    2019: (9, dt.date(2019, 5, 10), ""),
}
# Basel centres work under framework agreements with their host governments (dates not in the
# facts): the demo treats them as active throughout, from the eleventh Basel COP on.
BASEL_FRAMEWORK = (11, dt.date(2013, 5, 10))


def load_facts():
    with FACTS.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def _month(value):
    """facts.yaml writes months as 2007-11 (a string) or 2007 (an int)."""
    if value is None:
        return None
    text = str(value)
    if len(text) == 4:
        return dt.date(int(text), 1, 1)
    year, month = text.split("-")[:2]
    return dt.date(int(year), int(month), 1)


def seed_regions_and_parties(facts):
    for region in facts["regions"]:
        Region.objects.update_or_create(code=region["code"], defaults={"name": region["name"]})
    regions = {r.code: r for r in Region.objects.all()}
    for code, (name, region) in PARTIES.items():
        Party.objects.get_or_create(code=code, defaults={"name": name, "region": regions[region]})
    Party.objects.get_or_create(
        code="EU", defaults={"name": "European Union", "kind": Party.Kind.REIO}
    )


def _institution(name, city, country):
    institution, _ = Institution.objects.get_or_create(
        name=name, country=country, defaults={"city": city}
    )
    return institution


def _endorse(centre, convention, year, hosting=None):
    cop, day, code = SC_ENDORSING_COPS[year]
    endorsement, created = Endorsement.objects.get_or_create(
        centre=centre,
        convention=convention,
        endorsed_on=day,
        defaults={"cop": cop, "decision_code": code, "hosting": hosting},
    )
    if not created and code and not endorsement.decision_code:  # seeded before it was known
        endorsement.decision_code = code
        endorsement.save()


def _endorse_basel(centre, hosting=None):
    cop, day = BASEL_FRAMEWORK
    Endorsement.objects.get_or_create(
        centre=centre,
        convention=Convention.BASEL,
        endorsed_on=day,
        defaults={"cop": cop, "open_ended": True, "hosting": hosting},
    )


def seed_centres(facts):
    parties = {p.code: p for p in Party.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    basel_by_country = {b["country"]: b for b in facts["basel_centres"]}

    for entry in facts["stockholm_centres"]:
        code = entry["country"]
        twin = basel_by_country.get(code) if entry.get("basel") else None
        centre, _ = Centre.objects.get_or_create(
            name=entry["name"],
            defaults={
                "acronym": ACRONYMS.get(code, ""),
                "serves_stockholm": True,
                "serves_basel": bool(entry.get("basel")),
                "region": regions[entry["region"]],
                "host_country": parties[code],
                "city": entry.get("city") or entry["hostings"][0]["city"],
                "area_served": twin["serves"] if twin else "",
                "nominated_on": _month(entry.get("nominated")),
            },
        )
        centre.countries_served.add(parties[code])
        if "hostings" in entry:  # the Russian Federation: two hosts over time
            _seed_russian_stockholm_hostings(centre, entry["hostings"], parties[code])
        else:
            institution = _institution(entry["host"], entry["city"], parties[code])
            hosting, _ = Hosting.objects.get_or_create(
                centre=centre,
                institution=institution,
                defaults={
                    "nominated_on": _month(entry.get("nominated")),
                    "started_on": SC_ENDORSING_COPS[entry["endorsed"][0]][1],
                },
            )
            for year in entry["endorsed"]:
                _endorse(centre, Convention.STOCKHOLM, year, hosting)
        if centre.serves_basel:
            _endorse_basel(centre, centre.hostings.order_by("started_on").last())
        _seed_contacts(centre, code)

    for code, name in BASEL_ONLY_NAMES.items():
        twin = basel_by_country[code]
        centre, _ = Centre.objects.get_or_create(
            name=name,
            defaults={
                "acronym": f"BCRC {PARTIES[code][0]}",
                "serves_basel": True,
                "region": regions[REGION_OF_BASEL_ONLY[code]],
                "host_country": parties[code],
                "city": twin["city"],
                "area_served": twin["serves"],
            },
        )
        centre.countries_served.add(parties[code])
        hosting = None
        for h in twin.get("hostings", []):
            hosting, _ = Hosting.objects.get_or_create(
                centre=centre,
                institution=_institution(h["host"], twin["city"], parties[code]),
                defaults={
                    "started_on": dt.date(h["from"], 1, 1),
                    "notes": "De facto host (no framework agreement recorded)."
                    if h.get("de_facto")
                    else "",
                },
            )
        _endorse_basel(centre, hosting)
        _seed_contacts(centre, code, basel_only=True)


def _seed_russian_stockholm_hostings(centre, hostings, country):
    first, second = hostings
    _stockholm_hosting(
        centre,
        first,
        country,
        started_on=SC_ENDORSING_COPS[2011][1],
        ended_on=SC_ENDORSING_COPS[2019][1] - dt.timedelta(days=1),
        notes=f"Nominated by the {first['nominated_by']} in {first['nominated']}. "
        + " ".join(first.get("note", "").split()),
    )
    _stockholm_hosting(centre, second, country, started_on=SC_ENDORSING_COPS[2019][1])


def _stockholm_hosting(centre, facts, country, **dates_and_notes):
    """Seed one hosting of `centre` from its `facts` and its Stockholm endorsements."""
    institution = _institution(facts["host"], facts["city"], country)
    hosting, _ = Hosting.objects.get_or_create(
        centre=centre,
        institution=institution,
        defaults={"nominated_on": _month(facts.get("nominated")), **dates_and_notes},
    )
    for year in facts["endorsed"]:
        _endorse(centre, Convention.STOCKHOLM, year, hosting)


def _slug(centre, code):
    return f"{'bc-' if not centre.serves_stockholm else ''}centre-{code.lower()}"


def _seed_contacts(centre, code, basel_only=False):
    domain = f"{_slug(centre, code)}.example.org"
    language = LANGUAGE_OF.get(code, "en")
    Contact.objects.get_or_create(
        centre=centre,
        role=Contact.Role.DIRECTOR,
        defaults={
            "name": f"Director, {centre.acronym or centre.name}",
            "email": f"director@{domain}",
            "preferred_language": language,
            "is_public": True,
        },
    )
    Contact.objects.get_or_create(
        centre=centre,
        email=f"focal.point@{domain}",
        defaults={
            "name": f"Focal point, {centre.acronym or centre.name}",
            "role": Contact.Role.FOCAL_POINT,
            "preferred_language": language,
        },
    )


def seed_decisions_and_requests(facts):
    for d in facts["decisions"]:
        code = d["code"]
        adopted = d.get("adopted")
        Decision.objects.get_or_create(
            code=code,
            defaults={
                "convention": d.get("convention") or code.split("-")[0],
                "cop": d["cop"],
                "adopted_on": adopted,
                "year": adopted.year if adopted else d["year"],
                "title": d["title"],
                "document_symbol": "UNEP/POPS/COP.8/16/Rev.1" if code == "SC-7/17" else "",
            },
        )
    decisions = {d.code: d for d in Decision.objects.all()}
    for r in facts["requests"]:
        addressed = r["addressed_to"]
        period = r.get("period") or [None, None]
        request, created = Request.objects.get_or_create(
            decision=decisions[r["decision"]],
            paragraph=r["paragraph"],
            defaults={
                "kind": r["kind"],
                "title": r.get("title", ""),
                "issued_on": r.get("letter_sent"),
                "period_start": period[0],
                "period_end": period[1],
                "due_date": r.get("due"),
                "for_cop": r.get("for_cop"),
                "convention_centres": Convention.BASEL
                if addressed == "bc_centres"
                else Convention.STOCKHOLM,
                "all_parties": addressed == "sc_centres_and_parties",
            },
        )


def seed_correspondence(facts):
    sc_russia = Centre.objects.get(serves_stockholm=True, host_country__code="RU")
    for c in facts["correspondence_russian_federation"]:
        from_secretariat = c["from"] == "Secretariat"
        Correspondence.objects.get_or_create(
            date=c["date"],
            subject=c["subject"],
            defaults={
                "kind": c["kind"],
                "sender": c["from"],
                "recipient": "Permanent Mission of the Russian Federation"
                if from_secretariat
                else "Secretariat",
                "centre": sc_russia,
            },
        )


def seed_accounts():
    """The demo accounts, all with the password `registry-demo`."""
    User = get_user_model()

    def user(username, **fields):
        account, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            account.set_password(DEMO_PASSWORD)
            account.save()
        return account

    secretariat = user(
        "secretariat",
        email="secretariat@example.org",
        is_staff=True,
        is_superuser=True,
        first_name="Secretariat",
        last_name="Staff",
    )
    secret, codes = totp_enrol(secretariat, secret=DEMO_TOTP_SECRET)
    bureau = user("bureau", email="bureau@example.org", first_name="Bureau", last_name="Member")
    bureau.groups.add(Group.objects.get_or_create(name=BUREAU_GROUP)[0])
    for code, username in (("BR", "director.br"), ("ES", "director.es")):
        centre = Centre.objects.get(serves_stockholm=True, host_country__code=code)
        director = centre.contacts.get(role=Contact.Role.DIRECTOR)
        account = user(
            username, email=director.email, first_name="Director", last_name=centre.acronym
        )
        if director.user_id != account.pk:
            director.user = account
            director.save()
    return codes


def seed(*, stdout):
    facts = load_facts()
    seed_regions_and_parties(facts)
    seed_centres(facts)
    seed_decisions_and_requests(facts)
    seed_correspondence(facts)
    codes = seed_accounts()
    if codes:
        stdout.write(
            f"secretariat: authenticator secret {DEMO_TOTP_SECRET}; one-time recovery codes: "
            f"{' '.join(codes)}"
        )
    stdout.write(
        f"Network: {Centre.objects.count()} centres, {Party.objects.count()} Parties, "
        f"{Decision.objects.count()} decisions, {Request.objects.count()} requests."
    )
