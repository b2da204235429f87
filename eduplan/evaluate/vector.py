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
* Per-year and yearly-amount targets, and any target given running totals (``bases``
  holding "total"), are judged region by region with the scalar function
  (``_scalar_fallback``): their rules walk the years one by one, and consistency with the
  scalar path matters more than speed for these few targets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from eduplan.domain import Comparator, EntryBasis, Measure, Status
from eduplan.evaluate.engine import AMOUNT_MEASURES, CAPS, PATH_MEASURES, TOL, evaluate_target, series_mode
from eduplan.evaluate.model import FLAGS, RULES, STATUSES, Point, TargetSpec, finite_or_none
from eduplan.evaluate.thresholds import Thresholds, default_thresholds
from eduplan.evaluate.vector_rules import (
    F_BIT,
    R_CODE,
    S_CODE,
    Bools,
    Floats,
    Ints,
    Verdicts,
    at_deadline_v,
    check_milestones_v,
    elapsed_v,
    forecast_v,
    judge_growth_v,
    judge_level_v,
    late_v,
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
    ref: Ints  # each row's reference year (series.reference_year)


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
                  thresholds: Thresholds | None = None, bases: ArrayLike | None = None) -> ManyResult:
    """Evaluate ``spec`` for every region in ``regions`` (parallel arrays, any order,
    duplicates allowed: the last one given wins, as in the scalar path). ``bases``
    (optional, parallel) holds each value's 填报口径: "addition", "total" or None."""
    if spec.baseline is not None:
        raise ValueError("evaluate_many takes each region's baseline from its data: spec.baseline must be None")
    th = thresholds if thresholds is not None else default_thresholds()
    keys, inv, years_all, values_all = _prepare_inputs(regions, years, values)
    basis = None if bases is None else np.asarray(bases, dtype=object)
    if spec.effective_measure in AMOUNT_MEASURES or (
            basis is not None and len(basis) and spec.effective_measure is Measure.CUMULATIVE
            and bool(np.any(basis == EntryBasis.TOTAL.value))):
        return _scalar_fallback(spec, keys, inv, years_all, values_all, basis, as_of=as_of, th=th)
    with np.errstate(all="ignore"):
        lay = _layout(spec, len(keys), inv, years_all, values_all, as_of=as_of)
        v = _judge(spec, lay, as_of=as_of, th=th)
        elapsed = elapsed_v(spec, lay.has, lay.b, lay.t)
        f_value, f_meets, clipped = forecast_v(spec, lay.S, lay.MS, lay.col_years, lay.b, lay.t, lay.x_b,
                                               lay.npts, tol=TOL, th=th)
        _trust_forecast_v(spec, v, f_value, f_meets, lay.t)
    flags = lay.flags | v.flags | np.where(clipped, F_BIT["forecast_clipped"], 0)
    has, nan = lay.has, np.nan
    return ManyResult(
        spec=spec, as_of=as_of, regions=keys, status=v.status, rule=v.rule, flags=flags,
        elapsed=elapsed, completion=v.completion, pace=v.pace,
        baseline_year=np.where(has, lay.b, nan).astype(np.float64), baseline_value=np.where(has, lay.x_b, nan),
        latest_year=np.where(has, lay.t, nan).astype(np.float64), latest_value=np.where(has, lay.x_t, nan),
        forecast_value=f_value, forecast_points=np.where(has, lay.npts, 0), forecast_meets=f_meets,
    )


def _trust_forecast_v(spec: TargetSpec, v: Verdicts, f_value: Floats, f_meets: NDArray[np.int8], t: Ints) -> None:
    """engine._trust_forecast for every row."""
    if spec.effective_measure not in PATH_MEASURES:
        return
    ok = ((v.status == S_CODE[Status.AT_RISK]) & (f_meets == 1) & np.isfinite(f_value)
          & ((v.flags & F_BIT["milestone_missed"]) == 0) & (t < spec.target_year))
    v.status[ok] = S_CODE[Status.ON_TRACK]
    v.flags[ok] |= F_BIT["forecast_on_track"]


