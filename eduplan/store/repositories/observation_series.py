"""Observations as series for evaluation: (year, value) points per (indicator, region), or
one indicator's values for every region of a level streamed as numpy arrays.

Values are cast to double precision in SQL: evaluation maths is float (STYLE.md), and a
float column converts far faster in the driver than NUMERIC → Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Float, cast, select
from sqlalchemy.orm import Session

from eduplan.store.models import Observation, Region

Pair = tuple[int, int]  # (indicator_id, region_id)
_VALUE = cast(Observation.value, Float)


def points_for(session: Session, pairs: Iterable[Pair]) -> dict[Pair, list[tuple[int, float]]]:
    """(year, value) points of each (indicator, region) pair, by year: one query per 500
    indicators, whatever the number of pairs."""
    wanted = set(pairs)
    found: dict[Pair, list[tuple[int, float]]] = {p: [] for p in wanted}
    indicators = sorted({i for i, _ in wanted})
    regions = sorted({r for _, r in wanted})
    if not wanted:
        return found
    o = Observation
    for start in range(0, len(indicators), 500):
        query = (select(o.indicator_id, o.region_id, o.year, _VALUE)
                 .where(o.indicator_id.in_(indicators[start:start + 500]))
                 .order_by(o.indicator_id, o.region_id, o.year))
        if len(regions) <= 500:
            query = query.where(o.region_id.in_(regions))
        for indicator_id, region_id, year, value in session.execute(query):
            points = found.get((indicator_id, region_id))
            if points is not None:
                points.append((year, value))
    return found


def stream_indicator(session: Session, indicator_id: int, *, level: str | None, first_year: int | None,
                     last_year: int | None, chunk: int = 200_000
                     ) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]]:
    """(region_ids, years, values) arrays of one indicator, ``chunk`` rows at a time,
    streamed with a server-side cursor (``yield_per``): memory stays at one chunk.

    ``level`` keeps regions of that level only; ``first_year``/``last_year`` bound the
    years (both inclusive, None for no bound).
    """
    o = Observation
    query = select(o.region_id, o.year, _VALUE).where(o.indicator_id == indicator_id)
    if first_year is not None:
        query = query.where(o.year >= first_year)
    if last_year is not None:
        query = query.where(o.year <= last_year)
    if level is not None:
        query = query.where(o.region_id.in_(select(Region.id).where(Region.level == level)))
    result = session.execute(query, execution_options={"yield_per": chunk})
    for rows in result.partitions():
        flat = np.array(rows, dtype=np.float64).reshape(-1, 3)
        yield flat[:, 0].astype(np.int64), flat[:, 1].astype(np.int64), flat[:, 2]
