"""The real-service switch shared by the fixtures and the tests that start their own servers.

A test that needs a missing service is skipped, unless REGISTRY_REQUIRE_SERVICES=1 (as in CI),
which turns the skip into a failure.
"""

import os

import pytest

REQUIRE_SERVICES = os.environ.get("REGISTRY_REQUIRE_SERVICES", "") not in ("", "0", "false")


def missing(reason):
    """Skip the test for want of a service, or fail it when services are required."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{reason} (REGISTRY_REQUIRE_SERVICES is set, so this is a failure)")
    pytest.skip(reason)
