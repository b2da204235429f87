"""Targets in running text: each quantity with its indicator, comparator, year and kind."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from decimal import Decimal

from eduplan.extract.clauses import sentence_end, sentence_start
from eduplan.extract.context import DocumentContext
from eduplan.extract.mentions import Mention
from eduplan.extract.naming import count_precedes_noun, following_span, preceding_span, strip_name
from eduplan.extract.records import TargetRecord
from eduplan.extract.ruleset import RuleSet
from eduplan.extract.years import YearMention

_CHANGE_VERBS = ("提升", "提高", "下降", "降低", "增长", "增加", "减少", "上升")


@dataclass(slots=True)
class Statement:
    """A value with the text around it, before it becomes a TargetRecord."""

    mention: Mention
    name: str
    name_start: int
    name_end: int
    comparator: str | None  # from the words, before the kind is known
    plain_verb: bool  # the comparator word was a plain 达到/为 (an exact level for results)


class InlineExtractor:
    def __init__(self, text: str, ctx: DocumentContext, rules: RuleSet, years: list[YearMention]) -> None:
        self.text = text
        self.ctx = ctx
        self.rules = rules
        self.years = years
        self._year_starts = [y.start for y in years]

    # --- naming -------------------------------------------------------------------
    def statement(self, m: Mention, floor: int) -> Statement | None:
        text = self.text
        p_start, p_end = preceding_span(text, m, floor)
        raw_before = text[p_start:p_end]
        before_name = strip_name(raw_before, self.rules)
        comparator, plain = self._comparator(raw_before, m)
        if count_precedes_noun(text, m):
            f_start, f_end = following_span(text, m)
            after_name = strip_name(text[f_start:f_end], self.rules)
            if len(after_name) >= 2:
                return Statement(m, after_name, f_start, f_end, comparator, plain)
        if len(before_name) < 2 or before_name in _CHANGE_VERBS:
            before_name = self._borrow(p_start, before_name)
        if len(before_name) < 2:
            f_start, f_end = following_span(text, m)
            after_name = strip_name(text[f_start:f_end], self.rules)
            if len(after_name) >= 2:
                return Statement(m, after_name, f_start, f_end, comparator, plain)
            return None
        offset = raw_before.find(before_name)
        start = p_start + max(offset, 0)
        return Statement(m, before_name, start, start + len(before_name), comparator, plain)

    def _borrow(self, clause_start: int, name: str) -> str:
        """A clause with only a verb (共交流, 提升) takes the subject of the clause before."""
        j = clause_start - 1
        if j < 0 or self.text[j] not in ",、(":
            return name
        from eduplan.extract.clauses import clause_start as cs

        prev_start = cs(self.text, j, list_items=False)
        subject = strip_name(self.text[prev_start:j], self.rules)
        for cut in ("达", "为", "超过", "保持"):
            k = subject.find(cut)
            if k > 1:
                subject = subject[:k]
                break
        subject = subject.rstrip("0123456789.%")
        return (subject + name)[-30:] if subject else name

    def _comparator(self, raw_before: str, m: Mention) -> tuple[str | None, bool]:
        after = self.text[m.number_end:m.end]
        for word, cmp in self.rules.after_words:
            if after.startswith(word):
                return cmp, False
        zone = raw_before.rstrip()[-8:]
        best: tuple[int, str, str] | None = None
        for word, cmp in self.rules.before_words:
            k = zone.rfind(word)
            if k >= 0 and (best is None or k + len(word) > best[0]):
                best = (k + len(word), word, cmp)
        if best is None:
            return None, True
        return best[2], best[1] in self.rules.plain_for_actual

    # --- time and kind -------------------------------------------------------------
    def governing_year(self, pos: int, floor: int) -> YearMention | None:
        i = bisect.bisect_right(self._year_starts, pos) - 1
        while i >= 0 and self.years[i].start >= floor:
            y = self.years[i]
            if y.kind not in ("compare", "date", "range") and y.end <= pos:
                return y
            i -= 1
        return None

    def kind_and_year(self, m: Mention) -> tuple[str, int | None]:
        text = self.text
        s_start = sentence_start(text, m.start)
        section = self.ctx.section_at(m.start)
        mode = self.ctx.mode(section)
        y = self.governing_year(m.start, s_start)
        sentence = text[s_start:sentence_end(text, m.start)]
        start_year = self.ctx.start_year
        if mode.kind == "actual":
            if y and y.kind == "deadline" and mode.year and y.year > mode.year:
                return "target", y.year
            if y is None or y.kind == "since":
                return "actual", mode.year
            if y.kind == "relative":
                return "actual", (mode.year + y.offset) if mode.year else None
            return "actual", y.year
        # a commitment, unless it reports a year before the plan began
        if y is None:
            if self._reports_result(sentence):
                return "actual", self.ctx.base_year or mode.year
            return "target", mode.year
        if y.kind == "relative":
            base = mode.year
            return ("actual" if y.offset < 0 else "target"), (base + y.offset) if base else None
        if start_year and y.year < start_year and y.kind in ("plain", "since"):
            return "actual", y.year if y.kind == "plain" else self.ctx.base_year
        return "target", y.year

    def _reports_result(self, sentence: str) -> bool:
        lex = self.rules.lexicon
        if any(c in sentence for c in lex.target_cues):
            return False
        return any(c in sentence for c in lex.actual_cues)

    # --- records -------------------------------------------------------------------
    def record(self, st: Statement, *, name: str | None = None, value: Decimal | None = None,
               year: int | None = None, kind: str | None = None) -> TargetRecord:
        m = st.mention
        k, y = self.kind_and_year(m)
        kind = kind or k
        year = year if year is not None else y
        comparator = st.comparator
        if kind == "actual":
            if comparator is None or (st.plain_verb and comparator == ">="):
                comparator = "="
        elif comparator is None:
            comparator = ">="
        if m.upper is not None and comparator == "=":
            comparator = ">="
        start = min(st.name_start, m.start)
        end = max(st.name_end, m.end)
        return TargetRecord(
            indicator=name or st.name,
            comparator=comparator,
            value=value if value is not None else m.value,
            unit=m.unit,
            year=year,
            kind=kind,
            quote=self.text[start:end],
            start=start,
            end=end,
            confidence=0.8 if m.chinese or m.special else 0.9,
        )
