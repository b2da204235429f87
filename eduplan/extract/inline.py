"""Figures in running text: each quantity with its indicator name and comparator.

Names come from the sentence around a value, so the extractor keeps the sentence's context
as it reads from left to right (the statement before, recent statements, the last 分别
list): a parallel clause borrows its subject, a change names what changed, a qualifier
after 其中 names a part of the whole. Kind and year are left to ``timing.py``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from eduplan.extract.clauses import SentenceIndex, clause_start
from eduplan.extract.mentions import Mention
from eduplan.extract.naming import (
    change_phrase,
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
from eduplan.extract.timing import TimeCue

_CHANGE_SUFFIX = {"降低": "降幅", "下降": "降幅", "减少": "降幅", "提高": "增幅", "提升": "增幅", "增长": "增幅",
                  "增加": "增幅", "上升": "增幅"}


_RANK = re.compile(r"(?:进入|位居|保持)?(?:全国|全省|全市|全县|全区|同类)?前$")
# ",2026年达到" after a figure: the same indicator in another year
_ANOTHER_YEAR = re.compile(r"^\s*(?:19|20)\d\d\s*年(?:底|末)?(?:前)?\s*(?:要|将|力争)?\s*"
                           r"(?:达到|达|为|提高到|提升到|增至|增加到|降至|降到|下降到|降低到|控制在|保持在)?\s*$")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,24}")
_WHOLE_END = re.compile(r"(?:总数|总量|总额|总人数|人数)?的?$")
# "A不低于B的" before N%: the share A makes of B (the comparator is read from the verb)
_SHARE_OF = re.compile(r"^(.{2,}?)(不低于|不少于|不高于|不超过|达到|超过)(.{2,}?)$")
_JOINER_BEFORE = re.compile(r"(?:以及|和|及|与|、)\s*$")  # searched up to the next value
_TASK_END = re.compile(r"的?(?:任务|目标|计划)数?$")
_DONE_VERBS = ("完成", "建成", "开工", "竣工", "完工")
_COMPARED = re.compile(r"[比较](?:(?:19|20)\d\d年|去年|上年)")
# 由2015年的X提高到Y / 从X增加到Y: the start value, then the end value
_FROM = re.compile(r"(?:由|从)\s*(?:(?:19|20)\d\d\s*(?:年|学年)(?:底|末)?|上年|去年|[“\"]?十[一二三四五]五[”\"]?(?:期)?末)?\s*的?\s*$")
_TO = re.compile(r"^\s*(?:分别)?(?:提高|增加|增长|提升|上升|扩大|下降|降低|减少|发展|缩小|压减|压缩|缩减|降|增|减)(?:到|至)了?")


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
    subject: str = ""  # what the figure is of, without a change label (小学在校生 of 小学在校生比上年增加)
    cue: TimeCue | None = None  # the start or end value of 由X提高到Y

    @property
    def topic(self) -> str:
        return self.subject or self.name


def _words_in(text: str, words: list[str]) -> list[tuple[int, str]]:
    """Where ``words`` (longest first) stand in ``text``, left to right, never overlapping."""
    found, k = [], 0
    while k < len(text):
        word = next((w for w in words if text.startswith(w, k)), None)
        if word:
            found.append((k, word))
            k += len(word)
        else:
            k += 1
    return found


def _coverage_name(name: str) -> str:
    """全覆盖 names a coverage rate: 乡镇公办幼儿园 → 乡镇公办幼儿园覆盖率, 课后服务实现义务教育
    学校 → 义务教育学校课后服务覆盖率 (what is covered, then by what)."""
    if name.endswith(("率", "覆盖面", "比例", "占比")):
        return name
    by, verb, covered = name.partition("实现")
    if verb and len(by) >= 2 and len(covered) >= 2:
        # 民办学校均实现党的组织…: a plural subject (均/都) is where the coverage is, so it leads
        plural = by.rstrip("均都已全部")
        name = plural + covered if plural != by else covered + by
    return name + "覆盖率"


class InlineExtractor:
    def __init__(self, text: str, rules: RuleSet, sentences: SentenceIndex,
                 mentions: list[Mention] | None = None) -> None:
        self.text = text
        self.rules = rules
        self.last: Statement | None = None  # the statement named before, for parallel clauses
        self.history: list[Statement] = []  # recent statements, for the whole a 其中 part belongs to
        self.last_list: tuple[int, list[str]] | None = None  # the names of the last 分别 list, where it began
        self.sentences = sentences
        self.mention_spans = sorted((m.start, m.end) for m in mentions or [])
        self._comparator_words = {w for w, _ in rules.before_words}

    # --- naming -------------------------------------------------------------------
    def statement(self, m: Mention, floor: int, ceiling: int | None = None) -> Statement | None:
        """Name the value ``m``: from the clause before it (not before ``floor``) or, for
        counts written before their noun, from the clause after it (not past ``ceiling``)."""
        st = self._name(m, floor, ceiling)
        if st is not None:
            st = self._topic_of_list(self._qualified(st))
            self.last = st
            self.history.append(st)
            if len(self.history) > 50:
                del self.history[:25]
        return st

    def _topic_of_list(self, st: Statement) -> Statement:
        """特殊教育学校招生人数173人、在校生人数1130人: a bare measure in a list takes the topic
        of the item before it (特殊教育学校在校生人数)."""
        measures = self.rules.lexicon.measures
        if st.name not in measures or st.cue is not None:
            return st
        prev = self._previous(st.mention)
        if prev is None:
            return st
        gap = self.text[prev.mention.end:st.name_start]
        if gap.strip() not in ("、", ",", ";", ""):
            return st
        if "其中" in self.text[self.sentences.start(prev.mention.start):prev.mention.start]:
            return st  # 幼儿园312所,其中公办168所、民办144所,在园幼儿…: not the 民办's pupils
        base = prev.topic  # 小学招生5200人,较上年减少…;在校生…: the change's subject
        head = next((w for w in sorted(measures, key=len, reverse=True) if base.endswith(w) and len(base) > len(w) + 1), None)
        if head == st.name:
            return st
        if head is None:
            # 小学26所,在校生21450人: after a count of schools the topic is the schools
            if prev.mention.unit not in ("所", "个", "家") or not 2 <= len(base) <= 8 or base.endswith("数"):
                return st  # 校数3698所,…;招生…: a count of schools named by its measure is no topic
            topic = base
        else:
            if prev.mention.unit != st.mention.unit:
                return st
            topic = base[: -len(head)]
        return Statement(st.mention, topic + st.name, st.name_start, st.name_end, st.comparator, st.plain_verb, cue=st.cue)

    def _qualified(self, st: Statement) -> Statement:
        """幼儿园956所,其中公办482所、民办474所: a bare qualifier after 其中 names a part of
        the whole counted just before (公办幼儿园, 民办幼儿园)."""
        name = st.name
        if name not in self.rules.lexicon.qualifiers:
            return st
        s_start = self.sentences.start(st.mention.start)
        k = self.text.rfind("其中", s_start, st.mention.start)
        if k < 0 or any(ch in self.text[k:st.mention.start] for ch in "。;\n"):
            return st
        whole = next((h for h in reversed(self.history) if h.mention.end <= k and h.mention.start >= s_start), None)
        if whole is None or whole.mention.unit != st.mention.unit or name in whole.topic:
            return st
        head = whole.topic
        for lead in self.rules.lexicon.region_words + ["目前", "共有", "现有", "已"]:
            head = head.replace(lead, "")
        return Statement(st.mention, name + head, st.name_start, st.name_end, st.comparator, st.plain_verb,
                         subject=name + head, cue=st.cue)

    def _examples_verb(self, m: Mention, floor: int) -> str | None:
        """The verb opening a clause that lists examples before 等 and the count (继续加快建设
        A、B等7个项目 → 继续加快建设), or None."""
        text = self.text
        if not text[:m.start].rstrip().endswith("等"):
            return None
        clause = text[clause_start(text, m.start, list_items=False, floor=floor):m.start].lstrip()
        for k in range(0, min(7, len(clause))):
            if k and not "\u4e00" <= clause[k - 1] <= "\u9fff":
                break
            verb = next((v for v in self.rules.lexicon.project_verbs if clause.startswith(v, k)), None)
            if verb and clause[k + len(verb):k + len(verb) + 1] in ("、", "等", ""):
                verb = None  # 瑞安五中迁建、…等28个: the verb ends an example's name, it opens nothing
            if verb:
                # a short subject before the verb stays (市本级推进…), a region word does not
                prefix = clause[:k]
                return (prefix if prefix not in self.rules.lexicon.region_words else "") + verb
        return None

    def _parallel(self, prev_name: str, name: str) -> str | None:
        """初中 after 生均校舍建筑面积小学: the earlier name with this subject in place of its own."""
        # 初中 or 初中每生每年 after 生均公用经费标准小学每生每年: the subject word and what
        # follows it in the earlier name
        own = next((w for group in self.rules.lexicon.parallel_subjects for w in sorted(group, key=len, reverse=True)
                    if name.startswith(w)), None)
        if own is None:
            return None
        words = next(group for group in self.rules.lexicon.parallel_subjects if own in group)
        rest = name[len(own):]
        if own in prev_name:
            return None
        found = _words_in(prev_name, sorted(words, key=len, reverse=True))
        if not found:
            return None
        # the last one (义务教育阶段…差异系数小学: 小学), whole (中小学, not its 小学); a bare
        # subject lends nothing
        k, word = found[-1]
        if len(prev_name) <= len(word) + 1 or not prev_name.startswith(rest, k + len(word)):
            return None
        return prev_name[:k] + own + prev_name[k + len(word):]

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
        if before_name in lex.bare_verbs or before_name in lex.tail_words or before_name in self._comparator_words \
                or before_name in lex.region_words or before_name in lex.lead_words:
            before_name = ""
        comparator, plain = self._comparator(raw_before, m)
        rank = _RANK.search(before_name) if m.unit in ("名", "位") and raw_before.rstrip().endswith("前") else None
        if rank:
            # 进入全省前30名: a rank to stay within
            before_name = before_name[: rank.start()] + "排名" if "排名" not in before_name else before_name[: rank.start()]
            comparator, plain = "<=", False
        # 能够满足75%的户籍幼儿就读需求 / 惠及90%的学生: a share written before what it is of
        share_verb = before_name.endswith(tuple(lex.share_verbs)) and text.startswith("的", m.end)
        if count_precedes_noun(text, m, percent=len(before_name) < 2 or share_verb):
            if raw_before.rstrip().endswith("为") and not share_verb:
                comparator, plain = None, True  # 为1.2万名学生提供…: "for", not "is"
            f_start, f_end = following_span(text, m, ceiling)
            n_start, n_end = noun_after(text, f_start + (text[f_start] == "的"), f_end, self.rules)
            if m.unit in ("人", "名", "位"):
                # 4000名以上学历技能双提升农民和企业职工: a noun of people runs to its person word
                run = _CJK_RUN.match(text, n_start, f_end)
                if run and run.end() > n_end and run.group().endswith(tuple(self.rules.lexicon.person_endings)) \
                        and not text.startswith(tuple(self.rules.lexicon.noun_end), n_end):
                    n_end = run.end()
            if m.unit == "%":
                # 90%以上的中小学达到省现代化学校标准: a share is of the whole clause, predicate included
                n_end = aside_start(text, n_start, f_end)
            if ceiling is not None and n_end >= ceiling:
                # 创建4个国家级示范专业和20个…: the noun ends at the joiner before the next value
                joiner = _JOINER_BEFORE.search(text, n_start, ceiling)
                if joiner and joiner.start() - n_start >= 2:
                    n_end = joiner.start()
            # a noun that runs straight into the next value belongs to that value
            if ceiling is None or n_end < ceiling:
                after_name = strip_name(text[n_start:n_end], self.rules)
                if share_verb and len(after_name) >= 2:
                    # the share keeps what reaches it: 优质教育资源覆盖 + 中小学生
                    return Statement(m, before_name + after_name, n_start, n_end, comparator, plain)
                if len(after_name) <= 2:
                    # 学校创成省现代化学校: a generic noun keeps its predicate
                    n_end = aside_start(text, n_start, f_end)
                    after_name = strip_name(text[n_start:n_end], self.rules)
                examples = self._examples_verb(m, floor) if len(after_name) <= 4 else None
                change = change_phrase(raw_before.replace("新增", "增加"), m.unit, self.rules)
                if change is not None and change.label.startswith("比") and len(after_name) >= 2 \
                        and len(strip_name(change.subject, self.rules)) < 2:
                    # 比去年新增30个项目: the change of what is counted after the figure
                    return Statement(m, after_name + change.label, n_start, n_end, None, True, subject=after_name)
                if examples:
                    # 开工建设A、B、C等8个项目: the count is of projects under the verb, the
                    # names before 等 are examples
                    after_name = examples + after_name
                elif 1 <= len(after_name) <= 2:
                    verbs = strip_name(raw_before, self.rules, keep_verbs=True)
                    prefix = before_name or (verbs if 2 <= len(verbs) <= 6 else "") or self._borrow(p_start, "")
                    after_name = prefix + after_name
                if len(after_name) >= 2:
                    return Statement(m, after_name, n_start, n_end, comparator, plain)
        prev = self._previous(m)
        start_of = _FROM.search(raw_before)
        if start_of and len(strip_name(raw_before[:start_of.start()], self.rules)) >= 2:
            name = strip_name(raw_before[:start_of.start()], self.rules)
            start = p_start + max(raw_before.find(name), 0)
            return Statement(m, name, start, start + len(name), comparator, True, cue=TimeCue(role="start"))
        if prev is not None and prev.cue is not None and prev.cue.role == "start" and _TO.match(raw_before):
            return Statement(m, prev.name, p_start, p_end, comparator, True, cue=TimeCue(role="end", floor=p_start))
        change = change_phrase(raw_before, m.unit, self.rules)
        if change is not None:
            own = strip_name(change.subject, self.rules)
            has_base = change.label.startswith("比")
            if has_base or len(own) < 2:
                # 633683人,较上年增加11892人: the change of what the sentence just counted
                subject = own if len(own) >= 2 else self._change_subject(prev, p_start)
                if subject:
                    start = p_start + max(raw_before.find(own), 0) if own else p_start + change.offset
                    return Statement(m, subject + change.label, start, p_end, None, True, subject=subject)
        if prev and 2 <= len(before_name) < len(prev.name) and prev.name.startswith(before_name):
            before_name = prev.name  # 2024年新建公办幼儿园3所,2025年新建2所: the verb repeats, the noun is implied
        elif prev and len(before_name) < 2 and (p_start == prev.mention.end or (
                not text[prev.mention.end:p_start].strip(" ,;") and _ANOTHER_YEAR.match(raw_before))):
            # 上线率28.96%2015年为9.32%; 比例分别达到88%、90%，2026年达到92%: the same
            # indicator, another year
            before_name = prev.name
        elif prev and 2 <= len(before_name) <= 3 and re.match(r"^[和及与]", raw_before) \
                and len(prev.name) > len(before_name) + 1:
            before_name = prev.name[: -len(before_name)] + before_name  # 突出贡献集体40个和个人199名
        elif prev and prev.mention.unit == m.unit and (parallel := self._parallel(prev.name, before_name)):
            before_name = parallel  # 生均校舍建筑面积小学为8.6平方米,初中为12.3平方米
        elif m.unit == "%" and raw_before.rstrip().endswith("的") and (share := _SHARE_OF.match(before_name)):
            # 年度交流人数不低于符合交流条件教师总数的15%: A's share of B
            whole = _WHOLE_END.sub("", share.group(3))
            before_name = f"{share.group(1)}占{whole}比例"
        elif before_name.startswith("占") and len(before_name) >= 3 and m.unit == "%":
            # 随迁子女在校生1.02万人,占义务教育在校生总数的13.2%: the share of what was just counted
            whole = _WHOLE_END.sub("", before_name[1:])
            subject = prev.name if prev else self._borrow(p_start, "")
            if len(subject) >= 2 and len(whole) >= 2:
                before_name = f"{subject}占{whole}比例"
        own_subject, change = _change_suffix(before_name)
        if change:
            # 近视率每年降低1个百分点; 近视率逐年下降,每年降低0.5个百分点: a rate of change
            own_subject = _COMPARED.sub("", own_subject)
            subject = own_subject if len(own_subject) >= 2 else self._borrow(p_start, "")
            before_name = subject + change if subject else before_name
        elif len(before_name) < 2 or before_name.startswith("有"):
            borrowed = self._borrow(p_start, before_name)
            task = _TASK_END.search(borrowed)
            verb = strip_name(raw_before, self.rules, keep_verbs=True)
            if len(borrowed) >= 2 and not before_name and verb in _DONE_VERBS:
                # 平阳县的任务数是11所,目前已完成5所 / 39个运动场改造项目,已完成30个: what is
                # done of the task, not the task
                kept = borrowed[:task.start()] if task and task.start() >= 2 else borrowed
                borrowed = kept + "已" + verb + "数"
            before_name = borrowed
        if len(before_name) < 2:
            f_start, f_end = following_span(text, m, ceiling)
            after_name = strip_name(text[f_start:f_end], self.rules)
            if len(after_name) >= 2:
                return Statement(m, after_name, f_start, f_end, comparator, plain)
            return None
        offset = raw_before.find(before_name)
        if offset >= 0:
            start, end = p_start + offset, p_start + offset + len(before_name)
        else:
            start, end = p_start, p_end  # a name borrowed or rebuilt: the quote is the figure's own clause
        return Statement(m, object_of(before_name, self.rules), start, end, comparator, plain)

    def _change_subject(self, prev: Statement | None, start: int) -> str:
        """What a bare change phrase (较上年增加11892人) is about: the figure counted in the
        clause just before, or that clause's subject when it has no figure (近视率逐年下降,
        每年降低0.5个百分点)."""
        j = start - 1
        if prev is not None and j >= 0 and prev.mention.start >= clause_start(self.text, j, list_items=False):
            return prev.topic
        return self._borrow(start, "") or (prev.topic if prev else "")

    def _borrow(self, start: int, name: str) -> str:
        """A clause with only a verb (共交流, 提升) takes the subject of the clause before."""
        j = start - 1
        while j >= 0 and self.text[j] == " ":
            j -= 1
        if j < 0 or self.text[j] not in ",、(;|\t":
            return name
        prev_start = clause_start(self.text, j, list_items=False)
        # the subject is the name just before the clause's last value:
        # 创建省现代化学校6所,累计达到28所 → 创建省现代化学校
        inside = [sp for sp in self._spans_between(prev_start, j)]
        after_last = strip_name(self.text[inside[-1][1]:j], self.rules) if inside else ""
        if len(after_last) >= 2 and not re.search(r"\d", after_last):
            # 投资4664万元的39个运动场改造项目,已完成30个: the noun counted before
            subject = after_last
        elif inside:
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

    # --- records -------------------------------------------------------------------
    def record(self, st: Statement, *, name: str | None = None, value: Decimal | None = None,
               cue: TimeCue | None = None) -> TargetRecord:
        """A candidate: kind, year and the default comparator are left to the resolver."""
        m = st.mention
        cue = cue or st.cue
        comparator = st.comparator
        if m.upper is not None and comparator is None:
            comparator = ">="
        start = min(st.name_start, m.start)
        end = max(st.name_end, m.end)
        name = name or st.name
        if m.special == "full":
            name = _coverage_name(name)
        return TargetRecord(
            indicator=name,
            comparator=comparator,
            value=value if value is not None else m.value,
            unit=m.unit,
            year=None,
            kind="",
            quote=self.text[start:end],
            start=start,
            end=end,
            confidence=0.8 if m.chinese or m.special else 0.9,
            cue=cue,
            plain_verb=st.plain_verb and m.upper is None,
            at=m.start,
        )
