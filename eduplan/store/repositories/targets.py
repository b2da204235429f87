"""Queries about a plan's targets as the evaluation needs them: plain rows, a handful of
queries per plan (never one per target)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import Indicator, Region, ResponsibleUnit, Section, Target, Task, target_units, task_units


@dataclass(frozen=True, slots=True)
class TargetRow:
    id: int
    section_id: int | None
    indicator_id: int | None
    region_id: int | None
    indicator_name: str
    comparator: str
    value: Decimal | None
    unit: str | None
    year: int | None
    kind: str
    baseline_year: int | None
    baseline_value: Decimal | None
    quote: str
    start: int | None
    end: int | None
    review_state: str
    measure: str | None = None
    direction: str | None = None
    entry_basis: str | None = None
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    id: int
    name: str
    unit: str | None
    kind: str
    direction: str
    precision: int
    max_value: Decimal | None


@dataclass(frozen=True, slots=True)
class SectionRow:
    id: int
    parent_id: int | None
    number: str
    title: str


@dataclass(frozen=True, slots=True)
class RegionRow:
    id: int
    code: str
    name: str
    level: str


_TARGET_COLUMNS = (Target.id, Target.section_id, Target.indicator_id, Target.region_id, Target.indicator_name,
                   Target.comparator, Target.value, Target.unit, Target.year, Target.kind, Target.baseline_year,
                   Target.baseline_value, Target.quote, Target.start, Target.end, Target.review_state,
                   Target.measure, Target.direction, Target.entry_basis, Target.parent_id)


def plan_targets(session: Session, plan_id: int) -> list[TargetRow]:
    """Every target of a plan (commitments and reported values) in text order."""
    rows = session.execute(select(*_TARGET_COLUMNS).where(Target.plan_id == plan_id)
                           .order_by(Target.start, Target.id))
    return [TargetRow(*r) for r in rows]


def indicator_rows(session: Session, ids: Iterable[int]) -> dict[int, IndicatorRow]:
    wanted = sorted(set(ids))
    found: dict[int, IndicatorRow] = {}
    for start in range(0, len(wanted), 500):
        rows = session.execute(select(Indicator.id, Indicator.name, Indicator.unit, Indicator.kind,
                                      Indicator.direction, Indicator.precision, Indicator.max_value)
                               .where(Indicator.id.in_(wanted[start:start + 500])))
        found.update((r[0], IndicatorRow(*r)) for r in rows)
    return found


def section_rows(session: Session, plan_id: int) -> dict[int, SectionRow]:
    rows = session.execute(select(Section.id, Section.parent_id, Section.number, Section.title)
                           .where(Section.plan_id == plan_id))
    return {r[0]: SectionRow(*r) for r in rows}


def target_unit_names(session: Session, plan_id: int) -> dict[int, tuple[str, ...]]:
    """Target id → names of the units linked to it (target_units), by unit name."""
    rows = session.execute(select(target_units.c.target_id, ResponsibleUnit.name)
                           .join(ResponsibleUnit, ResponsibleUnit.id == target_units.c.unit_id)
                           .join(Target, Target.id == target_units.c.target_id)
                           .where(Target.plan_id == plan_id)
                           .order_by(target_units.c.target_id, ResponsibleUnit.name))
    found: dict[int, list[str]] = {}
    for target_id, name in rows:
        found.setdefault(target_id, []).append(name)
    return {k: tuple(v) for k, v in found.items()}


def section_task_unit_names(session: Session, plan_id: int) -> dict[int, tuple[str, ...]]:
    """Section id → names of the units of the tasks in that section, in task order."""
    rows = session.execute(select(Task.section_id, ResponsibleUnit.name)
                           .join(task_units, task_units.c.task_id == Task.id)
                           .join(ResponsibleUnit, ResponsibleUnit.id == task_units.c.unit_id)
                           .where(Task.plan_id == plan_id, Task.section_id.is_not(None))
                           .order_by(Task.start, Task.id, ResponsibleUnit.name))
    found: dict[int, list[str]] = {}
    for section_id, name in rows:
        names = found.setdefault(section_id, [])
        if name not in names:
            names.append(name)
    return {k: tuple(v) for k, v in found.items()}


def region_rows(session: Session, ids: Iterable[int]) -> dict[int, RegionRow]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    rows = session.execute(select(Region.id, Region.code, Region.name, Region.level).where(Region.id.in_(wanted)))
    return {r[0]: RegionRow(*r) for r in rows}


def regions_of_level(session: Session, level: str) -> list[RegionRow]:
    """Every region of a level, by code."""
    rows = session.execute(select(Region.id, Region.code, Region.name, Region.level)
                           .where(Region.level == level).order_by(Region.code))
    return [RegionRow(*r) for r in rows]
