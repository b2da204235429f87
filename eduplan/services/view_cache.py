"""A small in-process cache for read views (an optimisation only; processes stay stateless).

Keys include the database's change stamp (``overview.change_stamp``: the newest audit
entry and the newest observation), so any audited write or new observation anywhere makes
every cached view miss, in every process, without coordination. A time-to-live bounds
staleness after unaudited writes. While one thread builds a value, others asking for the
same key wait for it instead of running the same queries again (single flight).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Engine

from eduplan.store.db import unit_of_work
from eduplan.store.repositories import overview

T = TypeVar("T")


class ViewCache:
    def __init__(self, *, maxsize: int = 256, ttl: float = 60.0) -> None:
        self.maxsize = maxsize
        self.ttl = ttl
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, build: Callable[[], T]) -> T:
        found = self._lookup(key)
        if found is not None:
            return found[1]
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        with gate:
            found = self._lookup(key)  # built by another thread while this one waited
            if found is not None:
                return found[1]
            value = build()
            with self._lock:
                self.misses += 1
                self._items[key] = (time.monotonic(), value)
                self._items.move_to_end(key)
                while len(self._items) > self.maxsize:
                    self._items.popitem(last=False)
                self._building.pop(key, None)
            return value

    def _lookup(self, key: Hashable) -> tuple[float, Any] | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            if time.monotonic() - found[0] > self.ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def change_stamp(engine: Engine) -> tuple[int, int]:
    with unit_of_work(engine) as session:
        return overview.change_stamp(session)


def cached(cache: ViewCache | None, key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` through ``cache`` when there is one."""
    return build() if cache is None else cache.get(key, build)
