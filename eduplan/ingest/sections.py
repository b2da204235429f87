"""Build the section tree of a Chinese official document from its heading numbers.

Headings are numbered 第一章 / 第一节 / 一、 / (一) / 1. / (1) / ①, and —— opens a lead paragraph
(a sub-point). Documents skip and reorder these styles, so levels are not fixed per style:
as in Word's outline detection, a style seen for the first time nests under the current
heading, and a style already open closes everything opened after it.

Numbers must run in sequence (1, 2, 3 … or a restart at 1 under a new parent, or a
numbering that continues across parents as in 1–14 over (一)…(五)). This rejects most
false headings, such as a table cell "2." or a page-break artefact. Run-on texts whose
paragraphs were lost (one huge line) also get headings found inside lines, but only after
a sentence end and only in strict sequence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from eduplan.ingest.document import Section

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

_CN = "一二三四五六七八九十"
# (style, pattern of the number at a heading start). Order matters: first match wins.
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(r"第([一二三四五六七八九十百零〇\d]{1,4})([章编篇]|部分)\s*")),
    ("part_section", re.compile(r"第([一二三四五六七八九十百零〇\d]{1,4})节\s*(?!课)(?=\S)")),  # not 第一节课, a lesson
    ("cn", re.compile(rf"([{_CN}]{{1,3}})\s*[、.．]\s*(?=\S)")),
    ("paren_cn", re.compile(rf"[(（]([{_CN}]{{1,3}})[)）]\s*")),
    ("arabic", re.compile(r"(\d{1,2})\s*[.、．]\s*(?=[\u4e00-\u9fff“《(【])")),
    ("paren_arabic", re.compile(r"[(（](\d{1,2})[)）]\s*(?=[^\s\d%)])")),
    ("circled", re.compile(rf"([{_CIRCLED}])\s*")),
    ("dash", re.compile(r"——\s*(?=[^\s—])")),
]
# a numeral lost in conversion: a short line "、主要目标"
_BROKEN_CN = re.compile(r"、(?=[\u4e00-\u9fff]{2,16}$)")
_TITLE_END = re.compile(r"[。;:!?]")
_INLINE_BEFORE = "。:;!?"
_INLINE_ANYWHERE = "(0123456789"
# where a heading may start inside a line: after a sentence mark, or at "(" or a digit
_INLINE_SPOT = re.compile(r"(?<=[。:;!?])|(?=[(0-9])")
# words that end a heading title in run-on text, where no line break marks the end
_TITLE_TAIL = re.compile(r"(情况|问题|措施|建议|对策|目标|任务|要求|成效|成就|思路|保障|机制)")
_MAX_TITLE = 60


def cn_to_int(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20, 二十三 → 23; also Arabic digits and ①."""
    if len(s) == 1 and s in _CIRCLED:
        return _CIRCLED.index(s) + 1
    if s.isdecimal():
        return int(s)
    total, current = 0, 0
    for ch in s:
        if ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            return 0
    return total + current


@dataclass(slots=True)
class _Candidate:
    start: int  # offset of the number
    body: int  # offset of the title after the number
    style: str
    number: int
    written: str  # the number as written, e.g. "(一)"
    line_start: bool
    broken: bool = False


@dataclass(slots=True)
class _Open:
    style: str
    number: int
    index: int  # index into the output list


