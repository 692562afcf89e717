"""The Russian Federation's Basel centre: VNII Ekologia proposed as host, a case still pending.

From `facts.yaml` (`basel_centres`, RU, `proposed_host`, and `correspondence_russian_federation`):
ANO-CIP stays the centre's (de facto) host; the proposal of 9 June 2015 is recorded as a case with
the correspondence filed on it, never as a hosting. Earlier demo data recorded VNII Ekologia as
host from 2015: `correct_earlier_seed` removes that hosting (idempotent).
"""

from centres.host_changes import host_change_file
from centres.models import (
    Centre,
    Correspondence,
    Endorsement,
    HostChange,
    HostChangeState,
    Hosting,
    Institution,
    Party,
)

from .network import load_facts

# The two letters about VNII Ekologia itself concern the Basel centre; the others stay filed on
# the Stockholm centre, whose future they ask about.
BASEL_CENTRE_SUBJECTS = ("VNII Ekologia assigned", "Feasibility study on VNII Ekologia")


def _basel_russia():
    return Centre.objects.get(serves_basel=True, serves_stockholm=False, host_country__code="RU")


def correct_earlier_seed(centre):
    """Remove a VNII Ekologia hosting that older demo data recorded, and reopen ANO-CIP's."""
    wrong = Hosting.objects.filter(centre=centre, institution__name="VNII Ekologia")
    if not wrong.exists():
        return
    ano_cip = Hosting.objects.filter(
        centre=centre, institution__name__startswith="ANO Centre"
    ).first()
    Endorsement.objects.filter(centre=centre, hosting__in=wrong).update(hosting=ano_cip)
    wrong.delete()
    if ano_cip and ano_cip.ended_on:
        ano_cip.ended_on = None
        ano_cip.notes = "De facto host (no framework agreement recorded)."
        ano_cip.save()


def seed(*, stdout):
    facts = load_facts()
    entry = next(b for b in facts["basel_centres"] if b["country"] == "RU")
    proposal = entry["proposed_host"]
    centre = _basel_russia()
    correct_earlier_seed(centre)
    institution, _ = Institution.objects.get_or_create(
        name=proposal["host"],
        country=Party.objects.get(code="RU"),
        defaults={"city": entry["city"]},
    )
    case, created = HostChange.objects.get_or_create(
        centre=centre,
        institution=institution,
        defaults={
            "proposed_by": proposal["by"],
            "proposed_on": proposal["proposed_on"],
            "state": HostChangeState.PROPOSED,
            "notes": "As at 15 November 2016: "
            + " ".join(proposal["state"].split())
            + f". Feasibility study: {proposal['feasibility_study']:%d %B %Y}.",
        },
    )
    for letter in facts["correspondence_russian_federation"]:
        correspondence = Correspondence.objects.filter(
            date=letter["date"], subject=letter["subject"]
        ).first()
        if correspondence is None:
            continue
        if letter["subject"].startswith(BASEL_CENTRE_SUBJECTS) and correspondence.centre_id != (
            centre.pk
        ):
            correspondence.centre = centre
            correspondence.save()
        host_change_file(case=case, correspondence=correspondence)
    if created:
        last = case.last_received_on()
        stdout.write(
            f"Host changes: {institution.name} proposed for {centre.acronym or centre.name} "
            f"on {case.proposed_on:%d %B %Y}, pending; last communication received on "
            f"{last:%d %B %Y}."
            if last
            else "."
        )
