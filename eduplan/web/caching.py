"""The per-application view cache (``services.view_cache.ViewCache``) as a dependency.

It lives on ``app.state``, created on first use, so every app (and every test's app)
has its own; it only speeds reads up, the database stays the one source of truth.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from eduplan.services.view_cache import ViewCache

_lock = threading.Lock()


def view_cache(request: Request) -> ViewCache:
    state = request.app.state
    cache = getattr(state, "view_cache", None)
    if cache is None:
        with _lock:
            cache = getattr(state, "view_cache", None)
            if cache is None:
                cache = state.view_cache = ViewCache(maxsize=512, ttl=120.0)
    return cache


ViewCacheDep = Annotated[ViewCache, Depends(view_cache)]
