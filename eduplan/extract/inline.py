"""Targets in running text: each quantity with its indicator, comparator, year and kind."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from eduplan.extract.clauses import SentenceIndex, clause_start
from eduplan.extract.context import DocumentContext
from eduplan.extract.mentions import Mention
from eduplan.extract.naming import (
    count_precedes_noun,
    following_span,
    aside_start,
    noun_after,
    object_of,
    preceding_span,
    strip_name,
)
from eduplan.extract.records import TargetRecord
from eduplan.extract.ruleset import RuleSet
from eduplan.extract.years import YearMention

_CHANGE_SUFFIX = {"降低": "降幅", "下降": "降幅", "减少": "降幅", "提高": "增幅", "提升": "增幅", "增长": "增幅",
                  "增加": "增幅", "上升": "增幅"}


_RANK = re.compile(r"(?:进入|位居|保持)?(?:全国|全省|全市|全县|全区|同类)?前$")
_COMPARED = re.compile(r"[比较](?:(?:19|20)\d\d年|去年|上年)")


def _change_suffix(name: str) -> tuple[str, str]:
    """近视率每年降低 → ("近视率", "年降幅"); 年均增长 → ("", "年均增幅"); ("", "") for no change."""
    for prefix, label in (("每年", "年"), ("年均", "年均"), ("逐年", "年"), ("", "")):
        for verb, suffix in _CHANGE_SUFFIX.items():
            if name.endswith(prefix + verb):
                return name[: -len(prefix + verb)], label + suffix
    return "", ""


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
    def __init__(self, text: str, ctx: DocumentContext, rules: RuleSet, years: list[YearMention],
                 mentions: list[Mention] | None = None) -> None:
        self.text = text
        self.ctx = ctx
        self.rules = rules
        self.years = years
        self._year_starts = [y.start for y in years]
        self.last: Statement | None = None  # the statement named before, for parallel clauses
        self.sentences = SentenceIndex(text)
        self.mention_spans = sorted((m.start, m.end) for m in mentions or [])
        self._comparator_words = {w for w, _ in rules.before_words}
        self.last_record: TargetRecord | None = None

    # --- naming -------------------------------------------------------------------
    def statement(self, m: Mention, floor: int, ceiling: int | None = None) -> Statement | None:
        """Name the value ``m``: from the clause before it (not before ``floor``) or, for
        counts written before their noun, from the clause after it (not past ``ceiling``)."""
        st = self._name(m, floor, ceiling)
        if st is not None:
            self.last = st
        return st

    def _previous(self, m: Mention) -> Statement | None:
        """The statement just before ``m`` in the same sentence."""
        last = self.last
        if last is None or last.mention.end > m.start:
            return None
        if self.sentences.start(last.mention.start) != self.sentences.start(m.start):
            return None
        return last

    def _name(self, m: Mention, floor: int, ceiling: int | None) -> Statement | None:
        text = self.text
        lex = self.rules.lexicon
        p_start, p_end = preceding_span(text, m, floor)
        raw_before = text[p_start:p_end]
        before_name = strip_name(raw_before, self.rules)
        if before_name in lex.bare_verbs or before_name in lex.tail_words or before_name in self._comparator_words:
            before_name = ""
        comparator, plain = self._comparator(raw_before, m)
        rank = _RANK.search(before_name) if m.unit in ("名", "位") and raw_before.rstrip().endswith("前") else None
        if rank:
            # 进入全省前30名: a rank to stay within
            before_name = before_name[: rank.start()] + "排名" if "排名" not in before_name else before_name[: rank.start()]
            comparator, plain = "<=", False
        if count_precedes_noun(text, m, percent=len(before_name) < 2):
            f_start, f_end = following_span(text, m, ceiling)
            n_start, n_end = noun_after(text, f_start + (text[f_start] == "的"), f_end, self.rules)
            if m.unit == "%":
                # 90%以上的中小学达到省现代化学校标准: a share is of the whole clause, predicate included
                n_end = aside_start(text, n_start, f_end)
            # a noun that runs straight into the next value belongs to that value
            if ceiling is None or n_end < ceiling:
                after_name = strip_name(text[n_start:n_end], self.rules)
                if len(after_name) <= 2:
                    # 学校创成省现代化学校: a generic noun keeps its predicate
                    n_end = aside_start(text, n_start, f_end)
                    after_name = strip_name(text[n_start:n_end], self.rules)
                if 1 <= len(after_name) <= 2:
                    verbs = strip_name(raw_before, self.rules, keep_verbs=True)
                    prefix = before_name or (verbs if 2 <= len(verbs) <= 6 else "") or self._borrow(p_start, "")
                    after_name = prefix + after_name
                if len(after_name) >= 2:
                    return Statement(m, after_name, n_start, n_end, comparator, plain)
        prev = self._previous(m)
        if prev and 2 <= len(before_name) < len(prev.name) and prev.name.startswith(before_name):
            before_name = prev.name  # 2024年新建公办幼儿园3所,2025年新建2所: the verb repeats, the noun is implied
        elif prev and len(before_name) < 2 and p_start == prev.mention.end:
            before_name = prev.name  # 上线率28.96%2015年为9.32%: the same indicator, another year
        elif prev and 2 <= len(before_name) <= 3 and re.match(r"^[和及与]", raw_before) \
                and len(prev.name) > len(before_name) + 1:
            before_name = prev.name[: -len(before_name)] + before_name  # 突出贡献集体40个和个人199名
        own_subject, change = _change_suffix(before_name)
        if change:
            # 近视率每年降低1个百分点; 近视率逐年下降,每年降低0.5个百分点: a rate of change
            own_subject = _COMPARED.sub("", own_subject)
            subject = own_subject if len(own_subject) >= 2 else self._borrow(p_start, "")
            before_name = subject + change if subject else before_name
        elif len(before_name) < 2 or before_name.startswith("有"):
            before_name = self._borrow(p_start, before_name)
        if len(before_name) < 2:
            f_start, f_end = following_span(text, m, ceiling)
            after_name = strip_name(text[f_start:f_end], self.rules)
            if len(after_name) >= 2:
                return Statement(m, after_name, f_start, f_end, comparator, plain)
            return None
        offset = raw_before.find(before_name)
        start = p_start + max(offset, 0)
        end = start + len(before_name)
        return Statement(m, object_of(before_name, self.rules), start, end, comparator, plain)

    def _borrow(self, start: int, name: str) -> str:
        """A clause with only a verb (共交流, 提升) takes the subject of the clause before."""
        j = start - 1
        if j < 0 or self.text[j] not in ",、(":
            return name
        prev_start = clause_start(self.text, j, list_items=False)
        # the subject is the name just before the clause's last value:
        # 创建省现代化学校6所,累计达到28所 → 创建省现代化学校
        inside = [sp for sp in self._spans_between(prev_start, j)]
        if inside:
            seg_start = inside[-2][1] if len(inside) > 1 else prev_start
            subject = self.text[seg_start:inside[-1][0]]
        else:
            subject = self.text[prev_start:j]
        for cut in ("达", "为", "超过", "保持"):
            k = subject.find(cut)
            if k > 1:
                subject = subject[:k]
                break
        subject = strip_name(subject, self.rules)
        for word in (*self.rules.increase_words, *self.rules.decrease_words):
            if subject.endswith(word) and len(subject) > len(word) + 1:
                subject = subject[: -len(word)]
                break
        subject = subject.rstrip("0123456789.%")
        return (subject + name)[-30:] if subject else name

    def _spans_between(self, a: int, b: int) -> list[tuple[int, int]]:
        i = bisect.bisect_left(self.mention_spans, (a, -1))
        out = []
        while i < len(self.mention_spans) and self.mention_spans[i][0] < b:
            out.append(self.mention_spans[i])
            i += 1
        return out

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
        floor = max(floor, pos - 300)
        while i >= 0 and self.years[i].start >= floor:
            y = self.years[i]
            if y.kind not in ("compare", "date", "range", "event") and y.end <= pos and not self._closed_aside(y.end, pos):
                return y
            i -= 1
        return None

    def _closed_aside(self, a: int, b: int) -> bool:
        """True when a parenthesis closes between a and b: the year sat inside an aside."""
        depth = 0
        for ch in self.text[a:b]:
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    return True
                depth -= 1
        return False

    def kind_and_year_at(self, pos: int) -> tuple[str, int | None]:
        """Kind and year for a statement at ``pos`` that has no value of its own."""
        return self.kind_and_year(Mention(pos, pos, None, None, pos))

    def kind_and_year(self, m: Mention) -> tuple[str, int | None]:
        text = self.text
        s_start = self.sentences.start(m.start)
        section = self.ctx.section_at(m.start)
        mode = self.ctx.mode(section)
        y = self.governing_year(m.start, s_start)
        sentence = text[s_start:self.sentences.end(m.start)]
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
        if self._describes_existing(m):
            return "actual", y.year if y and y.kind == "plain" else mode.year
        if y is None:
            if self._reports_result(sentence):
                return "actual", self.ctx.base_year or mode.year
            return "target", mode.year
        if y.kind == "relative":
            base = mode.year
            return ("actual" if y.offset < 0 else "target"), (base + y.offset) if base else None
        reported = self.ctx.result_year if self.ctx.doc.doc_type in ("evaluation", "summary") else None
        if y.kind == "asof" or (y.kind == "plain" and reported is not None and y.year <= reported):
            return "actual", y.year  # 截至2023年底…; a year's value in an evaluation report is a result
        if start_year and y.year < start_year and y.kind in ("plain", "since"):
            return "actual", y.year if y.kind == "plain" else self.ctx.base_year
        return "target", y.year

    def _describes_existing(self, m: Mention) -> bool:
        """发挥好679个基层支部的作用: the count describes what exists."""
        text = self.text
        c_start = max(text.rfind(",", max(0, m.start - 200), m.start) + 1, m.start - 200)
        c_end = text.find(",", m.end, m.end + 200)
        c_end = min(len(text), m.end + 200) if c_end < 0 else c_end
        for first, second in self.rules.lexicon.existing_frames:
            if first in text[c_start:m.start] and second in text[m.end:min(c_end, m.end + 30)]:
                return True
        return False

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
            if comparator is None or st.plain_verb:
                comparator = "="
        elif comparator is None:
            comparator = ">="
        if m.upper is not None and comparator == "=":
            comparator = ">="
        start = min(st.name_start, m.start)
        end = max(st.name_end, m.end)
        record = TargetRecord(
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
        last = self.last_record
        if kind == "target" and last is not None and last.kind == "actual" and last.indicator == record.indicator \
                and last.unit == record.unit and self.sentences.start(last.start) == self.sentences.start(m.start):
            record.baseline = {"year": last.year, "value": last.value}  # 由2020年的96.8%提高到98%
        self.last_record = record
        return record
