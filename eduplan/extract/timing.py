"""The one place that decides what a figure is: a commitment or a result, and of which year.

Extractors find figures and note the time cues their structure gives (a table column's
year and header, the year of an item in a yearly series, the start value of "由X提高到Y");
everything else comes from here, in this order of evidence:

1. the cue the structure gave (a 基期 column is a result, a 2025目标 column a target);
2. the year that governs the sentence (到2025年 a deadline, 2020年 a plain year, 截至 a
   date of results, 今年/去年 relative to the reporting year);
3. the section chain (发展基础, 工作回顾 report results; 工作打算, 主要目标 commit; a part
   titled 2021年重点工作 commits for 2021);
4. the genre (a 统计公报 reports, a 规划 commits, a 民生实事 progress notice mixes both:
   there the nearest cue word before the figure decides, 已 or 任务目标);
5. the document's dates: a plan's period (base year = first year − 1, deadline = last
   year), a yearly document's reporting year.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from eduplan.extract.clauses import SentenceIndex, clause_end, clause_start
from eduplan.extract.ruleset import RuleSet
from eduplan.extract.years import YearMention
from eduplan.ingest.document import Document, Section
from eduplan.ingest.genres import Genre, load_genres

_YEAR = re.compile(r"((?:19|20)\d\d)")
_SPAN = re.compile(r"(?:过去|近)([一二三四五六七八九十\d]{1,2})年|([一二三四五六七八九十\d]{1,2})年来")
_FROM_YEAR = re.compile(r"(?:从|由)\s*((?:19|20)\d\d)\s*年")
_FIVE_YEAR_IN = re.compile(r"十[一二三四五]五")
_FIVE_YEAR_ENDS = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_CN_SMALL = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True, slots=True)
class TimeCue:
    """What an extractor's structure says about a figure's time (all optional)."""

    year: int | None = None  # a table column's year, a series item's year
    kind: str | None = None  # a column header's kind (基期 → actual, 目标 → target)
    role: str | None = None  # "start" / "end": the values of a change (由X提高到Y)
    floor: int | None = None  # for "end": where the change phrase begins (years before it date the start)


@dataclass(frozen=True, slots=True)
class Mode:
    """How a section reads by default: kind ``actual``, ``target`` or ``mixed`` and its year.

    ``span`` is the number of years a results section looks back on (过去五年: 5)."""

    kind: str
    year: int | None
    span: int | None = None


class TimeResolver:
    """Kind and year for every figure of one document."""

    def __init__(self, doc: Document, rules: RuleSet, years: list[YearMention], sentences: SentenceIndex) -> None:
        self.doc = doc
        self.rules = rules
        self.text = doc.text
        self.years = years
        self._year_starts = [y.start for y in years]
        self.sentences = sentences
        self.genre: Genre = load_genres().get(doc.doc_type)
        period = doc.period
        self.start_year = period[0] if period else None
        self.end_year = period[1] if period else None
        rep = doc.reporting_year
        if self.genre.reports_results:
            # a results document: its figures are of the reporting year; what it plans is for later
            self.result_year = rep if rep is not None else (self.end_year or None)
            self.target_year = (self.result_year + 1) if self.result_year else self.end_year
            if self.start_year and self.end_year and self.end_year > self.start_year:
                # a report on a multi-year plan (中期评估): its commitments are the plan's
                self.target_year = self.end_year
            self.present_year = self.result_year
            if self.genre.key == "gov_report" and rep is not None:
                # a government work report is given in the year it plans and reviews the one before
                self.result_year, self.present_year, self.target_year = rep - 1, rep, rep
        else:
            # a commitments document: a plan commits to its last year, a yearly one to its year
            self.target_year = self.end_year if self.end_year else rep
            if rep is not None and not (self.start_year and self.end_year and self.end_year > self.start_year):
                self.target_year = rep
            first = self.start_year if self.start_year and self.end_year != self.start_year else rep
            self.result_year = (first - 1) if first else None
            self.present_year = rep if rep is not None else self.result_year
        self._by_id = {s.id: s for s in doc.sections}
        self._starts = [s.start for s in doc.sections]
        self._modes: dict[int | None, Mode] = {}

    @property
    def base_year(self) -> int | None:
        """The year a commitments document's results and baselines are of."""
        return self.result_year

    # --- sections ------------------------------------------------------------------------
    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset`` (sections are in document order)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        while i >= 0:
            s = self.doc.sections[i]
            if s.start <= offset < s.end:
                return s
            i -= 1
        return None

    def mode_at(self, offset: int) -> Mode:
        opened = self._paragraph_mode(offset)
        if opened is not None:
            return opened
        section = self.section_at(offset)
        key = section.id if section else None
        if key not in self._modes:
            self._modes[key] = self._section_mode(section)
        return self._modes[key]

    def _paragraph_mode(self, offset: int) -> Mode | None:
        """A paragraph that opens with its time (过去一年，… / 今年，…) in a report that reviews
        one year and plans the next: its figures are results of the reviewed year, or
        commitments of the present one."""
        if self.present_year is None:
            return None
        newline = self.text.rfind("\n", max(0, offset - 3000), offset)
        if newline < 0 and offset > 3000:
            return None  # no paragraph start within reach (a text without line breaks)
        start = newline + 1
        head = self.text[start:start + 8]
        lex = self.rules.lexicon
        if not self.genre.reports_results:
            # 2025年工作要点: "2024年，全市…新增学位1.26万个" looks back on the year before
            opening = _PARAGRAPH_YEAR.match(head)
            first = self.start_year or self.present_year
            if opening and int(opening.group(1)) < first:
                return Mode("actual", int(opening.group(1)))
            if head.startswith(tuple(lex.past_year_openers)):
                return Mode("actual", first - 1)
            return None
        if head.startswith(tuple(lex.past_year_openers)):
            return Mode("actual", self.present_year - 1 if self.genre.key == "gov_report" else self.result_year)
        if head.startswith(tuple(lex.present_year_openers)):
            return Mode("target", self.present_year if self.genre.key == "gov_report" else self.target_year)
        return None

    def _section_mode(self, section: Section | None) -> Mode:
        chain: list[Section] = []
        s = section
        while s is not None:
            chain.append(s)
            s = self._by_id.get(s.parent) if s.parent else None
        lex = self.rules.lexicon
        for s in chain:
            if s.kind == "lead":
                continue
            title = s.title
            if any(w in title for w in lex.actual_sections) and not any(w in title for w in lex.task_title_verbs):
                year = _year_in(title)
                return Mode("actual", year or self.result_year, _span_in(title))
            if any(w in title for w in lex.plan_sections):
                return Mode("target", _year_in(title) or self.target_year)
            if _span_in(title):
                return Mode("actual", self.result_year, _span_in(title))
        for s in chain:
            year = _year_in(s.title) if s.kind == "part" or self.genre.reports_results else None
            if year:
                if self.genre.reports_results and self.result_year and year <= self.result_year:
                    return Mode("actual", year)
                return Mode("target", year)
        if self.genre.figures == "results":
            return Mode("actual", self.result_year)
        if self.genre.figures == "mixed_results":
            return Mode("mixed", self.result_year)
        return Mode("target", self.target_year)

    # --- figures -------------------------------------------------------------------------
    def governing_year(self, pos: int, floor: int, ranges: bool = False, *, own_statement: bool = False
                       ) -> YearMention | None:
        """The nearest year before ``pos`` in its sentence that dates it (not a comparison base,
        a calendar date or a building event, not one closed inside an aside). A range dates
        only commitments (规划于2017—2020年内新建275所: by 2020), when ``ranges`` is set. With
        ``own_statement`` a year before a ";" belongs to another statement (a report's
        "…到2025年难以达到96%的目标；优良率为44.0%")."""
        i = bisect.bisect_right(self._year_starts, pos) - 1
        floor = max(floor, pos - 300)
        statement = self.text.rfind(";", floor, pos) + 1 if own_statement else floor
        while i >= 0 and self.years[i].start >= floor:
            y = self.years[i]
            if y.start < statement and y.start - floor > 4:
                i -= 1
                continue  # in an earlier statement, and not the sentence's opening time (到2018年底,…;…)
            if y.end <= pos and not self._closed_aside(y.end, pos):
                if y.kind == "range" and ranges and y.end_year and not self.text.startswith("学年", y.end - 2):
                    return YearMention(y.start, y.end, y.end_year, "deadline")
                if y.kind not in ("compare", "date", "range", "event"):
                    return y
            i -= 1
        return None

    def _closed_aside(self, a: int, b: int) -> bool:
        depth = 0
        for ch in self.text[a:b]:
            if ch == "(":
                depth += 1
            elif ch == ")":
                if depth == 0:
                    return True
                depth -= 1
        return False

    def resolve(self, pos: int, end: int | None = None, cue: TimeCue | None = None) -> tuple[str, int | None]:
        """Kind ("target" or "actual") and year of the figure at ``pos``."""
        cue = cue or TimeCue()
        if cue.year is not None:
            return self._structured(cue), cue.year
        if cue.role == "base":
            return "actual", self.result_year  # a 基期/现状 column without a year
        if cue.role == "goal":
            return "target", self.target_year  # a 目标值 column without a year
        mode = self.mode_at(pos)
        s_start = self.sentences.start(pos)
        y = self.governing_year(pos, s_start, ranges=mode.kind == "target", own_statement=mode.kind != "target")
        if cue.kind:
            # a table's text column says what its figures are (工作任务 / 完成情况)
            if y is not None and y.kind not in ("since", "relative"):
                return cue.kind, y.year
            if cue.kind == "actual":
                return "actual", self.result_year
            return "target", self.present_year if self.genre.reports_results else mode.year
        if cue.role == "start":
            return "actual", self._start_year(pos, y, mode)
        if cue.role == "end":
            # 从2010年的77%提高到87.6%: the start's year does not date the end
            y = self.governing_year(pos, max(s_start, cue.floor or 0))
            if y is None and mode.kind == "mixed":
                return "actual", self.result_year
        if mode.kind == "mixed":
            return self._mixed(pos, s_start, y)
        if mode.kind == "actual":
            if y and y.kind == "deadline" and mode.year and y.year > mode.year:
                return "target", y.year
            if self._future_capacity(pos):
                # 建成后可提供学位3000个,计划2024年8月建成投用: what a building will hold, by when
                later = [m.year for m in self.years if pos < m.start < self.sentences.end(pos)
                         and mode.year and m.year > mode.year]
                return "target", later[0] if later else self.target_year
            if self.genre.reports_results and self._clause_commits(pos, end or pos):
                # 58所学校的…建设也将在今年年底前全部完成: a summary's plan for the rest of the year
                return "target", (y.year if y and y.kind in ("plain", "deadline") else self.present_year)
            if y is None or y.kind == "since":
                return "actual", mode.year
            if y.kind == "relative":
                return "actual", (self.present_year + y.offset) if self.present_year else None
            return "actual", y.year
        sentence = self.text[s_start:self.sentences.end(pos)]
        if self._now_before(pos, s_start) and (y is None or y.kind in ("plain", "asof", "since")):
            # 目前共有幼儿园956所: the state when the document was written
            now = self.doc.reporting_year or self.doc.written_year or self.result_year
            return "actual", y.year if y is not None and y.kind in ("plain", "asof") and now and y.year <= now else now
        if self._describes_existing(pos, end or pos):
            return "actual", y.year if y and y.kind == "plain" else mode.year
        if self._looks_back(sentence) and (y is None or y.kind != "deadline"):
            return "actual", y.year if y and y.kind == "plain" and y.year <= (self.result_year or y.year) else self.result_year
        if (y is None or y.kind != "deadline") and self._done_after(pos, end or pos):
            # 共建成投运360所幼儿园,…全覆盖的目标得以实现 / 13项指标已完成: said to be done
            return "actual", y.year if y is not None and y.kind == "plain" else (self.result_year or mode.year)
        if y is None:
            if self._reports_result(sentence):
                return "actual", self.result_year or mode.year
            return "target", mode.year
        if y.kind == "relative":
            base = self.present_year
            return ("actual" if y.offset < 0 else "target"), (base + y.offset) if base else None
        if y.kind == "asof":
            return "actual", y.year
        if y.kind == "deadline" and self.start_year and y.year < self.start_year:
            return "actual", y.year  # 到2016年底 in a 2017—2020 plan: a date of results
        if self.genre.reports_results and y.kind == "plain" and self.result_year and y.year <= self.result_year:
            return "actual", y.year
        if self.start_year and y.year < self.start_year and y.kind in ("plain", "since"):
            return "actual", y.year if y.kind == "plain" else self.result_year
        if y.kind == "plain" and self.present_year and y.year < self.present_year and not self.start_year:
            return "actual", y.year
        return "target", y.year

    def _structured(self, cue: TimeCue) -> str:
        """A column or series year: its header's kind, else before the plan began is a result."""
        if cue.kind:
            return cue.kind
        year = cue.year
        if self.genre.reports_results:
            return "actual" if self.result_year is None or year <= self.result_year else "target"
        if self.start_year is not None:
            return "actual" if year < self.start_year else "target"
        if self.present_year is not None:
            return "actual" if year < self.present_year else "target"
        return "target"

    def _start_year(self, pos: int, y: YearMention | None, mode: Mode) -> int | None:
        """The year of the start value in 由X提高到Y: its own year (由2015年的X), the start of a
        look-back span (过去五年: reporting year − 5) or the base year."""
        own = next((m for m in reversed(self.years) if m.kind == "compare" and m.end <= pos and pos - m.end <= 3
                    and self.text[max(0, m.start - 1):m.start] in ("由", "从")), None)
        if own is not None:
            return own.year  # 由2021年的186家: the start value's own year
        if y is not None and y.span_start is not None:
            return y.span_start  # “十三五”期间…从91.2%提高到97.4%: from 2015
        if y is not None and y.kind == "relative" and y.end <= pos and self.present_year:
            return self.present_year + y.offset  # 由上年的344人: the year before
        if y is not None and y.kind == "deadline" and y.end <= pos:
            # …从2010年的76.91万人增加到2015年的130.5万人;毛入学率从55%…: an end year does
            # not date a start value; a parallel change's start year does
            parallel = list(_FROM_YEAR.finditer(self.text, self.sentences.start(pos), pos))
            if parallel:
                return int(parallel[-1].group(1))
        elif y is not None and y.kind in ("plain", "since", "compare") and y.end <= pos:
            return y.year
        span = mode.span or self._span_before(pos)
        if span and mode.year:
            return mode.year - span
        if mode.kind == "actual" and self.start_year and self.end_year and not self.genre.reports_results:
            # a plan's 发展基础 reviews the previous period of the same length (十二五 in a 十三五 plan)
            return mode.year - (self.end_year - self.start_year + 1) if mode.year else None
        return self.result_year

    def _span_before(self, pos: int) -> int | None:
        """过去五年 / 五年来 in the lines just before: the look-back span of a passage."""
        window = self.text[max(0, pos - 400):pos]
        found = list(_SPAN.finditer(window))
        if not found:
            return None
        m = found[-1]
        n = m.group(1) or m.group(2)
        return int(n) if n.isdigit() else _CN_SMALL.get(n)

    def _mixed(self, pos: int, s_start: int, y: YearMention | None) -> tuple[str, int | None]:
        """A progress report: cue words decide the kind; a commitment is for its own year
        (2025年完成…) or the reporting year (全年任务目标数是108个), a result is of its
        year (2017年新建…, 到2018年底…) or the reporting year (今年已…)."""
        s_start = max(s_start, self.text.rfind(";", s_start, pos) + 1)  # cues of this statement only
        kind = "target" if self._sizes_programme(pos) else self._cue_kind(pos, s_start, y)
        if y is None or y.kind in ("since",):
            return kind, self.result_year if kind == "actual" else self.present_year
        if y.kind == "relative":
            return kind, (self.present_year + y.offset) if self.present_year else None
        return kind, y.year

    def _cue_kind(self, pos: int, s_start: int, y: YearMention | None) -> str:
        """In a text that mixes results and commitments, the nearest cue word before the figure
        (in its sentence) decides; a deadline after the reporting year commits."""
        if y is not None and y.kind == "deadline" and self.result_year and y.year > self.result_year:
            return "target"
        if y is not None and y.kind == "relative" and y.offset > 0:
            return "target"
        before = self._masked(self.text[s_start:pos])
        best_target = max((_cue_end(before, w) for w in self.rules.lexicon.commit_cues), default=(-1, 0))
        best_actual = max((_cue_end(before, w) for w in self.rules.lexicon.result_cues), default=(-1, 0))
        if best_target > best_actual:
            return "target"
        return "actual"

    def _now_before(self, pos: int, s_start: int) -> bool:
        """目前/截至目前 is the last cue word before the figure in its sentence."""
        before = self._masked(self.text[s_start:pos])
        lex = self.rules.lexicon
        now = max((_cue_end(before, w) for w in lex.now_cues), default=(-1, 0))
        if now[0] < 0:
            return False
        commit = max((_cue_end(before, w) for w in lex.commit_cues), default=(-1, 0))
        return now > commit

    def _sizes_programme(self, pos: int) -> bool:
        """共有39所公办幼儿园建设项目被列入为民办实事项目: what a programme holds is its
        commitment, unless the clause says it is done."""
        text = self.text
        clause = text[clause_start(text, pos, list_items=False):clause_end(text, pos, list_items=False)]
        lex = self.rules.lexicon
        cues = lex.programme_size_cues + lex.programme_list_cues
        return (any(w in clause for w in lex.programme_words) and any(w in clause for w in cues)
                and not any(w in clause for w in ("已", "完成", "实际", "累计")))

    def _future_capacity(self, pos: int) -> bool:
        """建成后可提供学位…: the clause speaks of a building once it is finished."""
        clause = self.text[clause_start(self.text, pos, list_items=False):pos]
        return any(w in clause for w in self.rules.lexicon.future_capacity_cues)

    def _done_after(self, start: int, end: int) -> bool:
        """The clause goes on to say the figure is done (…的目标得以实现, …已全部建成)."""
        text = self.text
        rest = self._masked(text[end:clause_end(text, end, list_items=False)])
        return any(w in rest for w in self.rules.lexicon.done_after)

    def _clause_commits(self, start: int, end: int) -> bool:
        """The clause around a figure promises (将/计划/力争) and reports nothing done (已/完成了)."""
        text = self.text
        a = clause_start(text, start, list_items=False)
        b = clause_end(text, end, list_items=False)
        clause = self._masked(text[a:b])
        lex = self.rules.lexicon
        if any(w in clause for w in lex.result_cues):
            return False
        done = "完成" in self._masked(text[a:start])  # 全年完成教育项目投资4.7亿元: money spent
        if not done and any(w in clause for w in lex.programme_words) and any(w in clause for w in lex.programme_size_cues):
            return True  # 投资4664万元的39个运动场改造项目 / 把41个项目列为民生实事: the programme's size
        return any(w in clause for w in lex.clause_commit_cues)

    def _describes_existing(self, start: int, end: int) -> bool:
        """发挥好679个基层支部的作用: the count describes what exists."""
        text = self.text
        c_start = max(text.rfind(",", max(0, start - 200), start) + 1, start - 200)
        c_end = text.find(",", start, start + 200)
        c_end = min(len(text), start + 200) if c_end < 0 else c_end
        for first, second in self.rules.lexicon.existing_frames:
            if first in text[c_start:start] and second in text[start:min(c_end, start + 40)]:
                return True
        return False

    def _looks_back(self, sentence: str) -> bool:
        """十三五期间… / 过去五年… opening a plan's sentence that commits to nothing."""
        lex = self.rules.lexicon
        head = re.sub(r"^[—\-,，\s“”\"]+", "", sentence)[:12].replace("“", "").replace("”", "")
        opener = next((w for w in lex.history_openers if w in head), None)
        if opener is None or any(w in sentence for w in lex.history_not):
            return False
        period = _FIVE_YEAR_IN.search(opener)
        # 十二五期间 looks back only from a later plan; in a 十二五 plan it is the plan's own period
        return period is None or self.start_year is None or _FIVE_YEAR_ENDS[period.group()] < self.start_year

    def _masked(self, text: str) -> str:
        """Cue words inside other words hidden: 10个项目前期 holds no 目前, and the 计划 that
        ends a programme's name (营养改善计划惠及学生1.9万人, 国培计划) commits to nothing."""
        for word in self.rules.lexicon.cue_false_friends:
            text = text.replace(word, "□" * len(word))
        return _PROGRAMME_NAME.sub(lambda m: "□" * len(m.group()), text)

    def _reports_result(self, sentence: str) -> bool:
        sentence = self._masked(sentence)
        lex = self.rules.lexicon
        if any(c in sentence for c in lex.target_cues):
            return False
        return any(c in sentence for c in lex.actual_cues)


_PARAGRAPH_YEAR = re.compile(r"((?:19|20)\d\d)\s*年(?:以来)?[,，]")
# 计划 as the end of a name: after a word, before what the programme does or a pause
_PROGRAMME_NAME = re.compile(r"(?<=[\u4e00-\u9fff]{2})计划(?=惠及|覆盖|受益|实施|项目|资金|补助|学生|共|累计|已|[,，。;；、”\")])")


def _cue_end(text: str, word: str) -> tuple[int, int]:
    """Where the last occurrence of a cue word ends, and its length (longer wins a tie)."""
    k = text.rfind(word)
    return (k + len(word), len(word)) if k >= 0 else (-1, 0)


def _year_in(title: str) -> int | None:
    m = _YEAR.search(title)
    return int(m.group(1)) if m else None


def _span_in(title: str) -> int | None:
    """过去五年 / 近三年 / 五年来 → 5 / 3 / 5."""
    m = _SPAN.search(title)
    if not m:
        return None
    n = m.group(1) or m.group(2)
    return int(n) if n.isdigit() else _CN_SMALL.get(n)
