"""The outbox's pure rules: which errors are permanent, and the backoff (no database)."""

import smtplib

from outbox.services import classify_error, retry_delay


def test_5xx_replies_are_permanent_and_the_rest_transient():
    assert classify_error(smtplib.SMTPDataError(554, b"rejected"))[0]
    assert classify_error(smtplib.SMTPRecipientsRefused({"a@b": (550, b"no such user")}))[0]
    assert not classify_error(smtplib.SMTPDataError(451, b"try later"))[0]
    assert not classify_error(smtplib.SMTPRecipientsRefused({"a@b": (450, b"busy")}))[0]
    assert not classify_error(ConnectionRefusedError(111, "refused"))[0]
    assert not classify_error(TimeoutError("timed out"))[0]
    assert not classify_error(smtplib.SMTPServerDisconnected("gone"))[0]


def test_backoff_doubles_and_stays_below_the_cap(settings):
    settings.REGISTRY_EMAIL_RETRY_BASE_SECONDS = 60
    settings.REGISTRY_EMAIL_RETRY_MAX_SECONDS = 900
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        120,
        240,
        480,
        900,
        900,
    ]
