"""Yes/no goals without a number: 力争2023年创成全国义务教育优质均衡市, 到2024年建成县青少年
综合实践活动中心, 2025年通过国家学前教育普及普惠县督导评估.

Such a goal is a target of measure ``binary`` (1 = done, 0 = not yet) with the named title
or facility as its indicator and the year as its deadline. The words are rule data
(``measures.yaml`` key ``binary``). A clause holding a count (创成省现代化学校30所) is a
quantity the numeric extractors read, and a result (已创成, 先后荣获) is no goal.

These records are kept apart from ``Extraction.targets`` (``Extraction.goals``): the
numeric contract of ``eduplan extract`` (scored against the seed gold) stays as it is, and
ingest stores both.
"""

from __future__ import annotations

import re

from eduplan.extract.measure_rules import BinaryRule, load_measure_rules
from eduplan.extract.records import TargetRecord
from eduplan.extract.ruleset import load_rules
from eduplan.ingest.document import Document

_CLAUSE = re.compile(r"[^，,；;。！？!?\n：:]+")
_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
_COUNT = re.compile(r"\d|[一二三四五六七八九十百两]+\s*(?:所|个|家|项|名|条|门|场|人|批)")
PLAN_TYPES = ("plan", "action_plan", "work_points")


def binary_goals(doc: Document, *, taken: list[tuple[int, int]] = ()) -> list[TargetRecord]:
    """Every yes/no goal of ``doc`` outside the spans of ``taken`` (numeric targets), one per
    title: a title stated twice keeps the statement with a written year (the earliest)."""
    rule = load_measure_rules().data.binary
    actual_sections = load_rules().lexicon.actual_sections
    text = doc.text
    found: dict[str, tuple[tuple[int, int, int], TargetRecord]] = {}
    verbs = sorted(rule.verbs, key=len, reverse=True)
    for sentence in re.finditer(r"[^。；;！？!?\n]+", text):
        if any(w in sentence.group() for w in rule.actual_cues):
            continue
        year_before: int | None = None
        for clause in _CLAUSE.finditer(sentence.group()):
            a = sentence.start() + clause.start()
            piece = clause.group()
            years = [int(y) for y in _YEAR.findall(piece)]
            for start, end, verb, title in _goals(piece, a, rule, verbs):
                if _inside(start, taken):
                    continue
                year = years[0] if years else year_before
                written = year is not None
                if year is None and doc.doc_type in PLAN_TYPES and doc.period:
                    year = doc.period[1]
                section = doc.section_at(start)
                if year is None or (section is not None and any(w in section.title for w in actual_sections)):
                    continue
                record = TargetRecord(indicator=f"{verb}{title}", comparator=">=", value=None, unit=None, year=year,
                                      kind="target", quote=text[start:end], start=start, end=end, confidence=0.7,
                                      measure="binary", direction="up")
                rank = (0 if written else 1, year, start)
                if title not in found or rank < found[title][0]:
                    found[title] = (rank, record)
            if years:
                year_before = years[-1]
    return sorted((r for _, r in found.values()), key=lambda r: r.start)


def _goals(piece: str, offset: int, rule: BinaryRule, verbs: list[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, verb, title) of the goals in one clause: none, one, or several titles
    written one after the other (创成全国学前教育普及普惠市全国义务教育优质均衡市)."""
    if _COUNT.search(_YEAR.sub("", piece)):
        return []
    for verb in verbs:
        at = piece.find(verb)
        if at < 0:
            continue
        title = piece[at + len(verb):].strip()
        if not 3 <= len(title) <= 40 or "、" in title:
            return []
        if verb == "通过":
            ok = any(title.endswith(p) for p in rule.passes)
        else:
            ok = any(title.endswith(e) for e in rule.title_endings) and not any(title.endswith(e) for e in rule.not_endings)
        if not ok:
            return []
        end = offset + len(piece.rstrip())
        parts = _split_titles(title, rule) if verb != "通过" else [title]
        return [(offset + at, end, verb, part) for part in parts]
    return []


_TITLE_START = re.compile(r"(?:全国|国家|省级|省|市级)")


def _split_titles(title: str, rule: BinaryRule) -> list[str]:
    """Titles written back to back: a new one starts at 全国/国家/省 right after a title ending."""
    cuts = [m.start() for m in _TITLE_START.finditer(title)
            if m.start() > 2 and any(title[:m.start()].endswith(e) for e in rule.title_endings)]
    bounds = [0, *cuts, len(title)]
    return [title[a:b] for a, b in zip(bounds, bounds[1:]) if b - a >= 3]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
