"""Reading the plain values that forms and query strings send."""

from __future__ import annotations

from eduplan.errors import InputError

MAX_ID = 2**31 - 1  # the largest id (and version) the database's integer columns hold
MAX_DIGITS = 10


def optional_int(text: str | None, *, low: int = 0, high: int = MAX_ID, label: str = "编号") -> int | None:
    """A whole number typed in a field or query parameter; empty text or a word ("全部") is
    None. A number outside ``low``–``high`` (a forged or mistyped id, 2^63) is refused with
    a message instead of reaching the database, which could not hold it."""
    text = (text or "").strip()
    if not text.isdigit():
        return None
    if len(text) > MAX_DIGITS or not low <= int(text) <= high:
        raise InputError(f"{label}“{text[:24]}”超出范围（{low}–{high}）", hint="请从页面上的选项中选择，不要手工修改地址")
    return int(text)
