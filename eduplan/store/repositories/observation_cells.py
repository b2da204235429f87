"""Observations as the data-entry grid shows them: one year's values with their version,
source, note and who recorded them (the name of the user, for conflict messages)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.store.models import Observation, User

Pair = tuple[int, int]  # (indicator_id, region_id)


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


def for_year(session: Session, pairs: Iterable[Pair], year: int) -> dict[Pair, StoredCell]:
    """The stored values of ``year`` for these (indicator, region) pairs."""
    wanted = set(pairs)
    indicator_ids = sorted({i for i, _ in wanted})
    found: dict[Pair, StoredCell] = {}
    for start in range(0, len(indicator_ids), 500):
        query = _query().where(Observation.year == year,
                               Observation.indicator_id.in_(indicator_ids[start:start + 500]))
        for cell in _cells(session, query):
            if (cell.indicator_id, cell.region_id) in wanted:
                found[(cell.indicator_id, cell.region_id)] = cell
    return found


def one(session: Session, indicator_id: int, region_id: int, year: int) -> StoredCell | None:
    query = _query().where(Observation.indicator_id == indicator_id, Observation.region_id == region_id,
                           Observation.year == year)
    return next(iter(_cells(session, query)), None)


def _query():
    name = func.coalesce(func.nullif(User.display_name, ""), User.username)
    return (select(Observation.indicator_id, Observation.region_id, Observation.year, Observation.value,
                   Observation.version, Observation.source, Observation.note, Observation.recorded_at, name)
            .outerjoin(User, User.id == Observation.recorded_by))


def _cells(session: Session, query) -> list[StoredCell]:
    return [StoredCell(*row) for row in session.execute(query)]
