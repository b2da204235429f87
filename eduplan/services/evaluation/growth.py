"""年均增长X% targets whose data are yearly growth rates.

A growth indicator in % (财政教育经费年均增长率 and the like) is reported as each year's
growth over the year before (−3.2 when it fell). The engine judges a growth target on
levels — the compound growth from the baseline value to the latest one — so such rates
are chained into a level index first: 100 in the base year, each following year
compounding its own rate. A year whose year before has no rate cannot be chained; the
index stops before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from eduplan.domain import Measure
from eduplan.evaluate import Point, TargetSpec

INDEX_BASE = 100.0


def reports_rates(spec: TargetSpec) -> bool:
    """A growth target whose indicator is reported in % takes yearly rates, not levels."""
    return spec.effective_measure is Measure.GROWTH_RATE and spec.unit == "%"


def rate_index(points: Sequence[Point], base_year: int | None) -> list[Point]:
    """Yearly rates (%) → the level index they compound to, from INDEX_BASE in the base
    year (or the year before the first rate when the plan states none)."""
    by_year = {p.year: p.value for p in points}  # the last value of a year wins, as in the engine
    if not by_year:
        return []
    start = base_year if base_year is not None else min(by_year) - 1
    level, year = INDEX_BASE, start + 1
    index = [Point(start, INDEX_BASE)]
    while year in by_year:
        level *= 1 + by_year[year] / 100
        index.append(Point(year, level))
        year += 1
    return index if len(index) > 1 else []


def as_levels(spec: TargetSpec, points: Sequence[Point]) -> tuple[TargetSpec, list[Point]]:
    """The spec and points the engine judges: rates chained into an index (a stated
    baseline is a rate too and gives way to the index's base), anything else as it is."""
    if not reports_rates(spec):
        return spec, list(points)
    return replace(spec, baseline=None), rate_index(points, spec.effective_base_year)


def as_level_arrays(spec: TargetSpec, regions: NDArray[np.int64], years: NDArray[np.int64],
                    values: NDArray[np.float64]) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.float64]]:
    """``as_levels`` for the arrays of many regions (one region after another)."""
    if not reports_rates(spec) or not len(regions):
        return regions, years, values
    out_r: list[int] = []
    out_y: list[int] = []
    out_v: list[float] = []
    for region in np.unique(regions):
        at = regions == region
        for p in rate_index([Point(int(y), float(v)) for y, v in zip(years[at], values[at], strict=True)],
                            spec.effective_base_year):
            out_r.append(int(region))
            out_y.append(p.year)
            out_v.append(p.value)
    return np.array(out_r, dtype=np.int64), np.array(out_y, dtype=np.int64), np.array(out_v, dtype=np.float64)
