"""Elapsed share τ, completion share P, pace R and the milestone path.

    τ = (t − b) / (T − b)        b base year, T target year, t latest data year
    P = (x_t − x_b) / (x* − x_b)  so a less-is-better indicator (近视率) needs no special case
    R = P / τ                     straight path; computed as one division (below)
    R = (x_t − x_b) / (m_t − x_b) milestone path, m_t the expected value in year t

The callers guard the zero denominators (T = b, x* = x_b, m_t = x_b) with their own
branches; these functions assume they are non-zero.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from eduplan.evaluate.status import round10


def elapsed_share(base_year: int, latest_year: int, target_year: int) -> float | None:
    """τ rounded to 10 decimals; None when the period is empty (T ≤ b)."""
    if target_year <= base_year:
        return None
    return round10((latest_year - base_year) / (target_year - base_year))


def straight_pace(baseline: float, latest: float, target: float, base_year: int, latest_year: int,
                  target_year: int) -> float:
    """R = P/τ as a single division, ((x_t − x_b)(T − b)) / ((x* − x_b)(t − b)), unrounded.

    One division instead of two keeps exact boundary cases exact: baseline 0, target 100,
    τ = 0.6 and x_t = 57 gives 285/300 = 0.95, not 0.9499999999999998.
    """
    return ((latest - baseline) * (target_year - base_year)) / ((target - baseline) * (latest_year - base_year))


def milestone_years(milestones: Mapping[int, float], base_year: int, target_year: int) -> list[int]:
    """Milestone years strictly inside the period (b, T), ascending."""
    return sorted(y for y in milestones if base_year < y < target_year)


def path_value(milestones: Mapping[int, float], years: list[int], base_year: int, baseline: float,
               target_year: int, target: float, year: int) -> float:
    """Expected value in ``year`` on the piecewise-linear path (b, x_b) → milestones → (T, x*).

    ``years`` is ``milestone_years(...)``. A milestone year gives its milestone exactly; a
    year between two knots is interpolated; the target year gives the target.
    """
    if year >= target_year:
        return target
    i = bisect.bisect_right(years, year)  # knots ≤ year are years[:i]
    if i > 0:
        y0, v0 = years[i - 1], milestones[years[i - 1]]
    else:
        y0, v0 = base_year, baseline
    if i < len(years):
        y1, v1 = years[i], milestones[years[i]]
    else:
        y1, v1 = target_year, target
    if year == y0:
        return v0
    return v0 + (v1 - v0) * ((year - y0) / (y1 - y0))


def milestones_from_step(base_year: int, baseline: float, step: float, until: int) -> dict[int, float]:
    """Yearly milestones for "每年提高/降低 step": {b+1: x_b+step, …, until: x_b+k·step}.

    Use a negative ``step`` for 每年降低1个百分点. Values are rounded to 10 decimals so that
    52.0 − 3×1.0 stays 49.0.
    """
    return {year: round10(baseline + step * (year - base_year)) for year in range(base_year + 1, until + 1)}
