"""Indicator names from the words around a value.

A value usually follows its indicator (学前三年入园率达到98%): the name is the clause
before the value, without the leading time phrase and adverbs (到2025年, 全市, 确保) and
without the comparator verb (达到). A count can also precede its noun (建成50个新型教学空
间, 3所县属中职校增挂全市性校牌): then the name is what follows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eduplan.extract.clauses import clause_end, clause_start
from eduplan.extract.mentions import Mention
from eduplan.extract.ruleset import RuleSet, simplifier

_LEAD_TIME = re.compile(
    r"^(?:[,、;:\s]|以上|以下|以内|左右|去年|今年|上年|其中|同时|并|且|从|由|在|于|到|至|力争|争取|确保|计划|预计)*"
    r"(?:(?:19|20)\d\d\s*(?:[-—–~至到]\s*(?:19|20)?\d\d\s*)?(?:学年|年度|年)?(?:底前|年底前|底|末|前|以来|起|开始|内)?[,、]?)"
)
_DONE_LEAD = re.compile(r"^(?:实施|组织|完成|开展|举办|投入|安排)了")  # 实施了总投资 → 总投资
# 市财政每年安排教育基础设施建设资金: the payer and its verb are not the money's name
_PAYER_LEAD = re.compile(r"^(?:[省市县区]级?|本级|各级|县区)?(?:财政|政府)(?:每年|年均|分别|累计|共|全年)?"
                         r"(?:安排|投入|统筹|下达|拨付|落实|筹措)(?=[\u4e00-\u9fff]{4,})")
_LIST_NUMBER = re.compile(r"^(?:\d{1,2}[.、．](?!\d)|[(（]\d{1,2}[)）]|[①-⑳])")
_FIVE_YEAR_LEAD = re.compile(r"^[“\"]?十[一二三四五]五[”\"]?(?:期末|末|期间|时期|以来)?")
_NOISE = re.compile(r"^[\s,、;:)\]”’》]+|[\s,、;:(\[“‘《]+$|^(?:【[^】]{1,12}】|\[[^\]]{1,12}\])\s*")
_MEASURE_NEXT = re.compile(r"[\u4e00-\u9fff“《]")
# the character after a count's unit that still belongs to the clause, not a noun
_NOT_NOUN_START = ("以上", "以下", "以内", "左右", "的", "和", "及", "或", "(", "等", "次", "多", "余", "并", "进行", "被",
                   "实现", "开展", "完成", "达到", "分别", "各", "均", "以", "为", "是", "已")


_TRAILING_YEAR = re.compile(r"(?:19|20)\d\d\s*年(?:底前|底|末|前)?的?$")
_RELATIVE_LEAD = re.compile(r"^(?:去年|今年|上年|当年|明年|(?:\d{1,2}|[一二三四五六七八九十两]{1,2})年(?:内|来|间)|(?:共有|现有|拥有|有)(?=[\u4e00-\u9fff]{2}))")


def strip_name(name: str, rules: RuleSet, *, keep_verbs: bool = False) -> str:
    """Remove leading time phrases/adverbs and the trailing comparator verb.

    With ``keep_verbs`` the verbs stay (5年内累计新增 → 累计新增): they prefix a noun too
    short to name anything alone (累计新增2万个托额).
    """
    name = name.translate(simplifier(rules.lexicon.traditional))  # 將達到 reads as 将达到
    prev = None
    while prev != name:
        prev = name
        name = _NOISE.sub("", name)
        name = _LIST_NUMBER.sub("", name)  # 2.改造提升农村学校食堂
        name = _RELATIVE_LEAD.sub("", name)
        name = _FIVE_YEAR_LEAD.sub("", name)
        name = _DONE_LEAD.sub("", name) if len(name) > 5 else name
        name = _PAYER_LEAD.sub("", name)
        name = _TRAILING_YEAR.sub("", name)  # 提高到2025年的98% → 提高到
        m = _LEAD_TIME.match(name)
        if m and m.end() > 0:
            name = name[m.end():]
        for w in () if name.startswith(tuple(rules.lexicon.lead_word_not)) else rules.lead_words:
            if name.startswith(w) and len(name) > len(w) + 1:
                name = name[len(w):]
                break
        for w in () if keep_verbs else rules.tail_words:
            if name.endswith(w) and len(name) > len(w) + 1:
                name = name[: -len(w)]
                break
    return name.strip()


def preceding_span(text: str, m: Mention, floor: int) -> tuple[int, int]:
    """The clause before the value: (start, end) in the text."""
    start = clause_start(text, m.start, floor=floor)
    return start, m.start


def following_span(text: str, m: Mention, ceiling: int | None = None) -> tuple[int, int]:
    """The clause after the value, up to the next value (``ceiling``)."""
    start = m.end
    return start, clause_end(text, start, ceiling=ceiling)


def noun_after(text: str, start: int, end: int, rules: RuleSet) -> tuple[int, int]:
    """The noun phrase of a following clause: up to a verb, an aside or 的."""
    stop = aside_start(text, start, end)
    for word in (*rules.lexicon.noun_end, *rules.lexicon.bare_verbs):
        k = text.find(word, start + 1, end)
        while start + 1 < k < stop and _inside_word(text, k, rules.lexicon.noun_end_not):
            k = text.find(word, k + 1, end)
        if start + 1 < k < stop:
            stop = k
    return start, stop


def _inside_word(text: str, k: int, words: list[str]) -> bool:
    """True when position ``k`` lies inside one of ``words`` (the 等 of 中等)."""
    return any(text.startswith(w, j) for w in words for j in range(max(0, k - len(w) + 1), k + 1))


def aside_start(text: str, start: int, end: int) -> int:
    """Where an aside begins: "(" holding a number or a long remark; (幼儿园) stays."""
    k = text.find("(", start, end)
    while k >= 0:
        close = text.find(")", k, k + 40)
        inner = text[k + 1:close] if close > 0 else text[k + 1:k + 40]
        if close < 0 or len(inner) > 12 or re.search(r"\d|其中|含", inner):
            return k
        k = text.find("(", close, end)
    return end


def object_of(name: str, rules: RuleSet) -> str:
    """对象配置理论导师 → 理论导师: the value counts what the verb acts on."""
    for verb in rules.lexicon.object_verbs:
        k = name.find(verb)
        if k >= 2 and len(name) - k - len(verb) >= 2:
            return name[k + len(verb):]
    return name


def count_precedes_noun(text: str, m: Mention, *, percent: bool = False) -> bool:
    """True for 建成50个新型教学空间: a count unit directly followed by its noun.

    With ``percent``, also 10%以上高中段专任教师 (a share written before its noun).
    """
    if m.special or (m.unit in ("%", "个百分点") and not percent):
        return False
    nxt = text[m.end:m.end + 2]
    if percent and nxt.startswith("的"):
        nxt = text[m.end + 1:m.end + 3]
    if not nxt or not _MEASURE_NEXT.match(nxt):
        return False
    return not nxt.startswith(_NOT_NOUN_START)


@dataclass(frozen=True, slots=True)
class Change:
    """A change phrase before a figure: what changed (may be empty), and the label that
    names the change (比上年增加, 比2013年增长, 增幅, 降幅)."""

    subject: str
    label: str
    offset: int  # where the phrase starts in the text it was read from


def change_phrase(raw: str, unit: str | None, rules: RuleSet) -> Change | None:
    """"小学在校生较上年增加" → Change("小学在校生", "比上年增加"); "增长了" → Change("", "增幅")
    for a share; None when the text before a figure states no change."""
    m = _change_re(rules).search(raw.rstrip())
    if m is None:
        return None
    verb = m.group("verb")
    up = verb in rules.lexicon.change_up
    base = m.group("base")
    pace = re.search(r"(年均|平均每年|每年|逐年)(?:分别|各)?[,\s]*$", raw[: m.start("verb")])
    if pace and not base:
        # 年均增长8.2%, 每年降低1个百分点: a yearly rate of change
        label = ("年均" if pace.group(1) == "年均" else "年") + ("增幅" if up else "降幅")
        return Change(raw[: pace.start()], label, pace.start())
    if base:
        year = re.search(r"(?:19|20)\d\d年", base)
        label = ("比" + year.group() if year else "比上年") + verb
    elif unit == "%":
        label = "增幅" if up else "降幅"
    else:
        label = verb
    subject = raw[: m.start()]
    return Change(subject, label, m.start())


_CHANGE_RES: dict[int, re.Pattern] = {}


def _change_re(rules: RuleSet) -> re.Pattern:
    key = id(rules)
    if key not in _CHANGE_RES:
        lex = rules.lexicon
        bases = "|".join(re.escape(b) for b in sorted(lex.change_bases, key=len, reverse=True))
        verbs = "|".join(re.escape(v) for v in sorted(lex.change_up + lex.change_down, key=len, reverse=True))
        _CHANGE_RES[key] = re.compile(
            rf"(?P<base>{bases}|(?:比|较|与)(?:19|20)\d\d年(?:底|末)?(?:相比)?)?[,\s]*(?:分别|均|各)?(?P<verb>{verbs})了?\s*$")
    return _CHANGE_RES[key]
