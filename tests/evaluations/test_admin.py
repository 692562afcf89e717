"""Staff create and revise methodologies in the admin; the model rules show as form errors."""

from django.urls import reverse

from evaluations import services
from evaluations.models import CycleStatus, Level, Methodology
from tests.evaluations.grid import part


def inline(prefix, rows, initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def test_staff_create_a_methodology_with_its_criteria(client, staff):
    client.force_login(staff)
    data = {"name": "BC-11/13 annex II", "version": "1", "max_total": "33", "notes": ""}
    data.update(
        inline(
            "criteria",
            [
                {
                    "position": "0",
                    "code": "a",
                    "name": "Capacity",
                    "max_points": "4",
                    "sources": "",
                },
                {
                    "position": "1",
                    "code": "c",
                    "name": "Cooperation",
                    "max_points": "",
                    "sources": "",
                },
            ],
        )
    )

    response = client.post(reverse("admin:evaluations_methodology_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    methodology = Methodology.objects.get(name="BC-11/13 annex II")
    assert list(methodology.criteria.values_list("code", "max_points")) == [("a", 4), ("c", None)]


def test_a_level_above_the_criterions_maximum_is_a_form_error(client, staff, methodology):
    scale = part(methodology, "a")
    existing = list(scale.levels.all())
    client.force_login(staff)
    data = {"criterion": str(scale.criterion_id), "name": "", "position": "0", "suggest_from": ""}
    rows = [
        {
            "id": str(lv.pk),
            "part": str(scale.pk),
            "points": str(lv.points),
            "descriptor": lv.descriptor,
            "count_from": "",
            "count_to": "",
        }
        for lv in existing
    ]
    rows.append(
        {
            "part": str(scale.pk),
            "points": "6",
            "descriptor": "Beyond",
            "count_from": "",
            "count_to": "",
        }
    )
    data.update(inline("levels", rows, initial=len(existing)))

    response = client.post(reverse("admin:evaluations_criterionpart_change", args=[scale.pk]), data)

    assert response.status_code == 200
    assert "A level cannot give more points (6) than its criterion" in response.content.decode()
    assert not Level.objects.filter(points=6).exists()


def test_the_parts_and_levels_of_a_locked_methodology_are_read_only(
    client, staff, cycle, methodology
):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    scale = part(methodology, "a")
    client.force_login(staff)

    for url in (
        reverse("admin:evaluations_criterionpart_change", args=[scale.pk]),
        reverse("admin:evaluations_criterion_change", args=[scale.criterion_id]),
    ):
        page = client.get(url)
        assert page.status_code == 200
        assert b'name="_save"' not in page.content


def test_a_closed_cycles_evaluation_is_read_only_in_the_admin(client, staff, cycle, evaluation_a):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    client.force_login(staff)

    page = client.get(reverse("admin:evaluations_evaluation_change", args=[evaluation_a.pk]))

    assert b'name="_save"' not in page.content


def test_every_admin_list_opens(client, staff, evaluation_a):
    client.force_login(staff)
    for model in (
        "methodology",
        "criterion",
        "criterionpart",
        "evaluationcycle",
        "evaluation",
        "partyfeedback",
        "activity",
    ):
        assert client.get(reverse(f"admin:evaluations_{model}_changelist")).status_code == 200
