"""Lists of values and lists of subjects.

* 分别 lists: "学前、义务、高中入学率分别不低于90%、99%、85%" gives three targets, one per
  subject; "2022-2025年建设资金预计投入分别为9.7亿元、…" gives one per year.
* One value shared by several subjects: "义务教育标准化学校和城乡教育共同体实现全覆盖",
  "心理健康基地联盟校和营养健康基地联盟校各20所" give one target per subject.

Subjects share their head noun (入学率, 典型案例) and often a prefix (持证残疾幼儿):
``distribute`` writes each subject out in full.
"""

from __future__ import annotations

import re
from functools import lru_cache
from eduplan.extract.clauses import split_top_level
from eduplan.extract.mentions import Mention
from eduplan.extract.numbers import normalise_decimal, parse_number
from eduplan.extract.ruleset import load_rules

_LIST_GAP = re.compile(r"^\s*[、,和及与]?\s*$")
_BARE_TAIL = re.compile(r"^\s*[、和]\s*(\d+(?:\.\d+)?)(?![\d.%\u4e00-\u9fff])")
_HEADS = ("比例", "占比", "覆盖面", "普及率", "达标率", "入学率", "入园率", "巩固率", "覆盖率", "合格率", "优良率",
          "完成率", "创建率", "配备率", "开课率", "持证率", "上线率", "升学率", "校际综合差异系数", "校际差异系数",
          "综合差异系数", "差异系数", "率", "数", "典型案例", "联盟校")


def value_lists(text: str, mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions separated only by 、/和/及 into lists (singletons otherwise).

    A trailing bare number in a list of one unit (…、106亩、91) joins the list.
    """
    groups: list[list[Mention]] = []
    mentions = _shared_percentage_points(text, mentions)
    for m in mentions:
        if groups and groups[-1][-1].unit == m.unit and m.special in ("", "implicit") \
                and groups[-1][-1].special in ("", "implicit") \
                and _LIST_GAP.match(text[groups[-1][-1].end:m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    for g in groups:
        if len(g) >= 2:
            last = g[-1]
            bm = _BARE_TAIL.match(text[last.end:last.end + 12])
            if bm:
                value = parse_number(bm.group(1))
                if value is not None:
                    s = last.end + bm.start(1)
                    g.append(Mention(s, s + len(bm.group(1)), normalise_decimal(value), last.unit, s + len(bm.group(1))))
    return groups


def _shared_percentage_points(text: str, mentions: list[Mention]) -> list[Mention]:
    """提高0.06个、2.56个百分点: the first value's 个 is the list's 个百分点."""
    out = list(mentions)
    for i in range(len(out) - 1, 0, -1):
        a, b = out[i - 1], out[i]
        if a.unit == "个" and b.unit == "个百分点" and _LIST_GAP.match(text[a.end:b.start]):
            out[i - 1] = Mention(a.start, a.end, a.value, "个百分点", a.number_end, a.upper, a.approx, a.chinese, a.special)
    return out


_NOT_A_JOINER = re.compile(r"[及与和](?=以上|以下|其)")


def split_subjects(subject: str) -> list[str]:
    """Split coordinated subjects at 、 (and 和 when the parts are long enough); the last of
    several 、-parts may itself be two joined by 和 (A、B和C均为100%). The 及 of 本科及以上 and
    二级及以下 joins nothing."""
    masked = _NOT_A_JOINER.sub(lambda m: "□" + m.group()[1:], subject)
    parts = [subject[a:b] for a, b in split_top_level(masked, "、")]
    if len(parts) > 1:
        for joiner in "和及与":  # one joiner at a time: 普及程度 holds a 及 that joins nothing
            offset = len(subject) - len(parts[-1])
            tail = [parts[-1][a:b] for a, b in split_top_level(masked[offset:], joiner)]
            if len(tail) == 2 and min(len(p) for p in tail) >= 4:
                parts = parts[:-1] + tail
                break
    if len(parts) == 1:
        # 和/及/与 also join words inside one name (体育与健康课程): split only long parts
        parts = [subject[a:b] for a, b in split_top_level(masked, "和及与")]
        if len(parts) > 1 and min(len(p) for p in parts) < 4:
            return [subject]
    parts = [p.strip() for p in parts]
    if any(not p for p in parts):
        return [subject]
    return parts


@lru_cache(maxsize=1)
def _stage_words() -> tuple[str, ...]:
    """The parallel subjects of the rule data (小学, 初中, 城区, 公办 …), longest first."""
    return tuple(sorted({w for g in load_rules().lexicon.parallel_subjects for w in g}, key=len, reverse=True))


def distribute(parts: list[str]) -> list[str]:
    """Write coordinated subjects out in full: share the last part's head and the first
    part's prefix (持证残疾幼儿学前、义务、高中入学率 → …学前入学率, …义务入学率, …高中入学率)."""
    if len(parts) < 2:
        return parts
    last = parts[-1]
    stages = _stage_words()
    lead = next((w for w in stages if last.startswith(w) and len(last) > len(w) + 1), None)
    if lead and all(p in stages for p in parts[:-1]):
        # 小学、初中专任教师学历合格率: stages before the last part share all that follows its stage
        return [p + last[len(lead):] for p in parts[:-1]] + [last]
    head = next((h for h in _HEADS if last.endswith(h) and len(last) > len(h)), "")
    lengths = {len(p) for p in parts[:-1]}
    if not head and len(lengths) == 1 and len(last) > lengths.pop() + 1 and not any(p.endswith(_HEADS) for p in parts):
        # 小学、初中平均班额: the first parts are as long as the last one's own word
        head = last[len(parts[0]):]
    if head and not any(p.endswith(_HEADS) for p in parts[:-1]):
        core = last[: -len(head)]
        if head in ("率", "数") and len(core) >= 3:
            # 达标率 → keep the word before 率 with it (运动技能、艺术特长达标率)
            head = last[-3:]
            core = last[:-3]
        parts = [p + head for p in parts[:-1]] + [last]
        first = parts[0][: -len(head)]
        core_len = min([len(core)] + [len(p) - len(head) for p in parts[1:-1]])
        if core_len <= 3 and len(first) >= core_len + 3:
            prefix = first[: len(first) - core_len] if core_len else ""
            if prefix:
                parts = [parts[0]] + [p if p.startswith(prefix) else prefix + p for p in parts[1:]]
    else:
        # 义务教育入学率、巩固率: a short later part shares the first part's prefix (义务教育巩固率)
        own = next((h for h in _HEADS if parts[0].endswith(h) and len(parts[0]) - len(h) >= 2 and len(h) >= 2), None)
        if own:
            prefix = parts[0][: -len(own)]
            parts = [parts[0]] + [p if len(p) > 4 or p.startswith(prefix) or not p.endswith(_HEADS) else prefix + p
                                  for p in parts[1:]]
    return parts