def _scalar_fallback(spec: TargetSpec, keys: NDArray[Any], inv: Ints, years_all: Ints, values_all: Floats,
                     basis: NDArray[Any] | None, *, as_of: int, th: Thresholds) -> ManyResult:
    """``evaluate_target`` for each region, laid out as a ManyResult."""
    n = len(keys)
    groups: list[list[Point]] = [[] for _ in range(n)]
    for k in range(len(inv)):
        b = None if basis is None else basis[k]
        groups[int(inv[k])].append(Point(int(years_all[k]), float(values_all[k]),
                                         EntryBasis(b) if b in ("addition", "total") else None))
    out = {name: np.full(n, np.nan) for name in ("elapsed", "completion", "pace", "baseline_year", "baseline_value",
                                                  "latest_year", "latest_value", "forecast_value")}
    status = np.zeros(n, dtype=np.int8)
    rule = np.zeros(n, dtype=np.int8)
    flags = np.zeros(n, dtype=np.int64)
    points = np.zeros(n, dtype=np.int64)
    meets = np.full(n, -1, dtype=np.int8)

    def num(x: float | None) -> float:
        return np.nan if x is None else float(x)

    for i, pts in enumerate(groups):
        a = evaluate_target(spec, pts, as_of=as_of, thresholds=th)
        status[i], rule[i] = S_CODE[a.status], R_CODE[a.rule]
        for f in a.flags:
            flags[i] |= F_BIT[f]
        out["elapsed"][i], out["completion"][i], out["pace"][i] = num(a.elapsed), num(a.completion), num(a.pace)
        if a.baseline is not None:
            out["baseline_year"][i], out["baseline_value"][i] = a.baseline.year, a.baseline.value
        if a.latest is not None:
            out["latest_year"][i], out["latest_value"][i] = a.latest.year, a.latest.value
        out["forecast_value"][i] = num(a.forecast.value)
        points[i] = a.forecast.points
        meets[i] = -1 if a.forecast.meets is None else int(a.forecast.meets)
    return ManyResult(spec=spec, as_of=as_of, regions=keys, status=status, rule=rule, flags=flags,
                      forecast_points=points, forecast_meets=meets, **out)


def _layout(spec: TargetSpec, n: int, inv: Ints, years_all: Ints, values_all: Floats, *, as_of: int) -> Layout:
    """series.prepare for every region: clean, choose each row's reference year, cut at it,
    de-duplicate, choose baselines."""
    base = spec.base_year
    mode = series_mode(spec)
    measure = spec.effective_measure
    T = spec.target_year
    flags = np.zeros(n, dtype=np.int64)

    # finite values, each row's reference year, values up to it, one per (region, year): the last one given
    finite = np.isfinite(values_all)
    flags[np.unique(inv[~finite])] |= F_BIT["non_finite_dropped"]
    if as_of < T:
        ref = np.full(n, as_of, dtype=np.int64)
    else:
        big = np.iinfo(np.int64).max
        first_after = np.full(n, big, dtype=np.int64)
        cand = finite & (years_all >= T) & (years_all <= as_of)
        np.minimum.at(first_after, inv[cand], years_all[cand])
        ref = np.where(first_after < big, first_after, T).astype(np.int64)
        flags[ref > T] |= F_BIT["late_evidence"]
    ref_hi = int(ref.max()) if n else min(as_of, T)
    idx = np.flatnonzero(finite & (years_all <= ref[inv]))
    order = idx[np.lexsort((years_all[idx], inv[idx]))]  # stable: input order within a year
    r, y, x = inv[order], years_all[order], values_all[order]
    dup = (r[1:] == r[:-1]) & (y[1:] == y[:-1])
    flags[np.unique(r[1:][dup])] |= F_BIT["duplicate_year"]
    keep = np.append(~dup, True) if len(r) else np.zeros(0, dtype=bool)
    r, y, x = r[keep], y[keep], x[keep]

    # columns from the first usable year (for additions: the year before) to the latest reference year
    if mode == "additions":
        lo = base if base is not None else (int(y.min()) - 1 if len(y) else ref_hi)
        use = y > lo
    else:
        lo = base if base is not None else (int(y.min()) if len(y) else ref_hi)
        use = y >= lo
    r, y, x = r[use], y[use], x[use]
    span = max(ref_hi - lo + 1, 1)
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
    if measure is Measure.CUMULATIVE and spec.stock:
        S = S - x_b[:, None]
        x_t = x_t - x_b
        x_b = np.where(has, 0.0, np.nan)
        flags[has] |= F_BIT["from_stock"]
    if measure is Measure.BINARY:
        flags &= ~F_BIT["baseline_substituted"]
    return Layout(S=S, MS=MS, col_years=lo + np.arange(span), has=has, b=lo + bcol, t=lo + lcol, x_b=x_b,
                  x_t=x_t, npts=MS.sum(axis=1).astype(np.int64), flags=flags, ref=ref)


