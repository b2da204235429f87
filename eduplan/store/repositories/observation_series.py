"""Observations as series for evaluation: (year, value) points per (indicator, region), or
one indicator's values for every region of a level streamed as numpy arrays.

Values are cast to double precision in SQL: evaluation maths is float (STYLE.md), and a
float column converts far faster in the driver than NUMERIC → Decimal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain, count
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Float, Select, cast, select
from sqlalchemy.orm import Session

from eduplan.store.models import Observation

Pair = tuple[int, int]  # (indicator_id, region_id)
_VALUE = cast(Observation.value, Float)
_cursor_names = count(1)


def points_for(session: Session, pairs: Iterable[Pair]) -> dict[Pair, list[tuple[int, float, str | None]]]:
    """(year, value, basis) points of each (indicator, region) pair, by year: one query per
    500 indicators, whatever the number of pairs. ``basis`` is the 填报口径 (or None)."""
    wanted = set(pairs)
    found: dict[Pair, list[tuple[int, float, str | None]]] = {p: [] for p in wanted}
    indicators = sorted({i for i, _ in wanted})
    regions = sorted({r for _, r in wanted})
    if not wanted:
        return found
    o = Observation
    for start in range(0, len(indicators), 500):
        query = (select(o.indicator_id, o.region_id, o.year, _VALUE, o.basis)
                 .where(o.indicator_id.in_(indicators[start:start + 500]))
                 .order_by(o.indicator_id, o.region_id, o.year))
        if len(regions) <= 500:
            query = query.where(o.region_id.in_(regions))
        for indicator_id, region_id, year, value, basis in session.execute(query):
            points = found.get((indicator_id, region_id))
            if points is not None:
                points.append((year, value, basis))
    return found


def bases_of(session: Session, indicator_id: int, *, first_year: int | None, last_year: int | None
             ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.object_]] | None:
    """(region_ids, years, bases) of an indicator's values entered with a 填报口径, or None
    when it has none (the common case: levels)."""
    o = Observation
    query = select(o.region_id, o.year, o.basis).where(o.indicator_id == indicator_id, o.basis.is_not(None))
    if first_year is not None:
        query = query.where(o.year >= first_year)
    if last_year is not None:
        query = query.where(o.year <= last_year)
    rows = session.execute(query).all()
    if not rows:
        return None
    return (np.array([r[0] for r in rows], dtype=np.int64), np.array([r[1] for r in rows], dtype=np.int64),
            np.array([r[2] for r in rows], dtype=object))


def stream_indicator(session: Session, indicator_id: int, *, region_ids: NDArray[np.int64] | None,
                     first_year: int | None, last_year: int | None, chunk: int = 200_000
                     ) -> Iterator[tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]]:
    """(region_ids, years, values) arrays of one indicator, ``chunk`` rows at a time,
    streamed with a server-side cursor: memory stays at one chunk.

    ``region_ids`` (sorted) keeps those regions only — filtered here rather than in SQL,
    where an ``IN (SELECT … level)`` makes SQLite probe the unique index once per region;
    ``first_year``/``last_year`` bound the years (inclusive, None for no bound).
    """
    o = Observation
    query = select(o.region_id, o.year, _VALUE).where(o.indicator_id == indicator_id)
    if first_year is not None:
        query = query.where(o.year >= first_year)
    if last_year is not None:
        query = query.where(o.year <= last_year)
    cursor = _dbapi_cursor(session, query)
    try:
        while rows := cursor.fetchmany(chunk):
            flat = np.fromiter(chain.from_iterable(rows), dtype=np.float64, count=3 * len(rows)).reshape(-1, 3)
            regions = flat[:, 0].astype(np.int64)
            if region_ids is not None:
                keep = _member(regions, region_ids)
                flat, regions = flat[keep], regions[keep]
            yield regions, flat[:, 1].astype(np.int64), flat[:, 2]
    finally:
        cursor.close()


def _dbapi_cursor(session: Session, query: Select) -> Any:
    """``query`` executed on a DBAPI cursor in the session's transaction: server-side
    (named, binary) on PostgreSQL, so rows arrive ``fetchmany`` at a time.

    The driver's plain tuples are used directly: SQLAlchemy's Row objects double the cost
    of a fetch at millions of rows, and every column here already has its Python type
    (the value is cast to float in SQL).
    """
    connection = session.connection()
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.construct_params()
    if compiled.positional:
        params = tuple(params[name] for name in compiled.positiontup or ())
    driver = connection.connection.driver_connection
    assert driver is not None
    if connection.dialect.name == "postgresql":
        # binary results: int4 and float8 arrive without text parsing (half the time)
        cursor = driver.cursor(name=f"eduplan_series_{next(_cursor_names)}", binary=True)
    else:
        cursor = driver.cursor()
    cursor.execute(compiled.string, params)
    return cursor


def _member(values: NDArray[np.int64], sorted_ids: NDArray[np.int64]) -> NDArray[np.bool_]:
    if not len(sorted_ids):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ids, values), len(sorted_ids) - 1)
    return sorted_ids[at] == values
