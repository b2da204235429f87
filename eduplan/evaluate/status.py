"""Comparisons with a target, and pace → status.

A value meets a target exactly as the plan writes it: 97.96 does not meet "≥ 98" and
15.20 does not meet "≥ 15.22" — no rounding to the indicator's precision turns a miss
into a success. Tolerance lives only in the pace bands (``thresholds.yaml``). Every
difference and every ratio is rounded to 10 decimals (``round10``) before it is compared,
so float error never decides: 0.1 + 0.2 meets "≥ 0.3", and 0.57 / 0.6 lands on 0.95
exactly and counts as on_track.

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
    """The tolerance of a comparison with a target: none (0.0) whatever the precision —
    a target is met as written. Kept as a function so every caller states where a
    tolerance would apply."""
    return 0.0


def meets(value: float, target: float, comparator: Comparator, tol: float = 0.0) -> bool:
    """Does ``value`` satisfy ``comparator target``? (``tol`` is 0 everywhere; see above.)

    ``>=``: value ≥ target; ``>``: value > target; ``<=`` and ``<`` mirror them; ``=``:
    value = target (after rounding the difference to 10 decimals). Directional
    comparators have no target value and never "meet".
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
    Status.OVERDUE: 0,
    Status.REGRESSING: 1,
    Status.LAGGING: 2,
    Status.AT_RISK: 3,
    Status.ON_TRACK: 4,
    Status.ACHIEVED: 5,
}


def at_least_lagging(status: Status) -> Status:
    """``status`` made no better than lagging (a missed milestone): on_track and at_risk
    become lagging; lagging, regressing, overdue and the others stay."""
    return Status.LAGGING if status in (Status.ON_TRACK, Status.AT_RISK) else status
