"""One recomputation per cache key at a time (single-flight).

When a cached answer goes missing (a write changed the data stamp), every worker asking for it
at once would count the same answer. Here the first one takes a short lock with the cache's
`add()` (atomic in Redis, `SET NX`; atomic within a process for the locmem cache; best effort
for the file cache of `make run`) and counts; the others poll the cache for its answer and,
when it has not come within `wait` seconds (the counter died or is slow), count it themselves.
The lock expires by itself after `lock` seconds, so a counter that dies never blocks a key.

A cache that fails is skipped: the answer is counted, never a page that fails.
"""

import logging
import time
import uuid

logger = logging.getLogger(__name__)

MISSING = object()
LOCK_SECONDS = 30
WAIT_SECONDS = 10.0
POLL_SECONDS = 0.05


def _always(_entry):
    return True


def get_or_compute(
    cache,
    key,
    compute,
    *,
    timeout,
    usable=_always,
    lock=LOCK_SECONDS,
    wait=WAIT_SECONDS,
    poll=POLL_SECONDS,
):
    """Return the entry cached under `key`, or store and return `compute()`.

    `usable(entry)` says whether a cached entry may still be used (else it is counted again).
    Only one caller at a time computes a key; the others wait up to `wait` seconds for it.
    """
    entry = _get(cache, key)
    if entry is not MISSING and usable(entry):
        return entry
    lock_key = f"{key}:lock"
    owner = uuid.uuid4().hex
    if _add(cache, lock_key, owner, lock):
        try:
            return _compute_and_store(cache, key, compute, timeout)
        finally:
            _release(cache, lock_key, owner)
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        time.sleep(poll)
        entry = _get(cache, key)
        if entry is not MISSING and usable(entry):
            return entry
    logger.warning("No answer for %s within %s s: counting it here", key, wait)
    return _compute_and_store(cache, key, compute, timeout)


def _compute_and_store(cache, key, compute, timeout):
    entry = compute()
    try:
        cache.set(key, entry, timeout)
    except Exception:  # noqa: BLE001 - a cache outage must not break the page
        logger.warning("cache unavailable (set %s)", key, exc_info=True)
    return entry


def _get(cache, key):
    try:
        return cache.get(key, MISSING)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable (get %s)", key, exc_info=True)
        return MISSING


def _add(cache, key, owner, lock):
    try:
        return cache.add(key, owner, lock)
    except Exception:  # noqa: BLE001 - no lock to be had: count without one
        logger.warning("cache unavailable (add %s)", key, exc_info=True)
        return True


def _release(cache, key, owner):
    try:
        # Not atomic: a lock that expired and was taken by another in between would be freed
        # early, which only lets one more worker count the same answer.
        if cache.get(key) == owner:
            cache.delete(key)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable (delete %s)", key, exc_info=True)
