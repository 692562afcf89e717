"""Demo data for evaluations, loaded by `seed_demo` once the centres exist (idempotent).

The grid is the known part of the SC-6/16 methodology (`facts.yaml`): criteria (a) and (b) with
their scales, criterion (c) by name only, its scale left for the Secretariat to complete. The
2015 cycle is published (so version 1 is locked); the 2019 cycle, still open, uses version 2,
where staff can complete criterion (c). Scores, activities and feedback are illustrative.
"""

import datetime as dt

from django.contrib.auth import get_user_model

from centres.models import Centre, Convention, Party
from submissions.models import Decision, SubmissionVersion

from . import services
from .models import (
    Activity,
    ActivityKind,
    Criterion,
    CriterionPart,
    CycleStatus,
    EvaluationCycle,
    Evidence,
    Level,
    Methodology,
    Outcome,
    PartyFeedback,
    SuggestFrom,
)

METHODOLOGY_NAME = "Methodology for evaluating the performance of the regional centres"
NOTE = "Illustrative demonstration data"

# (code, name, max, sources, [(part name, suggest_from, [(points, text, from, to)])])
GRID = [
    (
        "a",
        "Capacity to identify, document and implement project activities",
        4,
        "activity reports, workplans, feedback from Parties",
        [
            (
                "",
                "",
                [
                    (0, "no example", None, None),
                    (1, "at least one example in one of the three areas", None, None),
                    (2, "examples in two areas", None, None),
                    (4, "examples in all three areas", None, None),
                ],
            )
        ],
    ),
    (
        "b",
        "Concrete and/or measurable results in capacity-building",
        10,
        "activity reports",
        [
            (
                "capacity-building activities",
                SuggestFrom.ACTIVITIES,
                [
                    (0, "none", 0, 0),
                    (1, "1-5", 1, 5),
                    (2, "6-10", 6, 10),
                    (4, "11-15", 11, 15),
                    (8, "16 or more", 16, None),
                ],
            ),
            (
                "Parties benefited",
                SuggestFrom.PARTIES_BENEFITED,
                [(1, "up to 5", 1, 5), (2, "more than 5", 6, None)],
            ),
        ],
    ),
    ("c", "Cooperation, collaboration and synergies in assisting Parties", None, "", []),
]

CYCLES = [
    # year, COP, period covered, methodology version, final status
    (2015, 7, (dt.date(2011, 1, 1), dt.date(2014, 12, 31)), 1, CycleStatus.PUBLISHED),
    (2019, 9, (dt.date(2015, 1, 1), dt.date(2018, 12, 31)), 2, CycleStatus.OPEN),
]

# year -> host country -> ({criterion code: [points of each part]}, outcome, open for comments)
SCORES = {
    2015: {
        "BR": ({"a": [4], "b": [4, 2]}, Outcome.REENDORSE, False),
        "ES": ({"a": [2], "b": [2, 2]}, Outcome.REENDORSE, False),
        "CZ": ({"a": [4], "b": [8, 2]}, Outcome.REENDORSE, False),
        "KE": ({"a": [2], "b": [1, 1]}, Outcome.REENDORSE, False),
        "ZA": ({"a": [1], "b": [1, 1]}, Outcome.DEFER, False),
    },
    2019: {
        "BR": ({"a": [4], "b": [1, 2]}, "", False),
        "ES": ({"a": [4], "b": [1, 1]}, "", True),
        "CZ": ({"a": [2]}, "", False),
    },
}

