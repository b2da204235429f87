"""Observations (监测值): one value, the values of an import or a workbook keyed by
(indicator, region, year), the entry grid's cells, one region's series and where each
value came from, the regions with data, the latest value in every region of a level,
and the lists of the API. Series for the evaluation engine: ``observation_series``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Float, Select, cast, delete, desc, func, or_, select, update
from sqlalchemy.orm import Session

from eduplan.domain import decimal_text
from eduplan.store.models import Indicator, Observation, Plan, Region, User


Key = tuple[int, int, int]  # (indicator_id, region_id, year)
Pair = tuple[int, int]  # (indicator_id, region_id)


@dataclass(frozen=True, slots=True)
class Stored:
    """What an import needs to know about an existing observation."""

    id: int
    value: Decimal
    unit: str | None
    source: str | None
    version: int
    recorded_by: int | None
    recorded_at: object
    basis: str | None = None  # 填报口径 (addition/total) of an additive indicator's value


@dataclass(frozen=True, slots=True)
class StoredCell:
    indicator_id: int
    region_id: int
    year: int
    value: Decimal
    version: int
    source: str | None
    note: str | None
    recorded_at: datetime | None
    recorded_by: str | None  # display name (or username); None for the CLI


@dataclass(frozen=True, slots=True)
class RegionCount:
    region_id: int
    code: str
    name: str
    level: str
    observations: int


@dataclass(frozen=True, slots=True)
class RegionValue:
    region_id: int
    name: str
    year: int
    value: float
    rank: int
    total: int


def get(session: Session, indicator_id: int, region_id: int, year: int) -> Observation | None:
    return session.scalar(select(Observation).where(Observation.indicator_id == indicator_id,
                                                    Observation.region_id == region_id, Observation.year == year))


def _named() -> Select:
    """(observation, indicator name, region name, region code) rows."""
    return (select(Observation, Indicator.name, Region.name, Region.code)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .join(Region, Region.id == Observation.region_id))


def with_names(session: Session, observation_id: int) -> tuple[Observation, str, str, str] | None:
    row = session.execute(_named().where(Observation.id == observation_id)).first()
    return tuple(row) if row else None  # type: ignore[return-value]


def filtered(*, indicator_id: int | None = None, region_id: int | None = None,
             year_from: int | None = None, year_to: int | None = None) -> Select:
    """Observations with their indicator and region names (``_named``)."""
    query = _named().order_by(Observation.indicator_id, Region.code, Observation.year)
    if indicator_id is not None:
        query = query.where(Observation.indicator_id == indicator_id)
    if region_id is not None:
        query = query.where(Observation.region_id == region_id)
    if year_from is not None:
        query = query.where(Observation.year >= year_from)
    if year_to is not None:
        query = query.where(Observation.year <= year_to)
    return query


def for_indicator(session: Session, indicator_id: int, region_id: int | None = None) -> list[Observation]:
    query = select(Observation).where(Observation.indicator_id == indicator_id)
    if region_id is not None:
        query = query.where(Observation.region_id == region_id)
    return list(session.scalars(query.order_by(Observation.region_id, Observation.year)))


def existing(session: Session, indicator_ids: Iterable[int]) -> dict[Key, Stored]:
    """Stored observations of these indicators keyed by (indicator, region, year): one
    query per 500 indicators instead of one per imported row."""
    ids = sorted(set(indicator_ids))
    o = Observation.__table__.c
    found: dict[Key, Stored] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(select(o.indicator_id, o.region_id, o.year, o.id, o.value, o.unit, o.source,
                                      o.version, o.recorded_by, o.recorded_at, o.basis)
                               .where(o.indicator_id.in_(ids[start:start + 500])))
        for r in rows:
            found[(r[0], r[1], r[2])] = Stored(*r[3:])
    return found


def values_for(session: Session, indicator_ids: Iterable[int], region_ids: Iterable[int]) -> dict[Key, Decimal]:
    """Stored values keyed by (indicator, region, year), for pre-filling a workbook."""
    o = Observation.__table__.c
    ids, regions = sorted(set(indicator_ids)), sorted(set(region_ids))
    if not ids or not regions:
        return {}
    rows = session.execute(select(o.indicator_id, o.region_id, o.year, o.value)
                           .where(o.indicator_id.in_(ids), o.region_id.in_(regions)))
    return {(r[0], r[1], r[2]): r[3] for r in rows}


def ids_for(session: Session, indicator_ids: Iterable[int]) -> dict[Key, int]:
    """Observation ids of these indicators keyed by (indicator, region, year)."""
    ids = sorted(set(indicator_ids))
    o = Observation.__table__.c
    found: dict[Key, int] = {}
    for start in range(0, len(ids), 500):
        for r in session.execute(select(o.indicator_id, o.region_id, o.year, o.id)
                                 .where(o.indicator_id.in_(ids[start:start + 500]))):
            found[(r[0], r[1], r[2])] = r[3]
    return found


def for_export(session: Session, indicator_ids: Iterable[int]) -> list[tuple[Observation, str, str, str]]:
    """(observation, indicator name, region name, region code) for every observation of
    the indicators, by indicator name, region code and year."""
    wanted = sorted(set(indicator_ids))
    rows: list[tuple[Observation, str, str, str]] = []
    for start in range(0, len(wanted), 500):
        query = (_named().where(Observation.indicator_id.in_(wanted[start:start + 500]))
                 .order_by(Indicator.name, Region.code, Observation.year))
        rows += [(o, i, n, c) for o, i, n, c in session.execute(query)]
    return rows


def cells_for_year(session: Session, pairs: Iterable[Pair], year: int) -> dict[Pair, StoredCell]:
    """The stored values of ``year`` for these (indicator, region) pairs."""
    wanted = set(pairs)
    indicator_ids = sorted({i for i, _ in wanted})
    found: dict[Pair, StoredCell] = {}
    for start in range(0, len(indicator_ids), 500):
        query = _cell_query().where(Observation.year == year,
                               Observation.indicator_id.in_(indicator_ids[start:start + 500]))
        for cell in _cells(session, query):
            if (cell.indicator_id, cell.region_id) in wanted:
                found[(cell.indicator_id, cell.region_id)] = cell
    return found


def cell(session: Session, indicator_id: int, region_id: int, year: int) -> StoredCell | None:
    query = _cell_query().where(Observation.indicator_id == indicator_id, Observation.region_id == region_id,
                           Observation.year == year)
    return next(iter(_cells(session, query)), None)


def _cell_query():
    name = func.coalesce(func.nullif(User.display_name, ""), User.username)
    return (select(Observation.indicator_id, Observation.region_id, Observation.year, Observation.value,
                   Observation.version, Observation.source, Observation.note, Observation.recorded_at, name)
            .outerjoin(User, User.id == Observation.recorded_by))


def _cells(session: Session, query) -> list[StoredCell]:
    return [StoredCell(*row) for row in session.execute(query)]


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


def years_in(session: Session, region_ids: Iterable[int]) -> list[int]:
    """Years with at least one observation in these regions, ascending (uses the region index)."""
    ids = sorted(set(region_ids))[:50]
    if not ids:
        return []
    return sorted(session.scalars(select(Observation.year).where(Observation.region_id.in_(ids)).distinct()))


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


def repoint(session: Session, old_indicator_id: int, new_indicator_id: int) -> int:
    """Move every observation of one indicator to another (bumping versions)."""
    t = Observation.__table__
    result = session.execute(update(t).where(t.c.indicator_id == old_indicator_id)
                             .values(indicator_id=new_indicator_id, version=t.c.version + 1))
    return result.rowcount or 0


def delete_one(session: Session, observation_id: int) -> None:
    t = Observation.__table__
    session.execute(delete(t).where(t.c.id == observation_id))


def snapshot(o: Observation | Stored) -> dict:
    """A JSON-able picture of an observation for the audit log."""
    at = getattr(o, "recorded_at", None)
    return {"id": o.id, "value": decimal_text(o.value), "unit": o.unit, "source": o.source, "version": o.version,
            "basis": getattr(o, "basis", None),
            "recorded_by": o.recorded_by, "recorded_at": at.isoformat() if hasattr(at, "isoformat") else at}
