"""What the data can say about why a target is behind.

A 规划科 writer explains a problem, not only lists it. The report names a cause only
when the numbers show it:

* ``overdue`` — the deadline has passed (到期未完成);
* ``demographic`` — a count of children or pupils (在园幼儿, 在校生, 招生, 入学人数 …) that
  the plan wanted to grow has fallen since the base year: the school-age population is
  shrinking (and a 出生人口 series of the region, when one is loaded, is quoted);
* ``investment`` — a sum of money or a building programme (投资, 投入, 资金, 经费 in 元);
* ``lagging`` — any other target behind the time share or moving away from the target;
* ``no_report`` — no usable monitoring data: the responsible unit has not reported.
"""

from __future__ import annotations

import re

from eduplan.domain import Comparator, Status
from eduplan.report.context import TargetLine

ENROLMENT = re.compile(r"在园|在校|招生|入学人数|入园人数|学生数|幼儿数|生源|适龄|学位需求|幼儿$|学生$|在校生")
MONEY = re.compile(r"投资|投入|资金|经费|拨款")
BIRTHS = re.compile(r"出生人口|出生数|出生率")
PERSON_UNITS = frozenset({"人", "万人", "名"})
MONEY_UNITS = frozenset({"元", "万元", "亿元"})
UPWARD = (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.EQUAL, Comparator.INCREASE)


def is_enrolment(line: TargetLine) -> bool:
    """A head count of children or pupils (a scale indicator demography moves)."""
    return (line.unit in PERSON_UNITS and bool(ENROLMENT.search(line.name + line.indicator))
            and "教师" not in line.name and "培训" not in line.name)


def is_demographic(line: TargetLine) -> bool:
    """An enrolment count the plan wanted to grow that fell since the base year."""
    b, t = line.baseline, line.latest
    return (is_enrolment(line) and line.comparator in UPWARD and b is not None and t is not None
            and t.year > b.year and t.value < b.value)


def is_investment(line: TargetLine) -> bool:
    """A sum of money for building or a project total (三、重点项目 and investment)."""
    return line.unit in MONEY_UNITS or (bool(MONEY.search(line.name)) and line.unit in (None, "", *MONEY_UNITS))


def is_births(line: TargetLine) -> bool:
    return bool(BIRTHS.search(line.name + line.indicator))


def cause_of(line: TargetLine) -> str | None:
    """The one cause a target is filed under in 四、存在的主要问题, or None when it is not
    a problem (achieved, on track, a yes/no goal not yet due)."""
    if line.status is Status.OVERDUE:
        return "overdue"
    if line.status is Status.NO_DATA:
        return None if "not_yet_due" in line.flags else "no_report"
    if not line.needs_action:
        return None
    if is_demographic(line):
        return "demographic"
    if is_investment(line):
        return "investment"
    return "lagging"