# host country -> [(title, kind, start, end, mercury-related, countries benefited, partners)]
ACTIVITIES = {
    "BR": [
        (
            "Regional workshop on mercury in artisanal gold mining",
            ActivityKind.WORKSHOP,
            "2015-06-08",
            "2015-06-10",
            True,
            ["AR", "CO", "UY", "MX", "SV"],
            "UNEP Chemicals",
        ),
        (
            "Training on the inventory of PCBs in electrical equipment",
            ActivityKind.TRAINING,
            "2016-03-14",
            "2016-03-18",
            False,
            ["CO", "CR", "PA"],
            "CETESB",
        ),
        (
            "Mercury-added products: customs officers' course",
            ActivityKind.TRAINING,
            "2017-09-04",
            "2017-09-06",
            True,
            ["AR", "UY", "CR", "PA", "TT", "CO", "MX"],
            "",
        ),
        (
            "Awareness campaign on obsolete pesticides",
            ActivityKind.AWARENESS,
            "2018-11-05",
            None,
            False,
            ["BR"],
            "",
        ),
    ],
    "ES": [
        (
            "Mediterranean workshop on POPs in consumer products",
            ActivityKind.WORKSHOP,
            "2016-05-23",
            "2016-05-25",
            False,
            ["DZ", "EG"],
            "SCP/RAC",
        ),
        (
            "Project on mercury-free dental amalgam alternatives",
            ActivityKind.PROJECT,
            "2017-01-01",
            "2018-12-31",
            True,
            ["DZ", "EG"],
            "WHO",
        ),
    ],
    "CZ": [
        (
            "Summer school on POPs monitoring",
            ActivityKind.TRAINING,
            "2016-07-04",
            "2016-07-15",
            False,
            ["RS", "SK", "RU"],
            "RECETOX",
        ),
        (
            "Mercury monitoring in air: regional training",
            ActivityKind.TRAINING,
            "2018-06-11",
            "2018-06-13",
            True,
            ["RS", "SK"],
            "RECETOX",
        ),
    ],
}

FEEDBACK = {
    # (year, host country of the centre, Party code): topics
    (2019, "BR", "CO"): {
        "services_received": "Training on PCB inventories and on mercury in gold mining.",
        "challenges": "Few places in the courses for the number of officers to train.",
        "gaps": "Laboratory capacity for the analysis of new POPs.",
        "priorities": "Management of PCB-containing equipment before 2025.",
        "recommendations": "Offer the courses online as well.",
    },
    (2019, "ES", "EG"): {
        "services_received": "Participation in the Mediterranean workshop.",
        "recommendations": "Follow-up support to draft the national action plan.",
    },
}


def _centre(code):
    return (
        Centre.objects.filter(serves_stockholm=True, host_country__code=code).order_by("pk").first()
    )


def _methodology_v1(decision):
    methodology, created = Methodology.objects.get_or_create(
        name=METHODOLOGY_NAME,
        version=1,
        defaults={
            "decision": decision,
            "max_total": 33,
            "notes": "The known part of the grid; the rest is for the Secretariat to complete.",
        },
    )
    if not created or methodology.criteria.exists():
        return methodology
    for position, (code, name, maximum, sources, parts) in enumerate(GRID):
        criterion = Criterion.objects.create(
            methodology=methodology,
            code=code,
            name=name,
            max_points=maximum,
            sources=sources,
            position=position,
        )
        for part_position, (part_name, suggest, levels) in enumerate(parts):
            part = CriterionPart.objects.create(
                criterion=criterion,
                name=part_name,
                suggest_from=suggest,
                position=part_position,
            )
            Level.objects.bulk_create(
                [
                    Level(part=part, points=points, descriptor=text, count_from=low, count_to=high)
                    for points, text, low, high in levels
                ]
            )
    return methodology


def _methodology(v1, version):
    if version == 1:
        return v1
    found = Methodology.objects.filter(name=v1.name, version=version).first()
    return found or services.methodology_new_version(methodology=v1)


def _levels(methodology, points_by_code):
    parts = (
        CriterionPart.objects.filter(criterion__methodology=methodology)
        .select_related("criterion")
        .prefetch_related("levels")
        .order_by("criterion__position", "position")
    )
    chosen = {}
    for part in parts:
        wanted = points_by_code.get(part.criterion.code, [])
        index = [p.pk for p in parts if p.criterion_id == part.criterion_id].index(part.pk)
        if index < len(wanted):
            chosen[part] = next(lv for lv in part.levels.all() if lv.points == wanted[index])
    return chosen


def _seed_activities():
    made = 0
    parties = {p.code: p for p in Party.objects.all()}
    for code, rows in ACTIVITIES.items():
        centre = _centre(code)
        if centre is None:
            continue
        for title, kind, start, end, mercury, countries, partners in rows:
            activity, created = Activity.objects.get_or_create(
                centre=centre,
                title=title,
                defaults={
                    "kind": kind,
                    "start_date": dt.date.fromisoformat(start),
                    "end_date": dt.date.fromisoformat(end) if end else None,
                    "mercury_related": mercury,
                    "partners": partners,
                    "funding_source": "Illustrative",
                },
            )
            if created:
                activity.countries_benefited.set([parties[c] for c in countries if c in parties])
                made += 1
    return made


