"""Page geometry a renderer needs before it writes: column widths that fit the text
width and never break a figure, and title lines of balanced length.

Widths are estimated from the text (a CJK character is one em, a digit or Latin letter
half an em) — the same estimate for DOCX and HTML, so a table that fits in one fits in
the other. All lengths in millimetres.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

TEXT_WIDTH_MM = 156.0  # A4 210 mm − 28 mm left − 26 mm right (GB/T 9704)
PT_MM = 25.4 / 72
CELL_PADDING_MM = 2 * 1.9 + 0.6  # Word's default cell margins (0.075 in) and the rules
_UNBREAKABLE = re.compile(r"[0-9A-Za-z.,%≥≤<>=+\-—×/]+(?:年|%|‰)?")


def char_width(ch: str) -> float:
    """Width of a character in ems: CJK and full-width forms 1, everything else 0.6 (the
    Latin digits of CJK fonts are a little wider than half an em)."""
    return 1.0 if ord(ch) >= 0x2E80 else 0.6


def text_width(text: str) -> float:
    """Width of a line of text in ems."""
    return sum(char_width(c) for c in text)


def min_width(text: str) -> float:
    """The narrowest a cell may be in ems: its widest figure (a number never breaks) or,
    for text, two characters."""
    tokens = [text_width(m) for line in text.split("\n") for m in _UNBREAKABLE.findall(line)]
    return max([2.0, *tokens])


def column_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], *, font_pt: float = 10.5,
                  total_mm: float = TEXT_WIDTH_MM, weights: Sequence[float] | None = None,
                  keep: Sequence[int] = (), min_ems: dict[int, float] | None = None) -> tuple[float, ...]:
    """Widths in mm summing to ``total_mm``: every column gets its minimum (its widest
    figure, or a two-character header word), the rest goes to the columns whose text is
    longer than its width, in proportion to their longest line (scaled by ``weights``)."""
    em = font_pt * PT_MM
    n = len(columns)
    cells = [[str(c)] + [str(r[i]) if i < len(r) else "" for r in rows] for i, c in enumerate(columns)]
    least = [max(min_width(v) for v in col) * em + CELL_PADDING_MM for col in cells]
    head_words = [min(text_width(c), 4.0) * em + CELL_PADDING_MM for c in columns]  # 4 characters of a header
    least = [max(a, b) for a, b in zip(least, head_words)]
    for i, ems in (min_ems or {}).items():  # e.g. four characters for a status column
        least[i] = max(least[i], ems * em + CELL_PADDING_MM)
    for i in keep:  # one line: a unit such as 万人次 is not broken
        least[i] = max(least[i], max(text_width(v) for v in cells[i][1:] or [""]) * em + CELL_PADDING_MM)
    natural = [max(text_width(line) for v in col for line in v.split("\n")) * em + CELL_PADDING_MM for col in cells]
    weights = list(weights or [1.0] * n)
    if sum(least) >= total_mm:  # nothing to share: shrink proportionally (renderers then use a smaller font)
        factor = total_mm / sum(least)
        return tuple(round(w * factor, 1) for w in least)
    widths = list(least)
    spare = total_mm - sum(widths)
    for _ in range(4):  # give the spare width out, capping columns at their natural width
        wants = [max(natural[i] - widths[i], 0.0) * weights[i] for i in range(n)]
        total = sum(wants)
        if total <= 0 or spare <= 0.05:
            break
        used = 0.0
        for i in range(n):
            if wants[i] > 0:
                add = min(spare * wants[i] / total, natural[i] - widths[i])
                widths[i] += add
                used += add
        spare -= used
    if spare > 0.05:  # everything fits on one line: spread the rest evenly
        widths = [w + spare / n for w in widths]
    widths[-1] += total_mm - sum(widths)
    return tuple(round(w, 2) for w in widths)


# ---- title lines ------------------------------------------------------------------------

# where a title may break, best first: (words, break after them?, penalty in ems)
_BREAKS: tuple[tuple[tuple[str, ...], bool, float], ...] = (
    (("中期评估报告", "终期评估报告", "评估报告"), False, 0.0),
    (("规划", "方案", "计划", "纲要", "意见"), True, 1.0),
    (("）", ")", "》", "工程"), True, 2.0),
    (("（", "(", "《"), False, 2.0),
    (("”",), True, 4.0),
)
_NO_LINE_START = "，。、）》”)：；"
_NO_LINE_END = "（《“("


def title_lines(title: str, *, per_line: float = 20.0) -> list[str]:
    """The title split into as few lines as fit ``per_line`` ems, broken where a reader
    pauses (before 中期评估报告, after 规划/方案, after a bracket …) with lines of similar
    length — never one orphan word on the last line, never inside a number."""
    if text_width(title) <= per_line:
        return [title]
    count = math.ceil(text_width(title) / per_line)
    points = _break_points(title)
    best: list[str] | None = None
    best_score = math.inf
    for extra in range(2):  # one more line when no balanced split of ``count`` lines fits
        for cut in _cuts(sorted(points), count + extra, len(title)):
            lines = [title[a:b] for a, b in zip((0, *cut), (*cut, len(title)))]
            widths = [text_width(x) for x in lines]
            if max(widths) > per_line or min(widths) < 4:
                continue
            score = 0.5 * (max(widths) - min(widths)) + sum(points[c] for c in cut) + 6 * extra
            if score < best_score:
                best, best_score = lines, score
        if best is not None:
            break
    if best is None:
        step = int(per_line)
        return [title[i:i + step] for i in range(0, len(title), step)]
    return best


def _break_points(title: str) -> dict[int, float]:
    """Position → penalty of breaking the title there (lower is better)."""
    points: dict[int, float] = {}
    for words, after, penalty in _BREAKS:
        for word in words:
            for m in re.finditer(re.escape(word), title):
                at = m.end() if after else m.start()
                if 0 < at < len(title):
                    points[at] = min(points.get(at, math.inf), penalty)
    for i in range(1, len(title)):
        if i in points or title[i] in _NO_LINE_START or title[i - 1] in _NO_LINE_END:
            continue
        if _UNBREAKABLE.match(title[i - 1]) and _UNBREAKABLE.match(title[i]):
            continue
        points[i] = 8.0
    return points


def _cuts(candidates: list[int], count: int, length: int, limit: int = 20000) -> list[tuple[int, ...]]:
    """Increasing tuples of ``count − 1`` cut positions from ``candidates`` (bounded)."""
    out: list[tuple[int, ...]] = []

    def walk(start: int, chosen: tuple[int, ...]) -> None:
        if len(out) >= limit:
            return
        if len(chosen) == count - 1:
            out.append(chosen)
            return
        for i in range(start, len(candidates)):
            walk(i + 1, (*chosen, candidates[i]))

    walk(0, ())
    return out
