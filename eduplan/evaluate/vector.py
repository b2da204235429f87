"""evaluate_many: one target definition against arrays of (region, year, value).

The same decisions as ``engine.evaluate_target`` for every region at once, with numpy and
no Python loop per observation or per region: observations are sorted and de-duplicated
once, laid out as a dense regions × years matrix (years from the base year to the
reference year), and every rule becomes a masked array expression. A test checks the
result against the scalar function on random data; keep the two in step.

Differences from the scalar path, by design:

* ``spec.baseline`` must be None (each region's baseline comes from its own data); a
  ``ValueError`` says so. ``spec.region`` is ignored.
* No ``reason`` and no ``inputs``: evaluate a single region with ``evaluate_target``
  to show the working.
* Memory is regions × (reference year − first year + 1) floats, a few matrices of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from eduplan.domain import Comparator, IndicatorKind, Status
from eduplan.evaluate.engine import CAPS, series_mode
from eduplan.evaluate.model import FLAGS, RULES, STATUSES, TargetSpec, finite_or_none
from eduplan.evaluate.status import tolerance
from eduplan.evaluate.thresholds import Thresholds, default_thresholds
from eduplan.evaluate.vector_rules import (
    F_BIT,
    S_CODE,
    Bools,
    Floats,
    Ints,
    Verdicts,
    elapsed_v,
    forecast_v,
    judge_growth_v,
    judge_level_v,
    meets_v,
    round10v,
    sign_v,
)


@dataclass(frozen=True, slots=True)
class ManyResult:
    """One row per region (``regions`` in ``np.unique`` order). NaN means None.

    ``status`` indexes ``STATUSES``, ``rule`` indexes ``RULES``, ``flags`` is a bitmask
    over ``FLAGS``; ``forecast_meets`` is −1 (None), 0 or 1. Years are floats so that a
    missing year can be NaN.
    """

    spec: TargetSpec
    as_of: int
    regions: NDArray[Any]
    status: NDArray[np.int8]
    rule: NDArray[np.int8]
    flags: Ints
    elapsed: Floats
    completion: Floats
    pace: Floats
    baseline_year: Floats
    baseline_value: Floats
    latest_year: Floats
    latest_value: Floats
    forecast_value: Floats
    forecast_points: Ints
    forecast_meets: NDArray[np.int8]

    def __len__(self) -> int:
        return len(self.regions)

    def status_of(self, i: int) -> Status:
        return STATUSES[int(self.status[i])]

    def flags_of(self, i: int) -> tuple[str, ...]:
        mask = int(self.flags[i])
        return tuple(f for k, f in enumerate(FLAGS) if mask >> k & 1)

    def counts(self) -> dict[Status, int]:
        found = np.bincount(self.status.astype(np.int64), minlength=len(STATUSES))
        return {s: int(found[i]) for i, s in enumerate(STATUSES)}

    def row(self, i: int) -> dict[str, Any]:
        """Region ``i`` in the shape of ``Assessment.to_dict()`` (``inputs`` left empty)."""
        spec = self.spec

        def num(a: Floats) -> float | None:
            x = float(a[i])
            return x if np.isfinite(x) else None

        def year(a: Floats) -> int | None:
            x = num(a)
            return None if x is None else int(x)

        meets = int(self.forecast_meets[i])
        region = self.regions[i]
        return {
            "indicator": spec.indicator,
            "region": region.item() if isinstance(region, np.generic) else region,
            "comparator": spec.comparator.value,
            "target": finite_or_none(spec.target),
            "target_year": spec.target_year,
            "baseline": {"year": year(self.baseline_year), "value": num(self.baseline_value)},
            "latest": {"year": year(self.latest_year), "value": num(self.latest_value)},
            "elapsed": num(self.elapsed),
            "completion": num(self.completion),
            "pace": num(self.pace),
            "status": self.status_of(i).value,
            "forecast": {"value": num(self.forecast_value), "points": int(self.forecast_points[i]),
                         "meets": None if meets < 0 else bool(meets)},
            "flags": list(self.flags_of(i)),
            "section": spec.section,
            "units": list(spec.units),
            "rule": RULES[int(self.rule[i])],
            "inputs": {},
        }


@dataclass(frozen=True, slots=True)
class Layout:
    """Observations of one indicator as a dense regions × years matrix.

    ``S`` holds the values each row is judged on (levels, or cumulative sums), NaN where
    a year has no value; ``MS`` marks the cells that count (the baseline and the values
    after it). ``b``/``t`` are baseline and latest years, ``x_b``/``x_t`` their values.
    """

    S: Floats
    MS: Bools
    col_years: Ints
    has: Bools
    b: Ints
    t: Ints
    x_b: Floats
    x_t: Floats
    npts: Ints
    flags: Ints


def _prepare_inputs(regions: ArrayLike, years: ArrayLike, values: ArrayLike) -> tuple[
        NDArray[Any], Ints, Ints, Floats]:
    r = np.asarray(regions)
    y = np.asarray(years)
    x = np.asarray(values, dtype=np.float64)
    if r.ndim != 1 or y.ndim != 1 or x.ndim != 1 or not len(r) == len(y) == len(x):
        raise ValueError("regions, years and values must be 1-D arrays of the same length")
    keys, inverse = np.unique(r, return_inverse=True)
    return keys, inverse.astype(np.int64), y.astype(np.int64), x


def evaluate_many(spec: TargetSpec, regions: ArrayLike, years: ArrayLike, values: ArrayLike, *, as_of: int,
                  thresholds: Thresholds | None = None) -> ManyResult:
    """Evaluate ``spec`` for every region in ``regions`` (parallel arrays, any order,
    duplicates allowed: the last one given wins, as in the scalar path)."""
    if spec.baseline is not None:
        raise ValueError("evaluate_many takes each region's baseline from its data: spec.baseline must be None")
    th = thresholds if thresholds is not None else default_thresholds()
    tol = tolerance(spec.precision)
    keys, inv, years_all, values_all = _prepare_inputs(regions, years, values)
    with np.errstate(all="ignore"):
        lay = _layout(spec, len(keys), inv, years_all, values_all, ref=min(as_of, spec.target_year))
        v = _judge(spec, lay, as_of=as_of, th=th, tol=tol)
        elapsed = elapsed_v(spec, lay.has, lay.b, lay.t)
        f_value, f_meets, clipped = forecast_v(spec, lay.S, lay.MS, lay.col_years, lay.b, lay.t, lay.x_b,
                                               lay.npts, tol=tol, th=th)
    flags = lay.flags | v.flags | np.where(clipped, F_BIT["forecast_clipped"], 0)
    has, nan = lay.has, np.nan
    return ManyResult(
        spec=spec, as_of=as_of, regions=keys, status=v.status, rule=v.rule, flags=flags,
        elapsed=elapsed, completion=v.completion, pace=v.pace,
        baseline_year=np.where(has, lay.b, nan).astype(np.float64), baseline_value=np.where(has, lay.x_b, nan),
        latest_year=np.where(has, lay.t, nan).astype(np.float64), latest_value=np.where(has, lay.x_t, nan),
        forecast_value=f_value, forecast_points=np.where(has, lay.npts, 0), forecast_meets=f_meets,
    )


def _layout(spec: TargetSpec, n: int, inv: Ints, years_all: Ints, values_all: Floats, *, ref: int) -> Layout:
    """series.prepare for every region: clean, cut at ``ref``, de-duplicate, choose baselines."""
    base = spec.base_year
    mode = series_mode(spec)
    flags = np.zeros(n, dtype=np.int64)

    # finite values up to the reference year, one per (region, year): the last one given
    finite = np.isfinite(values_all)
    flags[np.unique(inv[~finite])] |= F_BIT["non_finite_dropped"]
    idx = np.flatnonzero(finite & (years_all <= ref))
    order = idx[np.lexsort((years_all[idx], inv[idx]))]  # stable: input order within a year
    r, y, x = inv[order], years_all[order], values_all[order]
    dup = (r[1:] == r[:-1]) & (y[1:] == y[:-1])
    flags[np.unique(r[1:][dup])] |= F_BIT["duplicate_year"]
    keep = np.append(~dup, True) if len(r) else np.zeros(0, dtype=bool)
    r, y, x = r[keep], y[keep], x[keep]

    # columns from the first usable year (for additions: the year before) to ``ref``
    if mode == "additions":
        lo = base if base is not None else (int(y.min()) - 1 if len(y) else ref)
        use = y > lo
    else:
        lo = base if base is not None else (int(y.min()) if len(y) else ref)
        use = y >= lo
    r, y, x = r[use], y[use], x[use]
    span = max(ref - lo + 1, 1)
    V = np.full((n, span), np.nan)
    M = np.zeros((n, span), dtype=bool)
    V[r, y - lo] = x
    M[r, y - lo] = True
    rows = np.arange(n)
    has = M.any(axis=1)

    if mode == "additions":  # synthetic baseline 0 in the base year, running sums after it
        first = np.argmax(M, axis=1)
        bcol = np.clip(first - 1, 0, None) if base is None else np.zeros(n, dtype=np.int64)
        if base is None:
            flags[has] |= F_BIT["baseline_substituted"]
        S = np.where(M, np.cumsum(np.where(M, V, 0.0), axis=1), np.nan)
        MS = M.copy()
        S[rows[has], bcol[has]] = 0.0
        MS[rows[has], bcol[has]] = True
    else:
        bcol = np.argmax(M, axis=1)
        flags[has if base is None else has & (bcol > 0)] |= F_BIT["baseline_substituted"]
        S, MS = V, M
    lcol = span - 1 - np.argmax(MS[:, ::-1], axis=1)
    x_b = np.where(has, S[rows, bcol], np.nan)
    x_t = np.where(has, S[rows, lcol], np.nan)
    if spec.kind is IndicatorKind.CUMULATIVE and spec.stock and not spec.is_directional:
        S = S - x_b[:, None]
        x_t = x_t - x_b
        x_b = np.where(has, 0.0, np.nan)
        flags[has] |= F_BIT["from_stock"]
    if spec.kind is IndicatorKind.BINARY:
        flags &= ~F_BIT["baseline_substituted"]
    return Layout(S=S, MS=MS, col_years=lo + np.arange(span), has=has, b=lo + bcol, t=lo + lcol, x_b=x_b,
                  x_t=x_t, npts=MS.sum(axis=1).astype(np.int64), flags=flags)


def _judge(spec: TargetSpec, lay: Layout, *, as_of: int, th: Thresholds, tol: float) -> Verdicts:
    """engine._judge for every region: common checks, then the rule of the kind."""
    n = len(lay.has)
    T = spec.target_year
    ref = min(as_of, T)
    base = spec.base_year
    kind = spec.kind
    c = spec.comparator
    target = spec.target
    b, t, x_b, x_t = lay.b, lay.t, lay.x_b, lay.x_t
    binary = kind is IndicatorKind.BINARY
    every = np.ones(n, dtype=bool)
    v = Verdicts(n)

    if base is not None and T <= base:
        v.no_data(every, "bad_period")
    if not binary and not spec.is_directional and (target is None or not np.isfinite(target)):
        v.no_data(every, "no_target_value")
        return v
    v.no_data(~lay.has, "no_observations")
    stale = (ref - t) > th.stale_years
    if binary:
        v.decide(meets_v(x_t, 1.0, Comparator.AT_LEAST, tol), Status.ACHIEVED, "binary", completion=np.ones(n))
        v.no_data(stale, "stale")
        v.decide((t >= T) | (as_of > T), Status.LAGGING, "binary", flags=int(F_BIT["target_year_missed"]),
                 completion=np.zeros(n))
        v.no_data(every, "not_yet_due", rule="binary")
        return v
    v.no_data(stale, "stale")
    kind_rows = v.open.copy()

    if spec.is_directional:
        v.no_data(t == b, "single_point")
        moved = round10v(x_t - x_b) * sign_v(c, 0.0, x_b)
        improved = np.where(t >= T, S_CODE[Status.ACHIEVED], S_CODE[Status.ON_TRACK]).astype(np.int8)
        v.decide(moved > tol, improved, "directional")
        v.decide(moved < -tol, Status.REGRESSING, "directional")
        v.decide(every, Status.LAGGING, "directional")
    elif kind is IndicatorKind.MAINTAIN:
        assert target is not None
        failing = (lay.MS & ~meets_v(lay.S, target, c, tol)).any(axis=1)
        v.decide(~failing, Status.ACHIEVED, "maintain_level")
        v.decide(every, Status.LAGGING, "maintain_level")
        return v
    elif kind is IndicatorKind.CUMULATIVE and c in CAPS:
        assert target is not None
        completion = round10v(x_t / target) if abs(target) > tol else np.full(n, np.nan)
        completion = np.where(np.isfinite(completion), completion, np.nan)
        v.decide(~meets_v(x_t, target, c, tol), Status.REGRESSING, "cumulative_sum",
                 flags=int(F_BIT["cap_exceeded"]), completion=completion)
        v.decide(t >= T, Status.ACHIEVED, "cumulative_sum", completion=completion)
        v.no_data(t == b, "single_point")
        v.decide(every, Status.ON_TRACK, "cumulative_sum", completion=completion)
        return v
    elif kind is IndicatorKind.GROWTH_RATE:
        assert target is not None
        judge_growth_v(v, x_b, x_t, b, t, lay.S, lay.MS, spec=spec, rate=target, tol=tol, th=th)
    else:
        assert target is not None
        names = None
        if kind is IndicatorKind.CUMULATIVE:
            names = dict.fromkeys(("target_met", "baseline_met", "no_gap", "milestone", "straight_path"),
                                  "cumulative_sum")
        judge_level_v(v, v.open.copy(), x_b, x_t, b, t, target, spec=spec, tol=tol, th=th, rule_names=names)

    # rules.cap_at_target_year for the path rules
    late = kind_rows & (t >= T) & (v.status != S_CODE[Status.ACHIEVED]) & (v.status != S_CODE[Status.NO_DATA])
    v.flags[late] |= F_BIT["target_year_missed"]
    v.status[late & (v.status == S_CODE[Status.ON_TRACK])] = S_CODE[Status.AT_RISK]
    return v
