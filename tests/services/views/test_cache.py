"""The view cache: one build per key under concurrency, stale-while-refresh after the
time-to-live, a failed refresh surfaces on the next request, size bound."""

from __future__ import annotations

import threading
import time

import pytest

from eduplan.services.views.cache import ViewCache


def test_concurrent_misses_build_once():
    cache, calls, gate = ViewCache(), [], threading.Event()

    def build():
        calls.append(1)
        gate.wait(2)
        return "value"

    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", build))) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    gate.set()
    for t in threads:
        t.join()
    assert results == ["value"] * 8 and len(calls) == 1


def test_an_expired_entry_is_served_while_it_is_rebuilt():
    cache = ViewCache(ttl=0.01)
    assert cache.get("k", lambda: 1) == 1
    time.sleep(0.02)
    done = threading.Event()

    def rebuild():
        done.set()
        return 2

    assert cache.get("k", rebuild) == 1  # the old value, at once
    assert done.wait(2)
    cache.ttl = 60  # no second refresh: on a loaded machine 0.01 s can pass between two gets
    for _ in range(100):
        if cache.get("k", lambda: 3) == 2:
            break
        time.sleep(0.01)
    assert cache.get("k", lambda: 3) == 2


def test_a_failed_refresh_drops_the_entry():
    cache = ViewCache(ttl=0.01)
    cache.get("k", lambda: 1)
    time.sleep(0.02)

    def broken():
        raise RuntimeError("database gone")

    assert cache.get("k", broken) == 1
    for _ in range(100):
        time.sleep(0.01)
        if "k" not in cache._items:
            break
    with pytest.raises(RuntimeError):
        cache.get("k", broken)


def test_least_recently_used_entries_go_first():
    cache = ViewCache(maxsize=2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 0)  # touch a
    cache.get("c", lambda: 3)
    assert cache.get("a", lambda: "rebuilt") == 1 and cache.get("b", lambda: "rebuilt") == "rebuilt"
