"""Target-year forecast: a recency-weighted least-squares line.

The line is fitted to the points since the base year; a point ``k`` years before the
latest one weighs 0.5^(k / half_life). Two points give the straight line through them;
an exact line is returned exactly (up to float rounding). Levels are never compounded:
growth near zero makes compound extrapolation explode, and a line is what a mid-term
review can defend. Rates (unit "%") are clipped to [0, max_value or 100], other
indicators with a ``max_value`` to at most that. The forecast never changes a status.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

RATE_UNITS = frozenset({"%", "％"})


def clip_bounds(unit: str | None, max_value: float | None) -> tuple[float | None, float | None]:
    """(lower, upper) bounds for a forecast of an indicator with this unit and maximum."""
    if unit is not None and unit.strip() in RATE_UNITS:
        return 0.0, (max_value if max_value is not None else 100.0)
    return None, max_value


def weighted_line(years: Sequence[int], values: Sequence[float], *, at_year: int,
                  half_life: float) -> float | None:
    """Value at ``at_year`` of the weighted least-squares line; None when it is undefined.

    ``years`` ascending and distinct. Years are measured from the latest one, which keeps
    the sums small and the arithmetic stable.
    """
    if len(years) < 2:
        return None
    last = years[-1]
    xs = [y - last for y in years]
    ws = [0.5 ** ((last - y) / half_life) for y in years]
    sw = 0.0
    swx = 0.0
    swy = 0.0
    for x, w, v in zip(xs, ws, values, strict=True):
        sw += w
        swx += w * x
        swy += w * v
    mx = swx / sw
    my = swy / sw
    sxx = 0.0
    sxy = 0.0
    for x, w, v in zip(xs, ws, values, strict=True):
        sxx += w * (x - mx) * (x - mx)
        sxy += w * (x - mx) * (v - my)
    if not (sxx > 0 and math.isfinite(sxx)):
        return None
    value = my + (sxy / sxx) * ((at_year - last) - mx)
    return value if math.isfinite(value) else None


def clip(value: float, lower: float | None, upper: float | None) -> tuple[float, bool]:
    """``value`` within [lower, upper] (either may be None) and whether it was moved."""
    clipped = value
    if lower is not None and clipped < lower:
        clipped = lower
    if upper is not None and clipped > upper:
        clipped = upper
    return clipped, clipped != value
