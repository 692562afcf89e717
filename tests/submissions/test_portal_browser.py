"""The whole story in a real browser (Playwright driving Debian's Chromium).

A director signs in, uploads a workplan and sees the receipt; staff (signing in with a TOTP
code) return it with comments; the director uploads version 2; staff accept it; the director
sees it accepted.
"""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache
from django.utils import timezone

from submissions.models import SubmissionVersion
from tests import factories
from tests.submissions import portal_files as files

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(centre_a, director_a, staff):
    cache.clear()
    request = factories.RequestFactory(
        convention_centres="",
        paragraph="11(a)",
        due_date=timezone.localdate() + dt.timedelta(days=20),
    )
    request.centres.add(centre_a)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    return {"obligation": request.obligations.get(), "secret": secret}


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def upload(page, name, content):
    page.set_input_files(
        '#upload input[name="files"]',
        files=[{"name": name, "mimeType": "application/pdf", "buffer": content}],
    )
    page.click('#upload button[type="submit"]')
    page.wait_for_url("**/receipt/")


def staff_review(page, url, decision, comments=""):
    page.goto(f"{url}/portal/staff/review/")
    page.click("#review-queue a >> nth=0")
    page.check(f'input[name="decision"][value="{decision}"]')
    if comments:
        page.fill('textarea[name="comments"]', comments)
    page.click('#versions form button[type="submit"]')
    page.wait_for_url("**/portal/staff/review/")


def test_a_workplan_goes_from_upload_to_acceptance(chromium, page, server, sign_in, story):
    url = server.url
    obligation = story["obligation"]

    # The director signs in and uploads the workplan from the obligation's page.
    sign_in(page, "director.a@example.org")
    page.wait_for_url("**/portal/")
    page.click(f'[data-obligation="{obligation.pk}"]')
    upload(page, "Workplan 2016-2019.pdf", files.PDF_BYTES)
    receipt = page.locator("#receipt")
    assert page.locator("#version-number").inner_text() == "1"
    v1 = SubmissionVersion.objects.get(number=1)
    assert v1.files.get().sha256 in receipt.inner_text()
    assert "Geneva" in receipt.inner_text()

    # Staff sign in with password and TOTP code, and return it with comments.
    staff_context = chromium.new_context()
    staff_page = staff_context.new_page()
    staff_page.set_default_timeout(10_000)
    sign_in(staff_page, "secretariat")
    staff_page.wait_for_url("**/2fa/authenticate/")
    staff_page.fill('input[name="code"]', totp_code(story["secret"]))
    staff_page.click('main form button[type="submit"] >> nth=0')
    staff_page.wait_for_url("**/portal/staff/review/")
    staff_review(staff_page, url, "return", "Please add the budget for 2018.")

    # The director sees the comments and uploads version 2.
    page.goto(f"{url}/portal/obligations/{obligation.pk}/")
    assert "Please add the budget for 2018." in page.locator("#v1 .review-comments").inner_text()
    upload(page, "Workplan 2016-2019 rev.pdf", files.PDF_BYTES + b"% budget added\n")
    assert page.locator("#version-number").inner_text() == "2"

    # Staff accept version 2; the director sees it accepted.
    staff_review(staff_page, url, "accept")
    staff_context.close()
    page.goto(f"{url}/portal/obligations/{obligation.pk}/")
    assert page.locator('#v2 [data-review="accepted"]').is_visible()
    page.goto(f"{url}/portal/")
    assert "Nothing: accepted by the Secretariat." in page.locator("#obligations").inner_text()