def _seed_cycle(year, cop, period, methodology, final_status):
    cycle, created = EvaluationCycle.objects.get_or_create(
        convention=Convention.STOCKHOLM,
        year=year,
        defaults={
            "methodology": methodology,
            "cop": cop,
            "period_start": period[0],
            "period_end": period[1],
        },
    )
    if not cycle.is_open:
        return cycle, 0
    scored = {code: _centre(code) for code in SCORES.get(year, {})}
    scope = list(services.centres_in_scope(cycle))
    scope += [c for c in scored.values() if c is not None and c not in scope]
    services.cycle_populate(cycle=cycle, centres=scope)
    count = 0
    evaluations = {e.centre_id: e for e in cycle.evaluations.all()}
    for code, (points, outcome, open_for_comments) in SCORES.get(year, {}).items():
        centre = scored[code]
        evaluation = evaluations.get(centre.pk) if centre else None
        if evaluation is None or evaluation.scores.exists():
            continue
        evidence = _evidence(cycle, evaluation)
        services.evaluation_score(
            evaluation=evaluation,
            levels=_levels(cycle.methodology, points),
            outcome=outcome,
            evaluator_comments=NOTE,
            open_for_comments=open_for_comments,
            evidence=evidence,
        )
        count += 1
    if final_status != CycleStatus.OPEN:
        services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
        if final_status == CycleStatus.PUBLISHED:
            # Criterion (c) has no scale: published with the incompleteness stated, as staff
            # acknowledged it.
            services.cycle_set_status(
                cycle=cycle,
                status=CycleStatus.PUBLISHED,
                acknowledge_incomplete=True,
                by=get_user_model().objects.filter(username="secretariat").first(),
            )
    return cycle, count


def _evidence(cycle, evaluation):
    """The centre's activity reports received from the period's start to the end of the cycle's
    year, as evidence for criteria (a) and (b)."""
    if Evidence.objects.filter(evaluation=evaluation).exists():
        return None
    versions = list(
        SubmissionVersion.objects.filter(
            submission__obligation__centre=evaluation.centre,
            submission__obligation__request__kind="activity_report",
            received_at__date__gte=cycle.period_start,
            received_at__date__lte=dt.date(cycle.year, 12, 31),
        ).select_related("submission__obligation")
    )
    if not versions:
        return None
    criteria = Criterion.objects.filter(methodology=cycle.methodology, code__in=["a", "b"])
    return {criterion: versions for criterion in criteria}


def _seed_feedback():
    made = 0
    for (year, code, party_code), topics in FEEDBACK.items():
        cycle = EvaluationCycle.objects.filter(convention=Convention.STOCKHOLM, year=year).first()
        centre, party = _centre(code), Party.objects.filter(code=party_code).first()
        if cycle is None or centre is None or party is None:
            continue
        _feedback, created = PartyFeedback.objects.get_or_create(
            cycle=cycle,
            centre=centre,
            party=party,
            defaults={"received_on": dt.date(year, 2, 15), **topics},
        )
        made += created
    return made


def seed(*, stdout):
    decision, _created = Decision.objects.get_or_create(
        code="SC-6/16",
        defaults={
            "convention": Convention.STOCKHOLM,
            "cop": 6,
            "year": 2013,
            "title": "Regional centres: methodology for evaluating performance adopted",
        },
    )
    v1 = _methodology_v1(decision)
    activities = _seed_activities()
    scored = 0
    for year, cop, period, version, status in CYCLES:
        _cycle, count = _seed_cycle(year, cop, period, _methodology(v1, version), status)
        scored += count
    feedback = _seed_feedback()
    stdout.write(
        f"Evaluations: {Methodology.objects.count()} methodology versions, "
        f"{EvaluationCycle.objects.count()} cycles, {scored} evaluations scored, "
        f"{activities} activities and {feedback} feedback entries added."
    )
