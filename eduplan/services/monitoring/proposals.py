"""Achieved values read from a document, proposed as monitoring data (pure; no database).

A 统计公报, a 工作总结 or a 政府工作报告 reports what was achieved; extraction already reads
those figures as kind ``actual`` with their year (``extract/timing.py``). A figure becomes a
*proposal* — an observation waiting for a person to accept it — when it is a level (not a
change against last year, not a commitment), its year is known, and its value is plausible
for its unit (a count of people or schools is whole). The name is linked to the indicator
dictionary with the matcher the plans use (qualifiers respected), and the value converted to
the indicator's unit. Unlinked figures are proposed too: a reviewer may pick the indicator.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from eduplan.extract.records import Extraction, TargetRecord
from eduplan.services.dictionary.matching import IndicatorMatcher
from eduplan.services.exchange.quantities import convert

# units counted in whole numbers: 1.06人 is a typo, never a value to store
WHOLE_UNITS = frozenset({"人", "名", "位", "所", "个", "项", "家", "间", "座", "栋", "幢", "班", "次", "场", "人次", "册", "台",
                         "件", "套", "张", "户"})
# a change against an earlier value is no level of its own
_CHANGE = re.compile(r"(?:比|较)(?:上年|去年|上一年|(?:19|20)\d\d年)|(?:增幅|降幅|增长率)$")


@dataclass(frozen=True, slots=True)
class Proposal:
    """One figure of a document proposed as the observation of an indicator and year."""

    name: str  # the name as the document writes it
    indicator_id: int | None
    indicator: str | None  # the linked indicator's canonical name
    value: Decimal  # in the indicator's unit when linked, else in the document's
    unit: str | None
    year: int
    quote: str
    start: int
    end: int
    score: float = 0.0  # how sure the link is (100 = exact name or alias)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A result the document states that cannot be proposed, and why (shown to reviewers)."""

    name: str
    quote: str
    start: int
    end: int
    reason: str


_PROGRAMME = re.compile(r"(?:项目|工程|实事)")
_PROGRAMME_SIZE = re.compile(r"(?:总投资|总投入|列为|列入|纳入)")
_DONE = re.compile(r"(?:已|完成了|建成了|实际)")


def proposable(t: TargetRecord, text: str = "") -> str | None:
    """Why ``t`` cannot be a proposal, or None when it can."""
    if t.kind != "actual" or t.value is None:
        return "不是实际值"
    if t.year is None:
        return "年份不明"
    if t.unit in WHOLE_UNITS and t.value != t.value.to_integral_value():
        return f"计数应为整数（{t.value}{t.unit}），可能是原文笔误"
    if _CHANGE.search(t.indicator):
        return "是与上年相比的变化量，不是当年数值"
    if getattr(t, "role", None) == "context" or (t.unit in ("个", "项") and _PROGRAMME.search(t.indicator)):
        return "描述项目清单，不是监测值"
    if text and _sizes_programme(text, t):
        return "描述计划的项目规模（总投资、列为项目），不是已实现的数值"
    return None


def _sizes_programme(text: str, t: TargetRecord) -> bool:
    """The sentence sizes a programme (把41个项目列为民生实事,项目总投入13.7亿元,共计增加学位
    2.2万个) and the figure's clause reports nothing done: a plan inside a report."""
    a = max(text.rfind(c, 0, t.start) for c in "。;\n") + 1
    ends = [i for c in "。;\n" if (i := text.find(c, t.end)) >= 0]
    sentence = text[a:min(ends) if ends else len(text)]
    clause_start = max(text.rfind(c, a, t.start) for c in ",，") + 1
    clause = text[max(a, clause_start):t.end]
    return bool(_PROGRAMME.search(sentence) and _PROGRAMME_SIZE.search(sentence) and not _DONE.search(clause))


def propose(extraction: Extraction, matcher: IndicatorMatcher, unit_of: Callable[[int], str | None],
            text: str = "") -> tuple[list[Proposal], list[Skipped]]:
    """The proposals of one document (``text`` is its stored text), in text order, and the
    results left out with a reason."""
    proposals: list[Proposal] = []
    skipped: list[Skipped] = []
    seen: set[tuple[str, int, Decimal]] = set()
    for t in sorted(extraction.targets, key=lambda r: r.start):
        if t.kind != "actual":
            continue
        reason = proposable(t, text)
        if reason is not None:
            skipped.append(Skipped(t.indicator, t.quote, t.start, t.end, reason))
            continue
        match = matcher.match(t.indicator)
        value, unit = t.value, t.unit
        if match is not None:
            target_unit = unit_of(match.indicator_id)
            try:
                value = convert(t.value, t.unit, target_unit)
                unit = target_unit or t.unit
            except ValueError:
                match = None  # 万元 against a % indicator: not this indicator
        key = (match.name if match else t.indicator, t.year, value)
        if key in seen:
            continue  # the same figure restated (a table and its paragraph)
        seen.add(key)
        proposals.append(Proposal(
            name=t.indicator, indicator_id=match.indicator_id if match else None,
            indicator=match.name if match else None, value=value, unit=unit, year=t.year,
            quote=t.quote, start=t.start, end=t.end, score=match.score if match else 0.0,
        ))
    return proposals, skipped
