"""Read-only queries behind the indicator screens: how many targets and observations each
indicator has, which regions have data for one indicator, one region's series, and the
plans (with their regions) that set targets for an indicator."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Float, cast, desc, func, select
from sqlalchemy.orm import Session

from eduplan.store.models import Indicator, Observation, Plan, Region, Target


@dataclass(frozen=True, slots=True)
class RegionCount:
    region_id: int
    code: str
    name: str
    level: str
    observations: int


@dataclass(frozen=True, slots=True)
class PlanTarget:
    """A plan that sets a target for the indicator, and the region the target is for."""

    plan_id: int
    plan_title: str
    doc_type: str
    region_id: int | None


def usage_counts(session: Session, indicator_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Indicator id → (targets, observations). One count per indicator through its index
    (an index-only scan of its own entries on PostgreSQL), so the cost follows the
    indicators asked for, not the size of the observations table: callers ask for a page."""
    if not indicator_ids:
        return {}
    targets = (select(func.count()).where(Target.indicator_id == Indicator.id).correlate(Indicator)
               .scalar_subquery())
    observations = (select(func.count()).where(Observation.indicator_id == Indicator.id).correlate(Indicator)
                    .scalar_subquery())
    rows = session.execute(select(Indicator.id, targets, observations).where(Indicator.id.in_(indicator_ids)))
    return {int(i): (int(t or 0), int(o or 0)) for i, t, o in rows}


def regions_with_data(session: Session, indicator_id: int, *, limit: int = 300) -> list[RegionCount]:
    """Regions with observations of the indicator, most observations first (then by code)."""
    n = func.count().label("n")
    counted = (select(Observation.region_id, n).where(Observation.indicator_id == indicator_id)
               .group_by(Observation.region_id).subquery())
    rows = session.execute(select(Region.id, Region.code, Region.name, Region.level, counted.c.n)
                           .join(counted, counted.c.region_id == Region.id)
                           .order_by(desc(counted.c.n), Region.code).limit(limit))
    return [RegionCount(int(r[0]), r[1], r[2], r[3], int(r[4])) for r in rows]


def region_counts(session: Session, indicator_id: int, region_ids: set[int]) -> list[RegionCount]:
    """The given regions with their number of observations of the indicator (0 included)."""
    if not region_ids:
        return []
    n = (select(func.count()).where(Observation.indicator_id == indicator_id, Observation.region_id == Region.id)
         .correlate(Region).scalar_subquery())
    rows = session.execute(select(Region.id, Region.code, Region.name, Region.level, n)
                           .where(Region.id.in_(sorted(region_ids))).order_by(Region.code))
    return [RegionCount(int(r[0]), r[1], r[2], r[3], int(r[4] or 0)) for r in rows]


def series(session: Session, indicator_id: int, region_id: int) -> list[tuple[int, float]]:
    """(year, value) of one indicator in one region, by year."""
    rows = session.execute(select(Observation.year, cast(Observation.value, Float))
                           .where(Observation.indicator_id == indicator_id, Observation.region_id == region_id)
                           .order_by(Observation.year))
    return [(int(y), float(v)) for y, v in rows]


def provenance(session: Session, indicator_id: int, region_id: int) -> list[tuple[int, str, int | None, str | None]]:
    """(year, where the value came from, the source document's id, its quote) of one
    indicator in one region: a document title (an accepted 统计公报 …) or the source
    written on entry (a file and row, a 来源 column)."""
    rows = session.execute(select(Observation.year, Observation.source, Observation.source_plan_id, Plan.title,
                                  Observation.source_quote)
                           .outerjoin(Plan, Plan.id == Observation.source_plan_id)
                           .where(Observation.indicator_id == indicator_id, Observation.region_id == region_id)
                           .order_by(Observation.year))
    return [(int(y), f"《{title}》" if title else (source or "—"), plan_id, quote)
            for y, source, plan_id, title, quote in rows]


def plan_targets(session: Session, indicator_id: int) -> list[PlanTarget]:
    """Plans with a commitment (kind target) for the indicator, by plan id; one row per
    (plan, region)."""
    region = func.coalesce(Target.region_id, Plan.region_id)
    rows = session.execute(select(Plan.id, Plan.title, Plan.doc_type, region)
                           .join(Plan, Plan.id == Target.plan_id)
                           .where(Target.indicator_id == indicator_id, Target.kind == "target")
                           .group_by(Plan.id, Plan.title, Plan.doc_type, region).order_by(Plan.id))
    return [PlanTarget(int(r[0]), r[1], r[2], r[3]) for r in rows]


def region_by_ref(session: Session, ref: str) -> Region | None:
    """A region by id, code or exact name."""
    text = ref.strip()
    if text.isdigit():
        found = session.scalar(select(Region).where(Region.code == text)) or session.get(Region, int(text))
        if found is not None:
            return found
    return session.scalar(select(Region).where(Region.name == text))
