"""Who answers for a target or task: 牵头单位 and 配合单位, in the plan's own order.

The database keeps a task's units as a set; the plan's text keeps their order and
roles — "（责任单位：区发改局、区教育局、区财政局）" lists the lead first, "牵头单位：A；
配合单位：B、C" says it outright. A 督办清单 must not reorder them, so the order and the
roles are read back from the text here.

A target takes, in this order: the units linked to it; the units of the task whose text
holds it (a target in a task's text inherits its 责任单位); the units of the task that
names its indicator (a plan's indicator table row 随迁子女就读公办学校比例 and task 4,
"提高随迁子女在洞头公办学校就读比例"); the units of the tasks of its section. A plan that
names no unit at all leaves the item to a default lead unit (the region's 教育局), which
the report says once instead of writing 责任单位未明确 on every line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

LEAD_MARK = re.compile(r"牵头(?:单位)?\s*[:：]")
ASSIST_MARK = re.compile(r"(?:配合|协办|参与)(?:单位)?\s*[:：]")
NAME_MATCH = 0.6  # share of a name's character pairs a task's text must hold to carry it


@dataclass(frozen=True, slots=True)
class Roles:
    """Lead and assisting units; ``default`` when the plan named none and the report's
    default lead stands in."""

    lead: tuple[str, ...] = ()
    assist: tuple[str, ...] = ()
    default: bool = False

    @property
    def all(self) -> tuple[str, ...]:
        return self.lead + self.assist

    @property
    def label(self) -> str:
        return "、".join(self.all)

    def __bool__(self) -> bool:
        return bool(self.lead or self.assist)


@dataclass(frozen=True, slots=True)
class TaskText:
    """What a task offers for resolving units: its span, words and ordered roles."""

    task_id: int
    start: int | None
    end: int | None
    words: str  # title and text
    section_id: int | None
    roles: Roles


def roles_in_text(text: str, names: Sequence[str]) -> Roles:
    """``names`` (a task's units, any order) ordered as the text lists them, split into
    lead and assisting units: explicit 牵头/配合 marks when present, else the first listed
    unit leads. Names the text does not mention follow in the given order."""
    if not names:
        return Roles()
    text = text or ""
    position = {n: (text.rfind(n) if n in text else len(text) + i) for i, n in enumerate(names)}
    ordered = tuple(sorted(dict.fromkeys(names), key=lambda n: position[n]))
    lead_at = [m.end() for m in LEAD_MARK.finditer(text)]
    assist_at = [m.end() for m in ASSIST_MARK.finditer(text)]
    if lead_at:
        start = lead_at[-1]
        stop = min([a for a in assist_at if a > start] or [len(text) + len(names) + 1])
        lead = tuple(n for n in ordered if start <= position[n] < stop)
        if lead:
            return Roles(lead, tuple(n for n in ordered if n not in lead))
    return Roles(ordered[:1], ordered[1:])


def _pairs(text: str) -> set[str]:
    text = re.sub(r"[\s\d%（）()“”\"、，,。.·-]", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def name_share(name: str, words: str) -> float:
    """Share of the character pairs of ``name`` found in ``words`` (0 for short names)."""
    pairs = _pairs(name)
    if len(pairs) < 3:
        return 0.0
    return len(pairs & _pairs(words)) / len(pairs)


def target_roles(*, linked: Sequence[str], quote: str, start: int | None, names: Sequence[str],
                 section_id: int | None, tasks: Sequence[TaskText]) -> Roles:
    """The roles of a target (see the module docstring); empty when nothing names one."""
    if linked:
        holder = _holder(start, tasks)
        return roles_in_text((holder.words if holder else "") + quote, linked)
    holder = _holder(start, tasks)
    if holder is not None and holder.roles:
        return holder.roles
    best, share = None, 0.0
    for t in tasks:
        if not t.roles:
            continue
        s = max((name_share(n, t.words) for n in names if n), default=0.0)
        if s > share:
            best, share = t, s
    if best is not None and share >= NAME_MATCH:
        return best.roles
    for t in tasks:
        if section_id is not None and t.section_id == section_id and t.roles:
            return t.roles
    return Roles()


def _holder(start: int | None, tasks: Sequence[TaskText]) -> TaskText | None:
    if start is None:
        return None
    for t in tasks:
        if t.start is not None and t.end is not None and t.start <= start < t.end:
            return t
    return None


def default_lead(region: str | None) -> str | None:
    """The unit that leads what a plan leaves unassigned: the region's education bureau."""
    return f"{region}教育局" if region else None
