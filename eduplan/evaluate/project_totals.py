"""Which construction projects a total may add up (建设项目合计).

Plans state amounts more than once: a group total and then "其中" its parts or its
yearly amounts (谋划项目128个，总投资109亿元 … 预计投入分别为9.7亿元、13.4亿元…), and the
review of the last period (过去五年的成就：共实施建设项目91个，总投资29.51亿元) sits in
the same document as the new commitments. Adding every extracted project counted the
same money two or three times and mixed in a 十三五 figure (the issue: 合计 2,063,600万元).

A project is counted unless
* its text lies inside another project's text — it is a part (其中, a year's amount) of
  that one, which is counted instead;
* its year is outside the plan period;
* it is stated in a review of the past: a section titled like 成就/回顾/发展基础/现状/
  十三五, or a quote naming 十三五 / 过去五年.
Every project stays in the table; the ones not counted say why.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

PAST_SECTION = re.compile(r"成就|回顾|发展基础|现实基础|基础与|现状|十三五|过去|成效|总结")
PAST_QUOTE = re.compile(r"十三五|过去五年|“十三五”")


@dataclass(frozen=True, slots=True)
class ProjectFacts:
    """What the rule needs to know about one project."""

    id: int
    plan_id: int
    start: int | None
    end: int | None
    year: int | None
    quote: str
    section_titles: tuple[str, ...]  # the project's section and every section above it


@dataclass(frozen=True, slots=True)
class Counting:
    counted: bool
    reason: str | None  # why it is not counted
    part_of: int | None  # the project it is a part of


def counting(projects: Sequence[ProjectFacts], periods: dict[int, tuple[int, int] | None]) -> dict[int, Counting]:
    """Project id → whether totals count it, and why not."""
    out: dict[int, Counting] = {}
    by_plan: dict[int, list[ProjectFacts]] = {}
    for p in projects:
        by_plan.setdefault(p.plan_id, []).append(p)
    for plan_id, group in by_plan.items():
        period = periods.get(plan_id)
        for p in group:
            parent = _container(p, group)
            if parent is not None:
                out[p.id] = Counting(False, "其中项（已含在上一项中）", parent.id)
            elif p.year is not None and period is not None and not period[0] <= p.year <= period[1]:
                out[p.id] = Counting(False, f"{p.year}年不在规划期（{period[0]}–{period[1]}年）内", None)
            elif any(PAST_SECTION.search(t) for t in p.section_titles) or PAST_QUOTE.search(p.quote or ""):
                out[p.id] = Counting(False, "规划期前的成果，不计入本规划", None)
            else:
                out[p.id] = Counting(True, None, None)
    return out


def _container(p: ProjectFacts, group: Sequence[ProjectFacts]) -> ProjectFacts | None:
    """The widest other project whose text holds this one's (ties: the earlier one)."""
    if p.start is None or p.end is None:
        return None
    holders = [q for q in group if q.id != p.id and q.start is not None and q.end is not None
               and q.start <= p.start and p.end <= q.end
               and (q.end - q.start > p.end - p.start or (q.end - q.start == p.end - p.start and q.id < p.id))]
    return max(holders, key=lambda q: (q.end - q.start, -q.id)) if holders else None
