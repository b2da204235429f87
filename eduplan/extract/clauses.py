"""Sentence and clause boundaries that keep offsets into the document text.

Parentheses inside names (公办(公益)幼儿园, 优质幼儿园(一、二级)) are skipped over, so
only an aside that holds the position — (比2015年提升23.5%) — is a boundary.
"""

from __future__ import annotations

SENTENCE_END = "。!?\n"
CLAUSE_END = ",;:。!?\n\t|"  # a table cell ends a clause too
_OPEN, _CLOSE = "(", ")"


def clause_start(text: str, i: int, *, list_items: bool = True, floor: int = 0) -> int:
    """Start of the clause that ends at ``i``.

    Stops at a clause mark or an unmatched opening parenthesis; with ``list_items`` also
    at 、 (outside parentheses), which separates the items of a list.
    """
    depth = 0
    j = i - 1
    limit = max(floor, i - 200)
    while j >= limit:
        ch = text[j]
        if ch == _CLOSE:
            depth += 1
        elif ch == _OPEN:
            if depth == 0:
                return j + 1
            depth -= 1
        elif depth == 0 and (ch in CLAUSE_END or (list_items and ch == "、")):
            return j + 1
        j -= 1
    return max(limit, floor)


def clause_end(text: str, i: int, *, list_items: bool = True, ceiling: int | None = None) -> int:
    """End of the clause that starts at ``i`` (exclusive)."""
    ceiling = len(text) if ceiling is None else ceiling
    depth = 0
    j = i
    limit = min(ceiling, i + 200)
    while j < limit:
        ch = text[j]
        if ch == _OPEN:
            depth += 1
        elif ch == _CLOSE:
            if depth == 0:
                return j
            depth -= 1
        elif depth == 0 and (ch in CLAUSE_END or (list_items and ch == "、")):
            return j
        j += 1
    return limit


def split_top_level(text: str, separators: str = "、") -> list[tuple[int, int]]:
    """Spans of ``text`` split at separators outside parentheses and quotes."""
    spans: list[tuple[int, int]] = []
    depth = 0
    quote = False
    last = 0
    for i, ch in enumerate(text):
        if ch in "(《":
            depth += 1
        elif ch in ")》" and depth:
            depth -= 1
        elif ch in "“”\"":
            quote = ch == "“" or (ch == "\"" and not quote)
        elif ch in separators and depth == 0 and not quote:
            spans.append((last, i))
            last = i + 1
    spans.append((last, len(text)))
    return spans


class SentenceIndex:
    """Sentence starts and ends by binary search, so that a document that is one 10 MB
    line costs no more than a normal one (no scan back to the start per value)."""

    WINDOW = 1000  # a "sentence" longer than this is cut: no real sentence is that long

    def __init__(self, text: str) -> None:
        import bisect

        self._bisect = bisect
        self.text = text
        import re

        self.ends = [m.start() for m in re.finditer("[" + re.escape(SENTENCE_END) + "]", text)]

    def start(self, i: int) -> int:
        k = self._bisect.bisect_left(self.ends, i) - 1
        s = self.ends[k] + 1 if k >= 0 else 0
        return max(s, i - self.WINDOW)

    def end(self, i: int) -> int:
        k = self._bisect.bisect_left(self.ends, i)
        e = self.ends[k] if k < len(self.ends) else len(self.text)
        return min(e, i + self.WINDOW)
