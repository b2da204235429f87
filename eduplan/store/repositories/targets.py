"""A plan's targets: in text order (their indicator, section and units loaded; as
``TargetRow`` values for every reader), filtered for the API, by indicator, and the
target–unit links (``target_units``) that say who answers for an indicator."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session, joinedload, subqueryload

from eduplan.domain import ADDITIVE_MEASURES
from eduplan.store.models import Indicator, Plan, Target, target_units


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A stored target as every reader gets it — the review screen, the API, evaluation,
    comparisons: its columns with the names of its indicator, section and responsible
    units (by name). Made from the row in one place, ``TargetRow.of``."""

    id: int
    plan_id: int
    section_id: int | None
    section_label: str | None  # "三、(一) 扩大学前教育普惠资源" style: number and title of the section
    indicator_id: int | None
    indicator: str | None  # canonical name in the indicator dictionary
    indicator_name: str  # as the plan words it
    region_id: int | None  # None: the plan's region
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
    confidence: float
    review_state: str
    version: int
    units: tuple[str, ...]
    measure: str | None = None  # domain.Measure value; None: the indicator's kind decides
    direction: str | None = None  # up / down; None: the indicator's
    entry_basis: str | None = None  # 填报口径 of an additive target
    parent_id: int | None = None  # the target this row is a milestone (or restatement) of

    @classmethod
    def of(cls, t: Target) -> TargetRow:
        """The row of ``t`` (its indicator, section and units loaded, as ``of_plan`` does)."""
        section = t.section
        return cls(t.id, t.plan_id, t.section_id, f"{section.number} {section.title}" if section else None,
                   t.indicator_id, t.indicator.name if t.indicator else None, t.indicator_name, t.region_id,
                   t.comparator, t.value, t.unit, t.year, t.kind, t.baseline_year, t.baseline_value, t.quote or "",
                   t.start, t.end, t.confidence, t.review_state, t.version, tuple(sorted(u.name for u in t.units)),
                   t.measure, t.direction, t.entry_basis, t.parent_id)

    @property
    def is_milestone(self) -> bool:
        return self.parent_id is not None


def rows(session: Session, plan_id: int) -> list[TargetRow]:
    """Every target of a plan (commitments and reported values) in text order, as rows."""
    return [TargetRow.of(t) for t in of_plan(session, plan_id)]


def _loaded() -> Select:
    """Targets with what a ``TargetRow`` names (indicator, section, units), in two queries
    however many targets there are."""
    return select(Target).options(joinedload(Target.indicator), joinedload(Target.section), subqueryload(Target.units))


def of_plan(session: Session, plan_id: int, *, linked: bool = False) -> list[Target]:
    """Every target of a plan (both kinds) in text order, with indicator, section and units
    loaded — two queries however many targets there are; only those linked to an indicator
    when ``linked``."""
    query = _loaded().where(Target.plan_id == plan_id).order_by(Target.start, Target.id)
    if linked:
        query = query.where(Target.indicator_id.is_not(None))
    return list(session.scalars(query))


def filtered(*, plan_id: int, kind: str | None = None, review_state: str | None = None,
            indicator_id: int | None = None, year: int | None = None, unit_id: int | None = None) -> Select:
    query = _loaded().where(Target.plan_id == plan_id).order_by(Target.start, Target.id)
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


def for_indicator(session: Session, indicator_id: int) -> list[TargetRow]:
    """Every stored target of an indicator, by plan then year (no plan's text is read)."""
    query = _loaded().where(Target.indicator_id == indicator_id).order_by(Target.plan_id, Target.year, Target.id)
    return [TargetRow.of(t) for t in session.scalars(query)]


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
