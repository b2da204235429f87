"""Reading the plain values that forms and query strings send."""

from __future__ import annotations


def optional_int(text: str | None) -> int | None:
    """A whole number typed in a field or query parameter; anything else (empty, "全部") is None."""
    text = (text or "").strip()
    return int(text) if text.isdigit() else None