def _judge(spec: TargetSpec, lay: Layout, *, as_of: int, th: Thresholds) -> Verdicts:
    """engine._judge for every region: common checks, then the rule of the measure."""
    tol = TOL
    n = len(lay.has)
    T = spec.target_year
    base = spec.base_year
    measure = spec.effective_measure
    c = spec.comparator
    target = spec.target
    b, t, x_b, x_t = lay.b, lay.t, lay.x_b, lay.x_t
    binary = measure is Measure.BINARY
    every = np.ones(n, dtype=bool)
    v = Verdicts(n)

    if base is not None and T <= base:
        v.no_data(every, "bad_period")
    if not binary and measure is not Measure.DIRECTIONAL and (target is None or not np.isfinite(target)):
        v.no_data(every, "no_target_value")
        return v
    v.no_data(~lay.has, "no_observations")
    stale = (lay.ref - t) > th.stale_years
    if binary:
        v.decide(meets_v(x_t, 1.0, Comparator.AT_LEAST, tol), Status.ACHIEVED, "binary", completion=np.ones(n))
        v.no_data(stale, "stale")
        v.decide((t >= T) | (as_of > T), Status.OVERDUE, "binary", flags=int(F_BIT["target_year_missed"]),
                 completion=np.zeros(n))
        v.no_data(every, "not_yet_due", rule="binary")
        return v
    v.no_data(stale, "stale")
    kind_rows = v.open.copy()

    if measure is Measure.DIRECTIONAL:
        v.no_data(t == b, "single_point")
        moved = round10v(x_t - x_b) * sign_v(c, 0.0, x_b)
        improved = np.where(t >= T, S_CODE[Status.ACHIEVED], S_CODE[Status.ON_TRACK]).astype(np.int8)
        v.decide(moved > tol, improved, "directional")
        v.decide(moved < -tol, Status.REGRESSING, "directional")
        v.decide(every, Status.LAGGING, "directional")
    elif measure is Measure.MAINTAIN:
        assert target is not None
        fails = lay.MS & ~meets_v(lay.S, target, c, tol)
        failing = fails.any(axis=1)
        last_fails = fails[np.arange(n), t - lay.col_years[0]] if n else np.zeros(0, dtype=bool)
        v.decide(~failing, Status.ACHIEVED, "maintain_level")
        v.decide((t >= T) & last_fails, Status.OVERDUE, "maintain_level", flags=int(F_BIT["target_year_missed"]))
        v.decide(every, Status.LAGGING, "maintain_level")
        late_v(v, kind_rows, t, T=T, as_of=as_of)
        return v
    elif measure is Measure.CUMULATIVE and c in CAPS:
        assert target is not None
        completion = round10v(x_t / target) if abs(target) > tol else np.full(n, np.nan)
        completion = np.where(np.isfinite(completion), completion, np.nan)
        v.decide(~meets_v(x_t, target, c, tol), Status.REGRESSING, "cumulative_sum",
                 flags=int(F_BIT["cap_exceeded"]), completion=completion)
        v.decide(t >= T, Status.ACHIEVED, "cumulative_sum", completion=completion)
        v.no_data(t == b, "single_point")
        v.decide(every, Status.ON_TRACK, "cumulative_sum", completion=completion)
    elif measure is Measure.GROWTH_RATE:
        assert target is not None
        judge_growth_v(v, x_b, x_t, b, t, lay.S, lay.MS, spec=spec, rate=target, tol=tol, th=th)
    else:
        assert target is not None
        names = None
        if measure is Measure.CUMULATIVE:
            names = dict.fromkeys(("target_met", "baseline_met", "no_gap", "milestone", "straight_path"),
                                  "cumulative_sum")
        judge_level_v(v, v.open.copy(), x_b, x_t, b, t, target, spec=spec, tol=tol, th=th, rule_names=names)
        check_milestones_v(v, kind_rows, x_t, t, spec=spec)
    at_deadline_v(v, kind_rows, t, T=T, as_of=as_of)
    return v
