"""One target per indicator and plan: the year cells and restatements of an indicator
become the milestones of one target.

Extraction keeps one record per statement and year (a table row of five year columns is
five records; 到2022年…15所；到2025年…30所 is two). Stored, they form groups: the targets
of a plan with the same indicator (the linked one, else the normalised name), region,
measure family and better direction. The statement with the latest year heads the group
(``parent_id`` None) — ties go to one with a number, then the first in the text — and every other member points to it (``parent_id``). Evaluation, counts,
lists, the dashboard and reports then speak of the heads; the members are the head's
plan-stated milestones (earlier years) or restatements (the same year).

Measure families keep different commitments about one indicator apart: a cumulative
total (新增30所), a yearly amount (每年新增6所) and a level are three targets. A target
rejected in review leaves its group; regrouping runs after ingest, linking, editing and
rejecting (``regroup``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.util import identity_key

from eduplan.domain import Comparator, Measure, ReviewState, TargetKind
from eduplan.services.dictionary.matching import normalise
from eduplan.store.models import Indicator, Target

log = logging.getLogger(__name__)

DOWNWARD = {Comparator.AT_MOST.value, Comparator.LESS_THAN.value, Comparator.DECREASE.value}
SEPARATE = {Measure.CUMULATIVE.value, Measure.PER_YEAR.value, Measure.YEARLY_AMOUNT.value, Measure.BINARY.value,
            Measure.GROWTH_RATE.value}


def family(measure: str | None, kind: str | None) -> str:
    """The group a measure belongs to: additive and yes/no measures stand alone; levels,
    maintained levels, ranks and directional goals of one indicator are one target."""
    value = measure or kind or Measure.LEVEL.value
    return value if value in SEPARATE else "state"


def regroup(session: Session, plan_id: int) -> int:
    """Recompute ``parent_id`` for every target of a plan; returns the number of groups
    with more than one member.

    Grouping is derived data, not a reviewer's edit: it is written with plain UPDATEs that
    leave each row's ``version`` alone, so regrouping never makes a reviewer's open form
    stale."""
    session.flush()
    t = Target
    rows = session.execute(select(t.id, t.indicator_id, t.indicator_name, t.region_id, t.measure, t.comparator,
                                  t.direction, t.year, t.value, t.start, t.review_state, t.parent_id)
                           .where(t.plan_id == plan_id, t.kind == TargetKind.TARGET.value)
                           .order_by(t.start, t.id)).all()
    kinds = _indicator_kinds(session, (r.indicator_id for r in rows))
    groups: dict[tuple, list] = {}
    wanted: dict[int, int | None] = {}
    for r in rows:
        if r.review_state == ReviewState.REJECTED.value:
            wanted[r.id] = None
            continue
        key = (r.indicator_id if r.indicator_id is not None else ("name", normalise(r.indicator_name)),
               r.region_id, family(r.measure, kinds.get(r.indicator_id)),
               "down" if r.comparator in DOWNWARD or (r.direction == "down" and r.comparator == "=") else "up")
        groups.setdefault(key, []).append(r)
    multi = 0
    for members in groups.values():
        head = max(members, key=_head_rank)
        for r in members:
            wanted[r.id] = None if r is head else head.id
        multi += len(members) > 1
    current = {r.id: r.parent_id for r in rows}
    changed = {i: p for i, p in wanted.items() if current.get(i) != p}
    for target_id, parent in changed.items():
        session.execute(update(Target).where(Target.id == target_id).values(parent_id=parent)
                        .execution_options(synchronize_session=False))
        loaded = session.identity_map.get(identity_key(Target, target_id))
        if loaded is not None:
            set_committed_value(loaded, "parent_id", parent)
    log.info("grouped plan_id=%s targets=%s groups=%s changed=%s", plan_id, len(rows), len(groups), len(changed))
    return multi


def _head_rank(r) -> tuple:
    """Latest year first; then a number over 提高/降低; then the first in the text. (Not the
    review state: confirming a row never moves the head.)"""
    return (r.year or 0, r.value is not None, -(r.start or 0), -r.id)


def _indicator_kinds(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(session.execute(select(Indicator.id, Indicator.kind).where(Indicator.id.in_(wanted))).all())


# ---- names as they are stored -----------------------------------------------------------

_LEADING = re.compile(r"^(?:每学年|每年|年均|逐年)")
_CUMULATIVE_LEAD = re.compile(r"^(?:十四五期间|规划期内|期间)?(?:累计|共)(?=(?:新增|新建|建成|完成|培训|招聘|引进).{2,})")
_TRAILING_CELL = re.compile(r"^(?:[—\-–/]+|%|‰|系数|比值|指数|[万亿千百]?(?:人次|人|元|个|所|年|名|项|场|门|家|次|亩|平方米))$")


_CHANGE_SUFFIX = re.compile(r"(?:年均|每年|年)?(?:降幅|增幅|降低|下降|提高|增长)$")


def is_yearly_change(measure: str | None, unit: str | None) -> bool:
    """每年降低1个百分点: a per-year target on the yearly change of a level."""
    return measure == Measure.PER_YEAR.value and unit == "个百分点"


def stored_name(indicator: str, qualifiers: Iterable[str] = (), *, measure: str | None = None,
                unit: str | None = None) -> str:
    """The indicator name a target is stored under: a table group's qualifier the name
    lacks goes in front (特殊教育 + 学前教育入园率), a unit cell that a spaced table left
    behind the name (差异系数 系数, 生师比 —) is dropped, and so are words that belong to
    the statement rather than the indicator (分别, a leading 每年/年均: the measure says it)."""
    name = (indicator or "").strip()
    words = name.split()
    while len(words) > 1 and _TRAILING_CELL.match(words[-1]):
        words.pop()
    name = "".join(words).replace("分别", "")
    name = _LEADING.sub("", name) or name
    if is_yearly_change(measure, unit):  # 近视率年降幅 → 近视率: the indicator is the level
        name = _CHANGE_SUFFIX.sub("", name) or name
    if measure == Measure.CUMULATIVE.value:  # 累计新增学位 → 新增学位: the measure says 累计
        name = _CUMULATIVE_LEAD.sub("", name) or name
    prefix = "".join(q for q in qualifiers if q not in name)
    return (prefix + name)[:200]
