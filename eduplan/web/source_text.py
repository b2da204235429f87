"""The stored plan text as HTML lines with every target highlighted by its offsets.

The text is cut at every line break and at every target's start and end. Each piece is
one element holding one text node and a ``data-offset`` attribute with the offset of its
first character in ``Plan.text``, so the browser can turn any selection into exact
offsets (``static/js/plan.js``) even across highlights. A piece covered by targets is a
``<mark>`` for the innermost (shortest) of them; overlapping targets are marked
``overlap`` and listed in ``data-targets``.

Lines are ``<div class="ln" id="ln-N">``; after a review action the server re-renders only
the lines a target touches and swaps them in (htmx out-of-band).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    id: int
    start: int
    end: int
    state: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class Piece:
    start: int
    text: str
    covering: tuple[Span, ...]  # innermost first


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int
    end: int  # the offset of the line break (or of the end of the text)
    pieces: tuple[Piece, ...]

    def html(self, *, oob: bool = False, extra_class: str = "") -> Markup:
        inner = "".join(_piece_html(p) for p in self.pieces) or "\u200b"  # an empty line keeps its height
        swap = ' hx-swap-oob="true"' if oob else ""
        classes = escape(" ".join(c for c in ("ln", "blank" if not self.pieces else "", extra_class) if c))
        return Markup(f'<div class="{classes}" id="ln-{self.index}" data-offset="{self.start}" data-end="{self.end}"'
                      f'{swap}>{inner}</div>')


def split_lines(text: str, spans: Iterable[Span]) -> list[Line]:
    """The text as lines of pieces (see the module docstring)."""
    spans = [s for s in spans if s.start is not None and s.end is not None and 0 <= s.start < s.end <= len(text)]
    starts: dict[int, list[Span]] = {}
    ends: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
        ends.setdefault(s.end, []).append(s)
    lines: list[Line] = []
    line_start = 0
    active: set[Span] = set()

    def reach(offset: int) -> None:  # spans open at ``offset``: close those ending, open those starting
        active.difference_update(ends.get(offset, ()))
        active.update(starts.get(offset, ()))

    bounds = sorted({*starts, *ends})
    for index, raw in enumerate(text.split("\n")):
        line_end = line_start + len(raw)
        inside = bounds[bisect_right(bounds, line_start):bisect_left(bounds, line_end)]
        cuts = [line_start, *inside, line_end] if line_end > line_start else [line_start]
        pieces = []
        for a, b in zip(cuts, cuts[1:]):
            reach(a)
            pieces.append(Piece(a, text[a:b], tuple(sorted(active, key=lambda s: (s.end - s.start, s.id)))))
        reach(line_end)  # the line break itself (or the end of the text)
        lines.append(Line(index, line_start, line_end, tuple(pieces)))
        line_start = line_end + 1
    return lines


def lines_touching(lines: list[Line], start: int | None, end: int | None) -> list[Line]:
    """The lines holding any character of [start, end)."""
    if start is None or end is None:
        return []
    first = max(0, bisect_right([ln.start for ln in lines], start) - 1)
    return [ln for ln in lines[first:] if ln.start < end and ln.end >= start]


def section_lines(lines: list[Line], section_starts: Mapping[int, int]) -> dict[int, int]:
    """Section id → index of the line holding its first character."""
    offsets = [ln.start for ln in lines]
    return {sid: max(0, bisect_right(offsets, start) - 1) for sid, start in section_starts.items()}


def _piece_html(p: Piece) -> str:
    text = escape(p.text)
    if not p.covering:
        return f'<span data-offset="{p.start}">{text}</span>'
    top = p.covering[0]
    classes = f"tg st-{escape(top.state)}" + (" overlap" if len(p.covering) > 1 else "")
    others = " ".join(str(s.id) for s in p.covering)
    return (f'<mark class="{classes}" data-offset="{p.start}" data-target-id="{top.id}" data-targets="{others}"'
            f' data-testid="target-mark" tabindex="0" title="{escape(top.title)}">{text}</mark>')
