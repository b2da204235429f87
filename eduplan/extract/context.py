"""Where a statement sits decides what it is: a result or a commitment, and which year.

A section titled 过去五年的成就 or a part titled 2020年工作总结 reports results (kind
``actual``), dated by the year in its title or else the plan's base year. Everything
else commits (kind ``target``), dated by the part's year (2021年工作要点) or else the
plan's end year.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from eduplan.extract.ruleset import RuleSet
from eduplan.ingest.document import Document, Section

_YEAR = re.compile(r"((?:19|20)\d\d)")


@dataclass(frozen=True, slots=True)
class Mode:
    kind: str  # "actual" or "target"
    year: int | None


class DocumentContext:
    def __init__(self, doc: Document, rules: RuleSet) -> None:
        self.doc = doc
        self.rules = rules
        self.period = doc.period
        self.start_year = doc.period[0] if doc.period else None
        self.end_year = doc.period[1] if doc.period else None
        self.base_year = self.start_year - 1 if self.start_year else None
        # the year results are reported for: the base year in a plan; in an evaluation
        # report or summary the latest "截至…" year (or latest year named within the period)
        self.result_year = self._result_year() if doc.doc_type in ("evaluation", "summary") else self.base_year
        self._by_id = {s.id: s for s in doc.sections}
        self._starts = [s.start for s in doc.sections]
        self._modes: dict[int | None, Mode] = {}

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset`` (sections are in document order)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0:
            s = self.doc.sections[i]
            if s.start <= offset < s.end:
                # a later sibling's child cannot hold it; the innermost is the deepest open one
                return s
            i -= 1
        return None

    def mode(self, section: Section | None) -> Mode:
        key = section.id if section else None
        if key not in self._modes:
            self._modes[key] = self._compute_mode(section)
        return self._modes[key]

    def _compute_mode(self, section: Section | None) -> Mode:
        chain: list[Section] = []
        s = section
        while s is not None:
            chain.append(s)
            s = self._by_id.get(s.parent) if s.parent else None
        words = self.rules.lexicon.actual_sections
        for s in chain:
            if s.kind == "lead":
                continue
            if any(w in s.title for w in words):
                year = _year_in(s.title)
                return Mode("actual", year or self.result_year)
            if any(w in s.title for w in self.rules.lexicon.plan_sections):
                # 2024年工作打算 inside a summary: commitments for that year
                return Mode("target", _year_in(s.title) or self.end_year)
        for s in chain:
            year = _year_in(s.title) if s.kind == "part" else None
            if year:
                return Mode("target", year)
        if self.doc.doc_type == "summary":
            return Mode("actual", self.end_year)  # a year's work summary reports results throughout
        return Mode("target", self.end_year)


    def _result_year(self) -> int | None:
        from eduplan.extract.years import find_years

        found = find_years(self.doc.text[:200_000])
        asof = [y.year for y in found if y.kind == "asof"]
        if asof:
            return max(asof)
        plain = [y.year for y in found if y.kind == "plain" and (self.end_year is None or y.year <= self.end_year)]
        return max(plain) if plain else self.base_year


def _year_in(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None
