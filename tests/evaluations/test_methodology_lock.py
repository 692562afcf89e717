"""A methodology used by a closed or published cycle can no longer change; a new version can."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluations import models, services
from evaluations.models import (
    Criterion,
    CriterionPart,
    CycleStatus,
    EvaluationCycle,
    Level,
    Methodology,
)
from tests.admin_pages import admin_action
from tests.evaluations.grid import part


@pytest.fixture
def closed_cycle(cycle):
    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    cycle.refresh_from_db()
    return cycle


def test_an_open_cycle_leaves_its_methodology_free_to_change(cycle, methodology):
    methodology.notes = "Revised"
    methodology.save()

    assert not methodology.is_locked


def test_closing_the_cycle_locks_the_methodology_itself(closed_cycle, methodology):
    methodology.refresh_from_db()
    methodology.max_total = 40

    with pytest.raises(ValidationError) as error:
        methodology.save()

    assert error.value.messages == [str(models.METHODOLOGY_LOCKED)]
    assert Methodology.objects.locked().get() == methodology


@pytest.mark.parametrize("change", ["criterion", "new_criterion", "part", "level", "new_level"])
def test_closing_the_cycle_locks_every_criterion_part_and_level(closed_cycle, methodology, change):
    with pytest.raises(ValidationError) as error:
        if change == "criterion":
            criterion = Criterion.objects.get(methodology=methodology, code="c")
            criterion.max_points = 19
            criterion.save()
        elif change == "new_criterion":
            Criterion.objects.create(methodology=methodology, code="d", name="More")
        elif change == "part":
            CriterionPart.objects.create(
                criterion=Criterion.objects.get(methodology=methodology, code="c")
            )
        elif change == "level":
            lv = Level.objects.get(part=part(methodology, "a"), points=4)
            lv.points = 3
            lv.save()
        else:
            Level.objects.create(part=part(methodology, "a"), points=3, descriptor="between")

    assert error.value.messages == [str(models.METHODOLOGY_LOCKED)]


def test_nothing_of_a_locked_methodology_can_be_deleted(closed_cycle, methodology):
    with pytest.raises(ValidationError):
        Level.objects.get(part=part(methodology, "a"), points=4).delete()
    with pytest.raises(ValidationError):
        Criterion.objects.get(methodology=methodology, code="a").delete()
    with pytest.raises(ValidationError):
        methodology.delete()

    assert Level.objects.filter(part=part(methodology, "a"), points=4).exists()


def test_a_closed_cycle_cannot_be_reopened_nor_change_its_methodology(closed_cycle):
    closed_cycle.status = CycleStatus.OPEN
    with pytest.raises(ValidationError) as error:
        closed_cycle.full_clean()
    assert error.value.message_dict["status"] == [models.CYCLE_CANNOT_REOPEN]

    with pytest.raises(ValidationError) as error:
        services.cycle_set_status(cycle=closed_cycle, status=CycleStatus.OPEN)
    assert error.value.messages == [str(services.BAD_TRANSITION)]

    closed_cycle.refresh_from_db()
    closed_cycle.methodology = services.methodology_new_version(
        methodology=closed_cycle.methodology
    )
    with pytest.raises(ValidationError) as error:
        closed_cycle.full_clean()
    assert error.value.message_dict["methodology"] == [models.CYCLE_METHODOLOGY_FIXED]


def test_a_new_version_copies_the_whole_grid_and_can_change(closed_cycle, methodology):
    copy = services.methodology_new_version(methodology=methodology)

    assert (copy.name, copy.version, copy.previous_version, copy.max_total) == (
        methodology.name,
        2,
        methodology,
        33,
    )
    assert not copy.is_locked

    def grid(m):
        return sorted(
            (
                lv.part.criterion.code,
                lv.part.name,
                lv.part.suggest_from,
                lv.points,
                lv.descriptor,
                lv.count_from,
                lv.count_to,
            )
            for lv in Level.objects.filter(part__criterion__methodology=m).select_related(
                "part__criterion"
            )
        )

    assert grid(copy) == grid(methodology)
    assert list(copy.criteria.values_list("code", "max_points")) == [
        ("a", 4),
        ("b", 10),
        ("c", None),
    ]

    c = copy.criteria.get(code="c")
    c.max_points = 19
    c.save()
    assert methodology.criteria.get(code="c").max_points is None


def test_versions_are_numbered_after_the_latest_of_the_name(methodology):
    services.methodology_new_version(methodology=methodology)

    third = services.methodology_new_version(methodology=methodology)

    assert third.version == 3


def test_the_admin_shows_a_locked_methodology_read_only(client, staff, closed_cycle, methodology):
    client.force_login(staff)
    url = reverse("admin:evaluations_methodology_change", args=[methodology.pk])

    page = client.get(url)
    refused = client.post(url, {"name": "Changed", "max_total": 40})

    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert refused.status_code == 403
    methodology.refresh_from_db()
    assert methodology.name != "Changed"


def test_the_admin_action_makes_a_new_version(client, staff, closed_cycle, methodology):
    client.force_login(staff)

    response = admin_action(client, "make_new_version", methodology)

    assert response.status_code == 302
    copy = Methodology.objects.get(name=methodology.name, version=2)
    assert copy.criteria.count() == 3
    page = client.get(reverse("admin:evaluations_methodology_change", args=[copy.pk]))
    assert b'name="_save"' in page.content


def test_a_cycle_can_be_published_only_after_it_is_closed(cycle):
    with pytest.raises(ValidationError):
        services.cycle_set_status(cycle=cycle, status=CycleStatus.PUBLISHED)

    services.cycle_set_status(cycle=cycle, status=CycleStatus.CLOSED)
    services.cycle_set_status(
        cycle=cycle, status=CycleStatus.PUBLISHED, acknowledge_incomplete=True
    )

    assert EvaluationCycle.objects.get(pk=cycle.pk).status == CycleStatus.PUBLISHED
