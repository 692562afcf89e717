"""Two directors upload at the same instant to a file-based SQLite database (run as a script).

Usage: python -m tests.registry.sqlite_uploads [deferred]
DATABASE_URL must name an SQLite file. Each upload pauses inside its request's transaction,
after reading and before writing, so that the two transactions overlap every time. With
`deferred` the database runs without the settings' immediate transactions, to show the failure
they prevent. Prints one JSON line: the two status codes, errors and the versions stored.
"""

import json
import sys
import threading
import time
from unittest import mock

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from submissions import services  # noqa: E402
from submissions.models import Obligation, SubmissionVersion  # noqa: E402
from tests import factories  # noqa: E402
from tests.submissions import portal_files as files  # noqa: E402

PAUSE_SECONDS = 1.0


def main(deferred):
    if deferred:
        settings.DATABASES["default"]["OPTIONS"].pop("transaction_mode")
        connections["default"].settings_dict["OPTIONS"].pop("transaction_mode", None)
        connections.close_all()
    call_command("migrate", verbosity=0)
    request = factories.RequestFactory(convention_centres="", paragraph="11(a)")
    people = []
    for n in range(2):
        centre = factories.CentreFactory(name=f"Centre {n}")
        user = factories.UserFactory(username=f"director.{n}")
        factories.ContactFactory(centre=centre, user=user, role="director", email=user.email)
        request.centres.add(centre)
        people.append((user, Obligation.objects.get(request=request, centre=centre)))
    connection.close()

    upload = services.version_upload

    def slow_upload(**kwargs):
        # Read inside the request's transaction, then pause: the other upload starts meanwhile.
        list(Obligation.objects.all())
        time.sleep(PAUSE_SECONDS)
        return upload(**kwargs)

    barrier = threading.Barrier(2)
    results = {}

    def post(n, user, obligation):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        barrier.wait()
        try:
            response = client.post(
                reverse("portal:obligation", args=[obligation.pk]),
                {"files": [files.pdf(extra=bytes([n]))], "tz": "Europe/Zurich"},
            )
            results[n] = response.status_code
        except Exception as exc:  # noqa: BLE001 - reported, not raised
            results[n] = f"{type(exc).__name__}: {exc}"
        finally:
            connection.close()

    with mock.patch.object(services, "version_upload", slow_upload):
        threads = [threading.Thread(target=post, args=(n, *p)) for n, p in enumerate(people)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    print(
        json.dumps(
            {
                "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
                "results": [results.get(n) for n in range(2)],
                "versions": SubmissionVersion.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main(deferred="deferred" in sys.argv[1:])
