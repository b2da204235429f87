"""Years in running text and which statement each one governs.

A year can be a deadline (到2025年, 力争2022年, 2025年底前), the year of a reported value
(2020年, 2019学年, 去年), the start of a period (2023年起, 2017年以来), a comparison base
(比2015年), or a range (2022-2025年). Comparison bases never date a value; a start dates
a commitment (2023年起提高至700元) but not a result (2017年以来共分流1415名, a total to date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = r"((?:19|20)\d\d)"
_PATTERN = re.compile(
    rf"(?P<compare>[比较]|与)?\s*"
    rf"(?P<lead>截至|截止到|截止|到|至|力争|争取|确保|计划|预计|在|于)?\s*"
    rf"{_YEAR}(?:\s*[-—–~至到]\s*(?P<end>(?:19|20)?\d\d))?\s*(?P<suffix>学年|年度|年)?"
    rf"(?P<tail>底前|年底前|底|末|前|以来|起|开始|春季|秋季|上半年|下半年)?"
)
# characters that make a bare four-digit number a quantity, not a year
_MEASURE_CHARS = set("人所个名元万亿千百台件套册间张座项家次门位户辆亩吨班条场")
_FIVE_YEAR_END = {"十一五": 2010, "十二五": 2015, "十三五": 2020, "十四五": 2025, "十五五": 2030}
_FIVE_YEAR_RE = re.compile(r"(?P<lead>到|至|力争|确保|在)?[“\"]?(?P<name>十[一二三四五]五)[”\"]?"
                           r"(?P<tail>期末|末|期间|时期|以来)")
_RELATIVE = {"去年": -1, "上年": -1, "上一年": -1, "今年": 0, "本年": 0, "当年": 0, "明年": 1}
_RELATIVE_RE = re.compile("|".join(_RELATIVE))


@dataclass(frozen=True, slots=True)
class YearMention:
    start: int
    end: int
    year: int
    kind: str  # deadline | plain | since | compare | range | relative | event | date | asof
    end_year: int | None = None
    offset: int = 0  # for relative years: context year + offset
    span_start: int | None = None  # 十三五期间: the year before the period (2015), where its changes start


def find_years(text: str, start: int = 0, end: int | None = None) -> list[YearMention]:
    end = len(text) if end is None else end
    out: list[YearMention] = []
    for m in _PATTERN.finditer(text, start, end):
        year = int(m.group(3))
        nxt = text[m.end():m.end() + 1]
        suffix, tail, lead = m.group("suffix"), m.group("tail"), m.group("lead")
        if m.group("end"):
            last = m.group("end")
            end_year = int(last) if len(last) == 4 else year // 100 * 100 + int(last)
            if end_year > year and (suffix or tail or nxt == "年"):
                out.append(YearMention(m.start(3), m.end(), year, "range", end_year))
                continue
        if not suffix and not tail:
            # a bare year: "2020我市在校学生总数为…" counts; "2020.5", a code, or a count
            # ("幼儿园2000人", "投资2071万元") does not
            if nxt.isdigit() or nxt in ".-/" or not ("\u4e00" <= nxt <= "\u9fff") or nxt in _MEASURE_CHARS:
                continue
            if text[m.start(3) - 1:m.start(3)].isdigit():
                continue
        if (nxt and nxt in "月日") or (suffix == "年" and re.match(r"\d{1,2}月", text[m.end():m.end() + 3])):
            kind = "date"
        elif m.group("compare") or text[max(0, m.start(3) - 2):m.start(3)] in ("比较", "相比") or \
                text.startswith("基础上", m.end()) or text[max(0, m.start(3) - 1):m.start(3)] in ("由", "从"):
            kind = "compare"  # 由2021年的186家压减至14家: the year of the start value only
        elif lead in ("截至", "截止到", "截止"):
            kind = "asof"  # 截至2023年底: the date of a result
        elif lead in ("到", "至", "力争", "争取", "确保", "计划", "预计") or tail in ("底前", "年底前", "底", "末", "前"):
            kind = "deadline"
        elif re.match(r"\s*(?:开工|竣工|建成|投用|投入使用|完工|动工)", text[m.end():m.end() + 6]):
            kind = "event"  # 2022年开工: dates a building stage, not the values around it
        elif tail in ("以来", "起", "开始"):
            kind = "since"
        else:
            kind = "plain"
        out.append(YearMention(m.start(3), m.end(), year, kind))
    for m in _FIVE_YEAR_RE.finditer(text, start, end):
        # “十二五”末 / 十三五期间 / 到“十四五”末: the period's last year
        year = _FIVE_YEAR_END[m.group("name")]
        lead, tail = m.group("lead"), m.group("tail")
        before = text[max(0, m.start() - 1):m.start()]
        if before in ("比", "较") or text.startswith("相比", m.end()):
            kind = "compare"
        elif lead:
            kind = "deadline"
        elif tail in ("以来",):
            kind = "since"
        else:
            kind = "plain"
        span = year - 5 if tail in ("期间", "时期", "以来") else None
        out.append(YearMention(m.start(), m.end(), year, kind, span_start=span))
    for m in _RELATIVE_RE.finditer(text, start, end):
        before = text[max(0, m.start() - 1):m.start()]
        kind = "compare" if before in ("比", "较") else "relative"
        out.append(YearMention(m.start(), m.end(), 0, kind, offset=_RELATIVE[m.group()]))
    out.sort(key=lambda y: y.start)
    return out
