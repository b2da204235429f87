"""What an htmx request asks for."""

from __future__ import annotations

from fastapi import Request


def is_fragment(request: Request, target: str) -> bool:
    """An htmx swap of the element ``target`` (not a history restore, which needs the page)."""
    headers = request.headers
    return bool(headers.get("hx-request")) and not headers.get("hx-history-restore-request") \
        and headers.get("hx-target") == target
