"""Comparisons with tolerance, and pace → status.

Two habits keep exact boundary cases on the intended side despite float error:

* every difference and every ratio is rounded to 10 decimals (``round10``) before it is
  compared, so 0.57 / 0.6 lands on 0.95 exactly and counts as on_track;
* a value and a target are equal when they differ by at most half a unit of the
  indicator's precision (``tolerance``), both ends inclusive: with precision 1,
  99.95 meets "≥ 100" and 100.05 meets "≤ 100".

``round10`` is written as ``round(x·1e10)/1e10`` (half to even) so that the vectorised
path (``np.rint(x·1e10)/1e10``) gives bit-identical results.
"""

from __future__ import annotations

import math

from eduplan.domain import Comparator, Status
from eduplan.evaluate.thresholds import Thresholds

SCALE = 1e10
PRECISION_RANGE = (-6, 10)


def round10(x: float) -> float:
    """``x`` rounded to 10 decimals; non-finite values pass through unchanged."""
    y = x * SCALE
    if not math.isfinite(y):
        return x
    return round(y) / SCALE


def tolerance(precision: int) -> float:
    """Half a unit of the last reported decimal: 0.05 for precision 1."""
    low, high = PRECISION_RANGE
    return 0.5 / 10.0 ** min(max(precision, low), high)


def meets(value: float, target: float, comparator: Comparator, tol: float) -> bool:
    """Does ``value`` satisfy ``comparator target`` within ``tol``?

    ``>=``: value ≥ target − tol; ``>``: value > target + tol (a difference within the
    tolerance is no difference); ``<=`` and ``<`` mirror them; ``=``: |value − target| ≤ tol.
    Directional comparators have no target value and never "meet".
    """
    d = round10(value - target)
    if comparator is Comparator.AT_LEAST:
        return d >= -tol
    if comparator is Comparator.MORE_THAN:
        return d > tol
    if comparator is Comparator.AT_MOST:
        return d <= tol
    if comparator is Comparator.LESS_THAN:
        return d < -tol
    if comparator is Comparator.EQUAL:
        return abs(d) <= tol
    return False


def improvement_sign(comparator: Comparator, target: float | None = None, baseline: float | None = None) -> int:
    """+1 when larger values are better for this comparator, −1 when smaller are.

    For "=" the way from the baseline to the target decides (0 when they are equal).
    """
    if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.INCREASE):
        return 1
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN, Comparator.DECREASE):
        return -1
    if target is None or baseline is None or target == baseline:
        return 0
    return 1 if target > baseline else -1


def classify_pace(pace: float, thresholds: Thresholds) -> Status:
    """R (already rounded) → on_track / at_risk / lagging / regressing; lower bounds inclusive."""
    if pace >= thresholds.on_track:
        return Status.ON_TRACK
    if pace >= thresholds.at_risk:
        return Status.AT_RISK
    if pace >= thresholds.lagging:
        return Status.LAGGING
    return Status.REGRESSING


# Order used for "worse/better" comparisons (monotonicity, rankings): best last.
STATUS_RANK: dict[Status, int] = {
    Status.NO_DATA: -1,
    Status.REGRESSING: 0,
    Status.LAGGING: 1,
    Status.AT_RISK: 2,
    Status.ON_TRACK: 3,
    Status.ACHIEVED: 4,
}
