"""Find text that a web capture holds twice (the whole page body pasted again).

Later stages skip such spans so that a target is neither stored twice nor its
section duplicated; the text itself is kept as read.
"""

from __future__ import annotations

MIN_REPEAT = 1000


def find_repeats(text: str) -> list[tuple[int, int]]:
    """Spans [start, end) that repeat an earlier part of the text verbatim.

    Looks for the first substantial line occurring again later, then measures how far the
    two copies agree. Only long agreements (≥ 1000 characters) count.
    """
    lines = [ln for ln in text.split("\n")[:60] if len(ln.strip()) >= 8]
    for line in lines[:20]:
        first = text.find(line)
        second = text.find(line, first + len(line))
        if second < 0:
            continue
        n = _common_prefix(text, first, second)
        if n >= MIN_REPEAT:
            return [(second, second + n)]
    return []


def _common_prefix(text: str, a: int, b: int) -> int:
    limit = len(text) - b
    lo, step = 0, 4096
    while lo < limit:
        hi = min(limit, lo + step)
        if text[a + lo : a + hi] == text[b + lo : b + hi]:
            lo = hi
            continue
        while lo < hi and text[a + lo] == text[b + lo]:
            lo += 1
        break
    return lo
