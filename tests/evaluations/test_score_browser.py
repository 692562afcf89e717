"""In Chromium: the total on the scoring page follows the levels as they are chosen."""

import pytest

from tests import factories
from tests.evaluations.grid import level, make_cycle, make_evaluation, make_methodology


@pytest.fixture
def scene(transactional_db):
    methodology = make_methodology()
    cycle = make_cycle(methodology)
    evaluation = make_evaluation(cycle, factories.CentreFactory())
    return methodology, evaluation


def test_the_total_updates_as_levels_are_chosen(page, server, sign_in, scene, settings):
    methodology, evaluation = scene
    url = f"/evaluations/scores/{evaluation.pk}/"
    # Two-factor set-up for staff is the accounts' own concern, tested there.
    settings.REGISTRY_STAFF_MFA_REQUIRED = False
    factories.StaffFactory(username="secretariat")
    sign_in(page, "secretariat", start=url)
    page.wait_for_url(f"**{url}")
    total = page.locator("#live-total [data-total]")
    assert total.get_attribute("data-total") == "0"

    page.check(f'input[value="{level(methodology, "a", 4).pk}"]')
    page.wait_for_selector('#live-total [data-total="4"]')
    page.check(f'input[value="{level(methodology, "b", 8).pk}"]')
    page.wait_for_selector('#live-total [data-total="12"]')
    page.check(f'input[value="{level(methodology, "a", 1).pk}"]')
    page.wait_for_selector('#live-total [data-total="9"]')
    assert "9 / 33" in page.locator("#live-total").inner_text()

    page.click("#score-form button[type=submit]")
    page.wait_for_selector(".alert-success")
    assert "is saved" in page.locator(".alert-success").inner_text()
    evaluation.refresh_from_db()
    assert evaluation.total == 9
