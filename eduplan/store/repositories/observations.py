from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from eduplan.domain import decimal_text
from eduplan.store.models import Observation

Key = tuple[int, int, int]  # (indicator_id, region_id, year)


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


def get(session: Session, indicator_id: int, region_id: int, year: int) -> Observation | None:
    return session.scalar(select(Observation).where(Observation.indicator_id == indicator_id,
                                                    Observation.region_id == region_id, Observation.year == year))


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
