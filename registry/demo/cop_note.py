"""The demo's draft of the note to COP-8: each paragraph as at the date the Secretariat published.

The dates come from `published_figures` in facts.yaml; a figure published without a date (the
mercury replies) is drafted as at the latest published date, when every reply had come in.
"""

from django.db.models import Q

from registry.dashboard.selectors import request_cycle
from registry.models import CopNote
from submissions.models import Request, RequestKind

from .network import load_facts

# facts.yaml, secretariat_mandates: SC-7/17 para 17, the centres' mercury information forwarded
# to the interim secretariat of the Minamata Convention in this document.
MINAMATA_FORWARDING = "UNEP(DTIE)/Hg/INC.7/INF/9"

AS_AT_FIELD = {
    RequestKind.WORKPLAN: "workplans_as_at",
    RequestKind.ACTIVITY_REPORT: "reports_as_at",
    RequestKind.VIEWS: "views_as_at",
    RequestKind.INFORMATION: "mercury_as_at",
}


def _forwarding(facts):
    for mandate in facts.get("secretariat_mandates") or []:
        if str(mandate.get("paragraph")) == "17" and mandate.get("output"):
            return mandate["output"]
    return MINAMATA_FORWARDING


def seed(*, stdout):
    facts = load_facts()
    figures = facts.get("published_figures") or []
    dated = [f["as_at"] for f in figures if f.get("as_at")]
    if not dated:
        return
    latest = max(dated)
    notes: dict[tuple[str, int], dict] = {}
    for figure in figures:
        code, paragraph = figure["request"].split(" ", 1)
        request = (
            Request.objects.select_related("decision")
            .filter(Q(decision__code=code) & Q(paragraph=paragraph))
            .first()
        )
        if request is None or request_cycle(request) is None:
            continue
        dates = notes.setdefault(request_cycle(request), {"selection_as_at": latest})
        dates[AS_AT_FIELD[request.kind]] = figure.get("as_at") or latest
    for (convention, cop), dates in notes.items():
        _note, created = CopNote.objects.get_or_create(
            convention=convention,
            cop=cop,
            defaults=dates | {"mercury_forwarded_in": _forwarding(facts)},
        )
        if created:
            stdout.write(f"COP note: draft for {convention} COP-{cop}.")
