"""Yearly series: one subject, a figure for each year.

    公办幼儿园建设:2011年完成300所 2012年400所 2013年500所
    全省新增学位任务为:2023年1.2万个,2024年1.5万个,2025年2万个。

Each item is a figure of its own year under the subject written before the first year; the
items are separated by nothing but spaces or list punctuation. The extractor only finds the
items and their subject; the year goes to the resolver as a structural cue (a year before
the plan began reports, a later one commits), like a table's year column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eduplan.extract.clauses import clause_start
from eduplan.extract.mentions import Mention
from eduplan.extract.naming import strip_name
from eduplan.extract.ruleset import RuleSet

# "2011年完成" / "2012年" / "2013年底前建成" just before a figure
_ITEM_HEAD = re.compile(
    r"((?:19|20)\d\d)\s*年(?:底前|年底|底|末|内)?\s*(?:要|将|计划|力争|争取)?\s*"
    r"(?:完成|新建|建成|新增|增加|达到|达|为|增至|增加到|提高到|提高至|提升到|提升至|实现|投入|招收|培训|改扩建|建设)?\s*$"
)
_SEPARATOR = re.compile(r"^[\s,，、;；和及]*$")
_SUBJECT_END = re.compile(r"(?:任务|目标|计划|安排)?(?:分别)?(?:为|是)?[:：]?\s*$")


@dataclass(frozen=True, slots=True)
class SeriesItem:
    mention: Mention
    year: int
    head_start: int  # where "2011年完成" begins


@dataclass(frozen=True, slots=True)
class Series:
    subject: str
    subject_start: int
    items: list[SeriesItem]


def yearly_series(text: str, mentions: list[Mention], rules: RuleSet) -> list[Series]:
    """Runs of at least two figures, each right after its own year, years rising, one unit."""
    items: list[SeriesItem] = []
    for m in mentions:
        window = text[max(0, m.start - 16):m.start]
        head = _ITEM_HEAD.search(window)
        if head:
            items.append(SeriesItem(m, int(head.group(1)), m.start - len(window) + head.start()))
    runs: list[list[SeriesItem]] = []
    for item in items:
        run = runs[-1] if runs else None
        if run and _continues(text, run[-1], item):
            run.append(item)
        else:
            runs.append([item])
    out: list[Series] = []
    for run in runs:
        if len(run) < 2:
            continue
        first = run[0]
        end = first.head_start
        while end > 0 and text[end - 1] == " ":
            end -= 1
        if end > 0 and text[end - 1] in ":：":
            end -= 1  # 公办幼儿园建设:2011年…: the subject is the clause before the colon
        start = clause_start(text, end, list_items=False)
        raw = _SUBJECT_END.sub("", text[start:end])
        subject = strip_name(raw.replace(" ", ""), rules)
        if len(subject) >= 2:
            out.append(Series(subject, start, run))
    return out


def _continues(text: str, previous: SeriesItem, item: SeriesItem) -> bool:
    return (item.year > previous.year and item.mention.unit == previous.mention.unit
            and bool(_SEPARATOR.match(text[previous.mention.end:item.head_start])))
