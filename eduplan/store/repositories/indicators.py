from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, selectinload

from eduplan.store.models import Indicator, IndicatorAlias, Plan, Target, target_units


def all_indicators(session: Session, *, needs_review: bool | None = None) -> list[Indicator]:
    query = select(Indicator).options(selectinload(Indicator.aliases)).order_by(Indicator.id)
    if needs_review is not None:
        query = query.where(Indicator.needs_review == needs_review)
    return list(session.scalars(query))


def by_name(session: Session, name: str) -> Indicator | None:
    return session.scalar(select(Indicator).where(Indicator.name == name))


def by_alias(session: Session, alias: str) -> Indicator | None:
    return session.scalar(select(Indicator).join(IndicatorAlias).where(IndicatorAlias.alias == alias))


def matcher_entries(session: Session) -> list[tuple[int, str, list[str]]]:
    """(id, name, aliases) of every indicator, for ``IndicatorMatcher``."""
    aliases: dict[int, list[str]] = {}
    for indicator_id, alias in session.execute(select(IndicatorAlias.indicator_id, IndicatorAlias.alias)):
        aliases.setdefault(indicator_id, []).append(alias)
    return [(i, name, aliases.get(i, [])) for i, name in
            session.execute(select(Indicator.id, Indicator.name).order_by(Indicator.id))]


def alias_owners(session: Session) -> dict[str, int]:
    return dict(session.execute(select(IndicatorAlias.alias, IndicatorAlias.indicator_id)).all())


def unlinked_targets(session: Session, plan_id: int) -> list[Target]:
    return list(session.scalars(select(Target).where(Target.plan_id == plan_id, Target.indicator_id.is_(None))
                                .order_by(Target.id)))


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


def targets_for(session: Session, indicator_id: int) -> list[PlanTargetRow]:
    """Every stored target of an indicator, by plan then year: only the columns a comparison
    shows, so no plan's full text is read."""
    rows = session.execute(select(Plan.id, Plan.title, Plan.region_id, Plan.region_name, Target.region_id, Target.year,
                                  Target.comparator, Target.value, Target.unit, Target.kind, Target.baseline_year,
                                  Target.baseline_value, Target.quote)
                           .join(Plan, Plan.id == Target.plan_id)
                           .where(Target.indicator_id == indicator_id)
                           .order_by(Plan.id, Target.year, Target.id))
    return [PlanTargetRow(*row) for row in rows]


def repoint_targets(session: Session, old_id: int, new_id: int) -> list[int]:
    """Move targets from one indicator to another; return the moved target ids.

    Core UPDATE (no ORM version bump): the targets themselves do not change, only the
    dictionary entry they point at.
    """
    ids = list(session.scalars(select(Target.id).where(Target.indicator_id == old_id)))
    if ids:
        session.execute(update(Target.__table__).where(Target.__table__.c.indicator_id == old_id)
                        .values(indicator_id=new_id))
    return ids


def move_aliases(session: Session, old_id: int, new_id: int) -> list[str]:
    moved = list(session.scalars(select(IndicatorAlias.alias).where(IndicatorAlias.indicator_id == old_id)))
    session.execute(update(IndicatorAlias.__table__).where(IndicatorAlias.__table__.c.indicator_id == old_id)
                    .values(indicator_id=new_id))
    return moved


def delete_indicator(session: Session, indicator_id: int) -> None:
    session.execute(delete(Indicator.__table__).where(Indicator.__table__.c.id == indicator_id))


def add_aliases(session: Session, indicator: Indicator, aliases: Iterable[str]) -> list[str]:
    known = {a.alias for a in indicator.aliases}
    added = []
    for alias in aliases:
        if alias and alias not in known and alias != indicator.name:
            indicator.aliases.append(IndicatorAlias(alias=alias))
            known.add(alias)
            added.append(alias)
    return added


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


def plan_targets(session: Session, plan_id: int) -> list[Target]:
    """Targets of a plan linked to an indicator, with their indicator and units loaded."""
    return list(session.scalars(select(Target).options(selectinload(Target.units), selectinload(Target.indicator))
                                .where(Target.plan_id == plan_id, Target.indicator_id.is_not(None))
                                .order_by(Target.start, Target.id)))


ADDITIVE_MEASURES = ("cumulative", "per_year", "yearly_amount")


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


def target_indicator_ids(session: Session, plan_id: int | None) -> set[int]:
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
