"""Run pieces of a test at the same time, in threads, to meet the database's locks."""

import threading

from django.db import connections


def run_together(*functions, timeout=30):
    """Run each function in a thread of its own, wait for all; return what they raised."""
    errors = []

    def run(function):
        try:
            function()
        except Exception as exc:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(exc)
        finally:
            # A connection left open by a thread keeps the test database from being dropped.
            connections.close_all()

    threads = [threading.Thread(target=run, args=(function,)) for function in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return errors
