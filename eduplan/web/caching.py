"""The per-application view cache (``services.views.cache.ViewCache``) as a dependency,
and rendered fragments kept in it (Jinja rendering is most of a cached page's cost).

It lives on ``app.state`` (``create_app`` makes it), so every app (and every test's app)
has its own; it only speeds reads up, the database stays the one source of truth.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from markupsafe import Markup

from eduplan.services.views.cache import ViewCache
from eduplan.web.templating import templates


def new_view_cache() -> ViewCache:
    return ViewCache(maxsize=2048, ttl=120.0)


async def view_cache(request: Request) -> ViewCache:
    """(async: FastAPI runs it on the event loop instead of hopping to a worker thread)"""
    return request.app.state.view_cache


ViewCacheDep = Annotated[ViewCache, Depends(view_cache)]


def fragment(cache: ViewCache, key: tuple | None, name: str, context: dict) -> Markup:
    """A rendered partial template, reused while ``key`` (a view's cache key, which holds
    the change stamp) is the same. Only for fragments that show nothing user-specific
    beyond what the key says: no CSRF token, no user name."""
    def build() -> str:
        return templates.get_template(name).render(context)

    return Markup(build() if key is None else cache.get(("html", name, *key), build))
