"""A small in-process cache for read views (an optimisation only; processes stay stateless).

Keys include the database's change stamp (``audit.change_stamp``: the newest audit
entry and the newest observation), so any audited write or new observation anywhere makes
every cached view miss, in every process, without coordination. A time-to-live bounds
staleness after unaudited writes: an expired entry is served once more while a background
thread rebuilds it. While one thread builds a missing value, others asking for the same
key wait for it instead of running the same queries again (single flight).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

from eduplan.store.db import unit_of_work
from eduplan.store.repositories import audit

log = logging.getLogger(__name__)

T = TypeVar("T")


class ViewCache:
    def __init__(self, *, maxsize: int = 256, ttl: float = 60.0) -> None:
        self.maxsize = maxsize
        self.ttl = ttl
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}
        self._refreshing: set[Hashable] = set()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        """The value for ``key``, built once. An entry older than ``ttl`` is still returned
        while one background thread rebuilds it (no request waits for a refresh)."""
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                if time.monotonic() - found[0] > self.ttl and key not in self._refreshing:
                    self._refreshing.add(key)
                    threading.Thread(target=self._refresh, args=(key, build), daemon=True).start()
                return found[1]
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            with self._lock:
                found = self._items.get(key)  # built by another thread while this one waited
                if found is not None:
                    return found[1]
            value = build()
            self._store(key, value)
            with self._lock:
                self.misses += 1
                self._building.pop(key, None)
            return value

    def _refresh(self, key: Hashable, build: Callable[[], Any]) -> None:
        try:
            self._store(key, build())
        except Exception:  # noqa: BLE001 - a background refresh has no caller to raise to
            log.exception("view cache refresh failed key=%r", key)
            with self._lock:
                self._items.pop(key, None)  # the next request rebuilds and sees the error
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _store(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._items[key] = (time.monotonic(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def change_stamp(engine: Engine, cache: ViewCache | None) -> tuple[int, int] | None:
    """The database's change stamp for keys of ``cache`` (None without a cache: nothing is keyed)."""
    if cache is None:
        return None
    with unit_of_work(engine) as session:
        return audit.change_stamp(session)


def cached(cache: ViewCache | None, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` through ``cache`` when there is one."""
    return build() if cache is None else cache.get(key, build)
