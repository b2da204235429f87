"""The last check on an indicator name: complete, or repaired, or the figure is dropped.

A name is the subject plus what is counted (普通高中在校生数, 各级各类学校数比上年减少). The
naming rules read clauses, and a clause can be cut in the wrong place; these are the
fragments that come out, and what a reader would make of them:

* a change with no subject (比上年减少, 增幅) → the subject counted just before it in the
  sentence (小学在校生比上年减少);
* an aside (含教学点, 包括…) → its own noun, or the subject before it;
* a comparison with no subject (高出国家17.9个百分点) → the subject counted just before it;
* a bare place (X城区 in a breakdown) → the place plus the subject before it; 全市 → the
  subject before it;
* a clause under a line label (民办幼儿园发展:三年均要完成500所) → the label;
* a clause cut after its verb (逐步实现市, 高水平高) → dropped when nothing repairs it;
* a scope (98个项目县(市、区)中, 30项民生实事里) → dropped: "among the 98 counties" counts nothing;
* only an adverb of state (剩余1所正在积极…) → dropped: it names no indicator.
"""

from __future__ import annotations

import re

from eduplan.extract.clauses import SentenceIndex
from eduplan.extract.records import TargetRecord
from eduplan.extract.ruleset import RuleSet, simplifier

_CHANGE_ONLY = re.compile(r"^(?:(?:比|较)(?:上年|去年|上一年|(?:19|20)\d\d年))?(?:年均|年)?"
                          r"(?:增加|减少|增长|下降|提高|降低|增幅|降幅|上升|扩大)$")
_ASIDE = re.compile(r"^(?:含|包括|包含|其中|另有|以及)")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,4}(?:省|市|县|城区|镇|乡|街道)$")
_NOT_PLACE = ("示范", "实验", "试点", "先行", "创新", "教育", "学", "校", "园", "基地", "强")
_CUT_AFTER_VERB = re.compile(r"(?:实现|建成|创建|达到|成为|推进|开展|完成)[市县区省镇乡]?$")
_COMPARISON = re.compile(r"^(?:分别)?(?:高出|高于|低于|超出|领先|落后)")
_COMPARED_TO = re.compile(r"(?:分别)?(?:高出|高于|低于|超出|领先|落后)")
_AMONG = re.compile(r"(?:\)|区|校|园|项目|指标|实事)中$|(?<![公千万])里$")
# an aside inside a name that only scopes it: (含教学点), (包括民办), (56人及以上)
_ASIDE_IN_NAME = re.compile(r"\((?:含|包括)[^()]{1,15}\)|\([^()]*\d[^()]*\)")
_UNDER_WAY = re.compile(r"^(?:正在|正|仍在|尚在|还在)(?:积极|加紧|加快|有序|抓紧|全力)?")
_DANGLING = re.compile(r"(?:的|和|与|及|或|等|里|为|是|将|已|要|均要|正在|指标中|项目中|国家中|过程中|工作中|之中)$")


def fragment(name: str, rules: RuleSet) -> str | None:
    """Why ``name`` is no complete indicator name, or None when it is one."""
    n = name.strip()
    if len(n) < 2:
        return "too_short"
    if _CHANGE_ONLY.match(n):
        return "change_without_subject"
    if _ASIDE.match(n):
        return "aside"
    if _COMPARISON.match(n):
        return "comparison"
    if _CUT_AFTER_VERB.search(n) and len(n) <= 6:
        return "cut_after_verb"
    if n in rules.lexicon.region_words or (_PLACE.match(n) and not any(w in n for w in _NOT_PLACE)):
        return "place"
    if _DANGLING.search(n) and len(n) <= 4:
        return "dangling"
    if _AMONG.search(n):
        return "among"  # 98个项目县(市、区)中,有…: the count sets a scope, it is no figure
    if _UNDER_WAY.fullmatch(n):
        return "under_way"  # 剩余1所正在积极…: an adverb of state, no name (正在办理前期手续 names one)
    return None


def check_names(targets: list[TargetRecord], rules: RuleSet, sentences: SentenceIndex) -> list[TargetRecord]:
    """Repair fragment names from the figure before in the same sentence; drop the rest."""
    out: list[TargetRecord] = []
    previous: TargetRecord | None = None
    simplified = simplifier(rules.lexicon.traditional)
    for t in sorted(targets, key=lambda r: (r.start, r.at)):
        t.indicator = t.indicator.translate(simplified)  # 在園幼儿 → 在园幼儿
        plain = _ASIDE_IN_NAME.sub("", t.indicator)
        if len(plain) >= 4:
            t.indicator = plain  # 义务教育学校(含教学点)大班额(56人及以上)班级数 → 义务教育学校大班额班级数
        why = fragment(t.indicator, rules)
        if why is not None and (label := _line_label(sentences.text, t.start)):
            t.indicator, why = label, None
        if why is not None:
            same = previous is not None and sentences.start(previous.start) == sentences.start(t.start)
            if not same or why in ("cut_after_verb", "too_short", "dangling", "among", "under_way"):
                continue
            base = _subject(previous.indicator)
            if why == "comparison":
                k = _COMPARED_TO.search(base)
                t.indicator = (base[:k.start()] if k and k.start() >= 2 else base) + t.indicator
            elif why == "change_without_subject":
                t.indicator = base + t.indicator  # 增幅 → 在校生增幅
            elif why == "aside" and len(_ASIDE.sub("", t.indicator)) >= 2:
                t.indicator = _ASIDE.sub("", t.indicator)  # 包括中等职业学校 → 中等职业学校
            elif why == "place" and t.indicator not in rules.lexicon.region_words:
                t.indicator = t.indicator + base  # 榆林城区30所 after 新建幼儿园275所 → 榆林城区新建幼儿园
            else:
                t.indicator = base
        out.append(t)
        previous = t
    return out


_LABEL = re.compile(r"\s*([\u4e00-\u9fff()]{2,14})[:：]")


def _line_label(text: str, pos: int) -> str | None:
    """The "X:" a line opens with, when the figure sits in that line's first sentence."""
    line_start = text.rfind("\n", 0, pos) + 1
    m = _LABEL.match(text, line_start)
    if m is None or m.end() > pos or any(ch in text[m.end():pos] for ch in "。;"):
        return None
    return m.group(1)


def _subject(name: str) -> str:
    """小学在校生比上年增加 → 小学在校生: the subject without its change label."""
    m = re.search(r"(?:(?:比|较)(?:上年|去年|上一年|(?:19|20)\d\d年))?(?:年均|年)?(?:增加|减少|增长|下降|提高|降低|增幅|降幅)$",
                  name)
    return name[: m.start()] if m and m.start() >= 2 else name
