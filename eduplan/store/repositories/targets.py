"""A plan's targets: in text order (one query, with their indicator, section and units
loaded, or as plain rows for evaluation), filtered for the API, by indicator, and the
target–unit links (``target_units``) that say who answers for an indicator."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from eduplan.domain import ADDITIVE_MEASURES
from eduplan.store.models import Indicator, Plan, ResponsibleUnit, Target, target_units


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


_TARGET_COLUMNS = (Target.id, Target.section_id, Target.indicator_id, Target.region_id, Target.indicator_name,
                   Target.comparator, Target.value, Target.unit, Target.year, Target.kind, Target.baseline_year,
                   Target.baseline_value, Target.quote, Target.start, Target.end, Target.review_state,
                   Target.measure, Target.direction, Target.entry_basis, Target.parent_id)


def rows(session: Session, plan_id: int) -> list[TargetRow]:
    """Every target of a plan (commitments and reported values) in text order."""
    rows = session.execute(select(*_TARGET_COLUMNS).where(Target.plan_id == plan_id)
                           .order_by(Target.start, Target.id))
    return [TargetRow(*r) for r in rows]


def of_plan(session: Session, plan_id: int, *, linked: bool = False) -> list[Target]:
    """Every target of a plan (both kinds) in text order, with indicator, section and units
    loaded; only those linked to an indicator when ``linked``."""
    query = (select(Target).options(selectinload(Target.units), selectinload(Target.indicator),
                                    selectinload(Target.section))
             .where(Target.plan_id == plan_id).order_by(Target.start, Target.id))
    if linked:
        query = query.where(Target.indicator_id.is_not(None))
    return list(session.scalars(query))


def filtered(*, plan_id: int, kind: str | None = None, review_state: str | None = None,
            indicator_id: int | None = None, year: int | None = None, unit_id: int | None = None) -> Select:
    query = (select(Target).options(selectinload(Target.units), selectinload(Target.section),
                                    selectinload(Target.indicator)).where(Target.plan_id == plan_id)
             .order_by(Target.start, Target.id))
    if kind:
        query = query.where(Target.kind == kind)
    if review_state:
        query = query.where(Target.review_state == review_state)
    if indicator_id is not None:
        query = query.where(Target.indicator_id == indicator_id)
    if year is not None:
        query = query.where(Target.year == year)
    if unit_id is not None:
        query = query.where(Target.id.in_(select(target_units.c.target_id).where(target_units.c.unit_id == unit_id)))
    return query


def unlinked(session: Session, plan_id: int) -> list[Target]:
    return list(session.scalars(select(Target).where(Target.plan_id == plan_id, Target.indicator_id.is_(None))
                                .order_by(Target.id)))


def at_span(session: Session, plan_id: int, start: int, end: int) -> Target | None:
    """A target already stored for exactly this span."""
    return session.scalar(select(Target).where(Target.plan_id == plan_id, Target.start == start,
                                               Target.end == end).limit(1))


def counts_by_plan(session: Session) -> dict[int, int]:
    """Plan id → its targets as evaluation counts them: one per indicator (the heads of kind
    target, rejected ones left out)."""
    rows = session.execute(select(Target.plan_id, func.count())
                           .where(Target.kind == "target", Target.parent_id.is_(None),
                                  Target.review_state != "rejected")
                           .group_by(Target.plan_id))
    return dict(rows.all())


def region_ids(session: Session, plan_id: int) -> set[int]:
    """Regions the plan's targets are stated for (besides the plan's own region)."""
    return {r for r in session.scalars(select(Target.region_id).where(Target.plan_id == plan_id).distinct())
            if r is not None}


def pairs(session: Session, plan_id: int) -> set[tuple[int, int]]:
    """(indicator, region) of every commitment of a plan linked to the dictionary: the
    values its evaluation needs (the target's region, else the plan's)."""
    region = func.coalesce(Target.region_id, Plan.region_id)
    rows = session.execute(select(Target.indicator_id, region).join(Plan, Plan.id == Target.plan_id)
                           .where(Target.plan_id == plan_id, Target.indicator_id.is_not(None),
                                  Target.kind == "target").distinct())
    return {(i, r) for i, r in rows if r is not None}


@dataclass(frozen=True, slots=True)
class PlanTargetRow:
    """A target of an indicator with the title and region of its plan (not the plan's text)."""

    plan_id: int
    plan_title: str
    plan_region_id: int | None
    plan_region_name: str | None
    region_id: int | None
    year: int | None
    comparator: str
    value: Decimal | None
    unit: str | None
    kind: str
    baseline_year: int | None
    baseline_value: Decimal | None
    quote: str


def for_indicator(session: Session, indicator_id: int) -> list[PlanTargetRow]:
    """Every stored target of an indicator, by plan then year: only the columns a comparison
    shows, so no plan's full text is read."""
    rows = session.execute(select(Plan.id, Plan.title, Plan.region_id, Plan.region_name, Target.region_id, Target.year,
                                  Target.comparator, Target.value, Target.unit, Target.kind, Target.baseline_year,
                                  Target.baseline_value, Target.quote)
                           .join(Plan, Plan.id == Target.plan_id)
                           .where(Target.indicator_id == indicator_id)
                           .order_by(Plan.id, Target.year, Target.id))
    return [PlanTargetRow(*row) for row in rows]


def repoint(session: Session, old_id: int, new_id: int) -> list[int]:
    """Move targets from one indicator to another; return the moved target ids.

    Core UPDATE (no ORM version bump): the targets themselves do not change, only the
    dictionary entry they point at.
    """
    ids = list(session.scalars(select(Target.id).where(Target.indicator_id == old_id)))
    if ids:
        session.execute(update(Target.__table__).where(Target.__table__.c.indicator_id == old_id)
                        .values(indicator_id=new_id))
    return ids


def unit_names(session: Session, plan_id: int) -> dict[int, tuple[str, ...]]:
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


def units_by_indicator(session: Session, indicator_ids: Iterable[int]) -> dict[int, set[int]]:
    """Indicator id → responsible units answering for it (through target_units)."""
    ids = sorted(set(indicator_ids))
    found: dict[int, set[int]] = {i: set() for i in ids}
    for start in range(0, len(ids), 500):
        rows = session.execute(select(Target.indicator_id, target_units.c.unit_id)
                               .join(target_units, Target.id == target_units.c.target_id)
                               .where(Target.indicator_id.in_(ids[start:start + 500])))
        for indicator_id, unit_id in rows:
            found[indicator_id].add(unit_id)
    return found


def entry_bases(session: Session, plan_id: int | None) -> tuple[dict[int, str], frozenset[int]]:
    """(indicator id → the 填报口径 its additive target sets, indicators with a yes/no
    target), from the targets of ``plan_id`` (every plan when None; the first target
    stored wins)."""
    query = (select(Target.indicator_id, Target.measure, Target.entry_basis)
             .where(Target.indicator_id.is_not(None), Target.kind == "target", Target.parent_id.is_(None))
             .order_by(Target.id))
    if plan_id is not None:
        query = query.where(Target.plan_id == plan_id)
    bases: dict[int, str] = {}
    binary: set[int] = set()
    for indicator_id, measure, basis in session.execute(query):
        if measure in ADDITIVE_MEASURES and basis:
            bases.setdefault(indicator_id, basis)
        if measure == "binary":
            binary.add(indicator_id)
    return bases, frozenset(binary)


def indicator_ids(session: Session, plan_id: int | None) -> set[int]:
    """Indicators the targets of ``plan_id`` (of every plan when None) commit to."""
    query = select(Target.indicator_id).where(Target.indicator_id.is_not(None), Target.kind == "target").distinct()
    if plan_id is not None:
        query = query.where(Target.plan_id == plan_id)
    return {i for (i,) in session.execute(query)}


def unit_plan_regions(session: Session, indicator_ids: Iterable[int], *, plan_id: int | None = None
                      ) -> dict[int, set[tuple[int, int | None]]]:
    """Indicator id → (unit, region of the plan) pairs: which unit answers for it in a plan
    of which region (through target_units); only in plan ``plan_id`` when given."""
    ids = sorted(set(indicator_ids))
    found: dict[int, set[tuple[int, int | None]]] = {i: set() for i in ids}
    for start in range(0, len(ids), 500):
        query = (select(Target.indicator_id, target_units.c.unit_id, Plan.region_id)
                 .join(target_units, Target.id == target_units.c.target_id)
                 .join(Plan, Plan.id == Target.plan_id)
                 .where(Target.indicator_id.in_(ids[start:start + 500])).distinct())
        if plan_id is not None:
            query = query.where(Target.plan_id == plan_id)
        for indicator_id, unit_id, region_id in session.execute(query):
            found[indicator_id].add((unit_id, region_id))
    return found