def build_sections(
    text: str,
    *,
    skip: list[tuple[int, int]] | None = None,
    repeats: list[tuple[int, int]] | None = None,
) -> list[Section]:
    """The section tree of ``text`` as a flat list in document order (parents first).

    ``skip`` spans (tables) hold no headings; ``repeats`` spans are a second copy of the
    text and become one section of kind ``repeat``.
    """
    repeats = repeats or []
    excluded = list(skip or []) + list(repeats)
    run_on = _is_run_on(text)
    candidates = [c for c in _candidates(text, inline=run_on) if not _inside(c.start, excluded)]
    parts = _part_headings(text, candidates)

    raw: list[dict] = []
    stack: list[_Open] = []
    last_by_style: dict[str, int] = {}
    events = sorted([(p, "part", None) for p in parts] + [(c.start, "heading", c) for c in candidates],
                    key=lambda e: e[0])
    for n, (pos, kind, cand) in enumerate(events):
        if kind == "part":
            stack = []
            last_by_style = {}
            line_end = _line_end(text, pos)
            raw.append(dict(level=1, number="", title=text[pos:line_end].strip(), start=pos, kind="part"))
            stack.append(_Open("part", 0, len(raw) - 1))
            continue
        assert cand is not None
        placed = _place(cand, stack, last_by_style, lambda: _next_number(events, n, cand.style))
        if placed is None:
            continue
        depth = placed
        del stack[depth:]
        number = cand.number
        if cand.broken:
            number = last_by_style.get(cand.style, 0) + 1
        raw.append(dict(level=depth + 1, number=cand.written, title=_title(text, cand, _next_start(events, n)), start=cand.start,
                        kind="lead" if cand.style == "dash" else "heading"))
        stack.append(_Open(cand.style, number, len(raw) - 1))
        last_by_style[cand.style] = number

    for a, _b in repeats:
        raw.append(dict(level=1, number="", title="重复的正文（原网页把正文收录了两遍）", start=a, kind="repeat"))
    raw.sort(key=lambda r: r["start"])
    return _finish(raw, len(text), repeats)


def _next_number(events: list, n: int, style: str) -> int | None:
    """The number of the next candidate of the same style (to vet a skipped number)."""
    for _pos, kind, cand in events[n + 1:]:
        if kind == "heading" and cand.style == style:
            return cand.number
    return None


def _place(c: _Candidate, stack: list[_Open], last_by_style: dict[str, int],
           following: Callable[[], int | None]) -> int | None:
    """Depth (0-based) at which the candidate opens, or None when it is not a heading.

    A skipped number (3 after 1) is accepted at a line start, as a heading lost in
    conversion, unless the skipped number itself follows (then this one is a stray).
    """
    styles = [o.style for o in stack]
    if c.style in styles:
        depth = styles.index(c.style)
        last = stack[depth].number
        if c.style == "dash" or c.broken:
            return depth
        if c.number == last + 1:
            return depth
        if c.line_start and c.number == last + 2 and following() != last + 1:
            return depth  # one heading lost in conversion
        return None
    # a style not open now: it nests under the current heading
    if c.style == "dash" or c.broken:
        return len(stack)
    previous = last_by_style.get(c.style, 0)
    if c.number == 1 or (c.line_start and c.number == previous + 1):
        return len(stack)
    if c.line_start and previous > 0 and c.number == previous + 2 and following() != previous + 1:
        return len(stack)
    return None


def _candidates(text: str, *, inline: bool) -> list[_Candidate]:
    out: list[_Candidate] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line:
            continue
        c = _match_at(text, start, line_start=True)
        if c is None and _BROKEN_CN.match(line):
            c = _Candidate(start, start + 1, "cn", 0, "、", True, broken=True)
        if c is not None:
            out.append(c)
        if inline:
            for hit in _INLINE_SPOT.finditer(text, start + 1, start + len(line)):
                i = hit.start()
                ci = _match_at(text, i, line_start=False)
                if ci is not None and (text[i - 1] in _INLINE_BEFORE or ci.style in ("paren_cn", "arabic")):
                    out.append(ci)
    return out


def _match_at(text: str, i: int, *, line_start: bool) -> _Candidate | None:
    for style, pat in _STYLES:
        m = pat.match(text, i)
        if not m:
            continue
        if style == "dash":
            return _Candidate(i, m.end(), style, 0, "——", line_start)
        number = cn_to_int(m.group(1))
        if number <= 0:
            return None
        if style == "cn" and text.startswith(("是", "要", "方面"), m.end()):
            return None
        return _Candidate(i, m.end(), style, number, text[i : m.end()].strip(), line_start)
    return None


