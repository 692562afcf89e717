"""One recomputation per cache key at a time, whatever the number of readers."""

import os
import threading
import time
import uuid

import pytest
from django.core.cache.backends.locmem import LocMemCache

from datastamp import single_flight
from registry.cache import ResilientRedisCache
from tests.threads import run_together


def slow_count(calls, value="answer", seconds=0.3):
    def compute():
        calls.append(threading.get_ident())
        time.sleep(seconds)
        return value

    return compute


def readers(cache, key, compute, answers, count=8, **options):
    def read():
        answers.append(single_flight.get_or_compute(cache, key, compute, timeout=60, **options))

    return [read] * count


def locmem():
    return LocMemCache(f"single-flight-{uuid.uuid4().hex}", {})


def test_eight_readers_of_a_missing_answer_count_it_once():
    cache, calls, answers = locmem(), [], []

    errors = run_together(*readers(cache, "k", slow_count(calls), answers))

    assert errors == []
    assert len(calls) == 1
    assert answers == ["answer"] * 8


@pytest.mark.redis
def test_eight_readers_count_it_once_with_redis():
    cache = ResilientRedisCache(
        os.environ["REDIS_URL"], {"KEY_PREFIX": f"single-flight-{uuid.uuid4().hex}"}
    )
    calls, answers = [], []

    errors = run_together(*readers(cache, "k", slow_count(calls), answers))

    assert errors == []
    assert len(calls) == 1
    assert answers == ["answer"] * 8
    assert cache.get("k:lock") is None  # released


def test_a_reader_counts_it_itself_when_the_counter_never_answers():
    cache, calls = locmem(), []
    cache.add("k:lock", "a worker that died", 30)

    started = time.monotonic()
    answer = single_flight.get_or_compute(
        cache, "k", slow_count(calls, seconds=0), timeout=60, wait=0.2
    )

    assert answer == "answer" and len(calls) == 1
    assert 0.2 <= time.monotonic() - started < 2
    assert cache.get("k") == "answer"


def test_an_entry_no_longer_usable_is_counted_again():
    cache, calls = locmem(), []
    cache.set("k", ("old", 1), 60)

    answer = single_flight.get_or_compute(
        cache,
        "k",
        slow_count(calls, value=("new", 2), seconds=0),
        timeout=60,
        usable=lambda entry: entry[1] == 2,
    )

    assert answer == ("new", 2) and len(calls) == 1


class BrokenCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_a_cache_that_fails_only_costs_a_count():
    calls = []

    answer = single_flight.get_or_compute(
        BrokenCache(), "k", slow_count(calls, seconds=0), timeout=60
    )

    assert answer == "answer" and len(calls) == 1
