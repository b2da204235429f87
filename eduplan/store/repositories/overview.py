"""Read-only queries behind the overview screens (一屏掌控): plan choices without their
text, the years a region has data for, the latest audit entries, the change stamp that
keys the view cache, and the latest value of one indicator in every region of a level.

Every query here is bounded: by an index (a region, an indicator) or by a LIMIT, so it
stays fast on millions of observations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Float, cast, desc, func, or_, select
from sqlalchemy.orm import Session

from eduplan.store.models import AuditEntry, Observation, Plan, Region, Target, User


@dataclass(frozen=True, slots=True)
class PlanRow:
    id: int
    title: str
    doc_type: str
    region_id: int | None
    region_name: str | None
    region_level: str | None
    period_start: int | None
    period_end: int | None
    base_year: int | None


@dataclass(frozen=True, slots=True)
class ChangeRow:
    id: int
    at: datetime
    user: str | None  # display name (username when empty); None for the command line
    action: str
    object_type: str
    object_id: int | None
    summary: str
    old: dict | None
    new: dict | None


@dataclass(frozen=True, slots=True)
class RegionValue:
    region_id: int
    name: str
    year: int
    value: float
    rank: int
    total: int


def plan_rows(session: Session) -> list[PlanRow]:
    """Every stored plan (without its text), by id."""
    rows = session.execute(
        select(Plan.id, Plan.title, Plan.doc_type, Plan.region_id, func.coalesce(Region.name, Plan.region_name),
               Region.level, Plan.period_start, Plan.period_end, Plan.base_year)
        .outerjoin(Region, Region.id == Plan.region_id).order_by(Plan.id))
    return [PlanRow(*r) for r in rows]


def plan_period(session: Session, plan_id: int) -> tuple[int, int] | None:
    """(first year, last year) of a plan, when it states both."""
    row = session.execute(select(Plan.period_start, Plan.base_year, Plan.period_end).where(Plan.id == plan_id)).first()
    if row is None:
        return None
    start = row[0] or (row[1] + 1 if row[1] else None)
    return (start, row[2]) if start and row[2] else None


def target_region_ids(session: Session, plan_id: int) -> set[int]:
    """Regions the plan's targets are stated for (besides the plan's own region)."""
    return {r for r in session.scalars(select(Target.region_id).where(Target.plan_id == plan_id).distinct())
            if r is not None}


def plan_pairs(session: Session, plan_id: int) -> set[tuple[int, int]]:
    """(indicator, region) of every commitment of a plan linked to the dictionary: the
    values its evaluation needs (the target's region, else the plan's)."""
    region = func.coalesce(Target.region_id, Plan.region_id)
    rows = session.execute(select(Target.indicator_id, region).join(Plan, Plan.id == Target.plan_id)
                           .where(Target.plan_id == plan_id, Target.indicator_id.is_not(None),
                                  Target.kind == "target").distinct())
    return {(i, r) for i, r in rows if r is not None}


def years_present(session: Session, pairs: set[tuple[int, int]]) -> dict[int, set[tuple[int, int]]]:
    """Year → the pairs with a stored value that year."""
    found: dict[int, set[tuple[int, int]]] = {}
    indicators = sorted({i for i, _ in pairs})
    regions = sorted({r for _, r in pairs})
    for start in range(0, len(indicators), 500):
        query = (select(Observation.indicator_id, Observation.region_id, Observation.year)
                 .where(Observation.indicator_id.in_(indicators[start:start + 500])))
        if len(regions) <= 500:  # a plan's own region or few: do not read every county's values
            query = query.where(Observation.region_id.in_(regions))
        rows = session.execute(query)
        for i, r, y in rows:
            if (i, r) in pairs:
                found.setdefault(y, set()).add((i, r))
    return found


def observation_years(session: Session, region_ids: Iterable[int]) -> list[int]:
    """Years with at least one observation in these regions, ascending (uses the region index)."""
    ids = sorted(set(region_ids))[:50]
    if not ids:
        return []
    return sorted(session.scalars(select(Observation.year).where(Observation.region_id.in_(ids)).distinct()))


def recent_changes(session: Session, limit: int = 10, *, user_id: int | None = None) -> list[ChangeRow]:
    """The latest audit entries (of one user when ``user_id`` is given), newest first,
    with the name of who made them."""
    who = func.coalesce(func.nullif(User.display_name, ""), User.username)
    query = (select(AuditEntry.id, AuditEntry.at, who, AuditEntry.action, AuditEntry.object_type,
                    AuditEntry.object_id, AuditEntry.summary, AuditEntry.old, AuditEntry.new)
             .outerjoin(User, User.id == AuditEntry.user_id).order_by(desc(AuditEntry.id)).limit(limit))
    if user_id is not None:
        query = query.where(AuditEntry.user_id == user_id)
    return [ChangeRow(*r) for r in session.execute(query)]


def change_stamp(session: Session) -> tuple[int, int]:
    """(max audit id, max observation id): changes whenever anything audited is written or an
    observation is added. Two primary-key lookups."""
    audit_max = select(func.max(AuditEntry.id)).scalar_subquery()
    obs_max = select(func.max(Observation.id)).scalar_subquery()
    row = session.execute(select(func.coalesce(audit_max, 0), func.coalesce(obs_max, 0))).one()
    return int(row[0]), int(row[1])


def latest_by_region(session: Session, indicator_id: int, *, level: str, as_of: int, better_up: bool,
                     limit: int, include_region: int | None = None) -> list[RegionValue]:
    """The latest value up to ``as_of`` of one indicator in every region of ``level``, ranked
    best first (competition ranking), in one query: the best ``limit`` regions plus
    ``include_region`` wherever it ranks. Each row carries the number of regions ranked."""
    o = Observation
    latest = (
        select(o.region_id, o.year, cast(o.value, Float).label("value"),
               func.row_number().over(partition_by=o.region_id, order_by=desc(o.year)).label("rn"))
        .join(Region, Region.id == o.region_id)
        .where(o.indicator_id == indicator_id, o.year <= as_of, Region.level == level)
        .cte("latest")
    )
    order = desc(latest.c.value) if better_up else latest.c.value
    ranked = (
        select(latest.c.region_id, latest.c.year, latest.c.value,
               func.rank().over(order_by=order).label("rnk"), func.count().over().label("total"))
        .where(latest.c.rn == 1)
        .cte("ranked")
    )
    wanted = ranked.c.rnk <= limit
    if include_region is not None:
        wanted = or_(wanted, ranked.c.region_id == include_region)
    rows = session.execute(
        select(ranked.c.region_id, Region.name, ranked.c.year, ranked.c.value, ranked.c.rnk, ranked.c.total)
        .join(Region, Region.id == ranked.c.region_id)
        .where(wanted).order_by(ranked.c.rnk, Region.code).limit(limit + 1))
    return [RegionValue(int(r[0]), r[1], int(r[2]), float(r[3]), int(r[4]), int(r[5])) for r in rows]