def _title(text: str, c: _Candidate, limit: int) -> str:
    """The heading's title: up to the sentence end, the line end or the next heading.

    Run-on text has neither line breaks nor punctuation after a title, so there the
    title ends after a typical closing word (情况, 问题, 措施 …) within 20 characters.
    """
    line_end = _line_end(text, c.body, c.body + 400)
    end = min(line_end, limit)
    rest = text[c.body:end]
    m = _TITLE_END.search(rest)
    if c.line_start:
        if m and m.start() <= _MAX_TITLE:
            return rest[: m.start()].strip()
        if len(rest) <= _MAX_TITLE:
            return rest.strip()
    else:
        seg = rest[: m.start()] if m else rest
        if len(seg) <= 16 or (not m and end == limit and len(seg) <= 30):
            return seg.strip()
        tails = [t.end() for t in _TITLE_TAIL.finditer(seg) if 4 <= t.start() and t.end() <= 20]
        if tails:
            return seg[: tails[-1]].strip()
    comma = rest.find(",")
    return (rest[:comma] if 0 < comma <= 40 else rest[:30]).strip()


def _next_start(events: list, n: int) -> int:
    return events[n + 1][0] if n + 1 < len(events) else 1 << 62


def _line_end(text: str, i: int, bound: int | None = None) -> int:
    """End of the line holding ``i``, looking no further than ``bound``."""
    bound = len(text) if bound is None else min(bound, len(text))
    j = text.find("\n", i, bound)
    return bound if j < 0 else j


def _inside(i: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= i < b for a, b in spans)


def _is_run_on(text: str) -> bool:
    """True for texts whose paragraph breaks were lost (a few very long lines)."""
    lines = [ln for ln in text.split("\n") if ln.strip()]
    if not lines:
        return False
    long_chars = sum(len(ln) for ln in lines if len(ln) > 2000)
    return long_chars > 0.5 * sum(len(ln) for ln in lines)


def _part_headings(text: str, candidates: list[_Candidate]) -> list[int]:
    """Unnumbered part titles (2020年工作总结 / 2021年工作要点) above restarting 一、 lists.

    Only when the top numbering restarts at 一 do we look for them: for each 一、 heading,
    the nearest short, unpunctuated line within the two preceding non-empty lines.
    """
    firsts = [c for c in candidates if c.style in ("cn", "chapter") and c.number == 1 and c.line_start]
    if len(firsts) < 2:
        return []
    found: list[int] = []
    for c in firsts:
        end = c.start
        seen = 0
        while end > 0 and seen < 2:
            start = text.rfind("\n", 0, end - 1) + 1
            line = text[start : end - 1] if text[end - 1] == "\n" else text[start:end]
            end = start
            if not line.strip():
                continue
            seen += 1
            if 4 <= len(line) <= 30 and not re.search(r"[。,;:!?、]$", line) and not _match_at(
                text, start, line_start=True
            ):
                found.append(start)
                break
    return found if len(found) == len(firsts) else []


def _finish(raw: list[dict], length: int, repeats: list[tuple[int, int]]) -> list[Section]:
    """Assign ids and parents in document order and compute each section's end.

    A section ends where the next section of the same or a higher level starts, at a
    repeated copy of the text, or at the end of the text.
    """
    out: list[Section] = []
    ends: dict[int, int] = {}
    open_: list[Section] = []
    for i, r in enumerate(raw):
        level = 1 if r["kind"] == "repeat" else r["level"]
        while open_ and (open_[-1].level >= level or r["kind"] == "repeat"):
            ends[open_.pop().id] = r["start"]
        parent = open_[-1].id if open_ else None
        section = Section(i + 1, parent, level, r["number"], r["title"], r["start"], length, r["kind"])
        out.append(section)
        open_.append(section)
    for s in open_:
        ends[s.id] = length
    result = []
    for s in out:
        end = ends[s.id]
        for a, _b in repeats:
            if s.kind != "repeat" and s.start < a < end:
                end = a
        result.append(Section(s.id, s.parent, s.level, s.number, s.title, s.start, end, s.kind))
    return result
