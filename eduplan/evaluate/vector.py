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
from eduplan.evaluate.forecast import clip_bounds
from eduplan.evaluate.model import FLAGS, RULES, STATUSES, TargetSpec, finite_or_none
from eduplan.evaluate.status import SCALE, tolerance
from eduplan.evaluate.thresholds import Thresholds, default_thresholds

S_CODE = {s: i for i, s in enumerate(STATUSES)}
R_CODE = {r: i for i, r in enumerate(RULES)}
F_BIT = {f: np.int64(1) << np.int64(i) for i, f in enumerate(FLAGS)}

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]


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


def _round10(x: Floats) -> Floats:
    y = x * SCALE
    return np.where(np.isfinite(y), np.rint(y) / SCALE, x)


def _meets(x: Floats, target: Floats | float, comparator: Comparator, tol: float) -> Bools:
    d = _round10(x - target)
    if comparator is Comparator.AT_LEAST:
        return d >= -tol
    if comparator is Comparator.MORE_THAN:
        return d > tol
    if comparator is Comparator.AT_MOST:
        return d <= tol
    if comparator is Comparator.LESS_THAN:
        return d < -tol
    if comparator is Comparator.EQUAL:
        return np.abs(d) <= tol
    return np.zeros(np.shape(d), dtype=bool)


def _sign(comparator: Comparator, target: Floats | float, x_b: Floats) -> Floats:
    if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.INCREASE):
        return np.ones_like(x_b)
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN, Comparator.DECREASE):
        return -np.ones_like(x_b)
    return np.sign(target - x_b)


def _classify(pace: Floats, th: Thresholds) -> NDArray[np.int8]:
    return np.select(
        [pace >= th.on_track, pace >= th.at_risk, pace >= th.lagging],
        [S_CODE[Status.ON_TRACK], S_CODE[Status.AT_RISK], S_CODE[Status.LAGGING]],
        S_CODE[Status.REGRESSING],
    ).astype(np.int8)


class _Verdicts:
    """Per-row status, rule, completion, pace and flags, decided in order of precedence:
    ``decide(mask, ...)`` only touches rows not decided yet."""

    def __init__(self, n: int) -> None:
        self.status = np.full(n, S_CODE[Status.NO_DATA], dtype=np.int8)
        self.rule = np.full(n, R_CODE["no_data"], dtype=np.int8)
        self.completion = np.full(n, np.nan)
        self.pace = np.full(n, np.nan)
        self.flags = np.zeros(n, dtype=np.int64)
        self.open = np.ones(n, dtype=bool)

    def decide(self, mask: Bools, status: Status | NDArray[np.int8], rule: str, *, flags: Ints | int = 0,
               completion: Floats | None = None, pace: Floats | None = None) -> Bools:
        m = mask & self.open
        self.status[m] = status[m] if isinstance(status, np.ndarray) else S_CODE[status]
        self.rule[m] = R_CODE[rule]
        self.flags[m] |= flags[m] if isinstance(flags, np.ndarray) else flags
        if completion is not None:
            self.completion[m] = completion[m]
        if pace is not None:
            self.pace[m] = pace[m]
        self.open &= ~m
        return m

    def no_data(self, mask: Bools, flag: str, rule: str = "no_data") -> Bools:
        return self.decide(mask, Status.NO_DATA, rule, flags=int(F_BIT[flag]))


def _level(v: _Verdicts, mask: Bools, x_b: Floats, x_t: Floats, b: Ints, t: Ints, target: Floats | float, *,
           spec: TargetSpec, tol: float, th: Thresholds, rule_names: dict[str, str] | None = None,
           extra_flags: int = 0) -> None:
    """rules.judge_level for the rows in ``mask``."""
    names = rule_names or {}
    T = spec.target_year
    c = spec.comparator
    bm = _meets(x_b, target, c, tol)
    lm = _meets(x_t, target, c, tol)
    sign = _sign(c, target, x_b)
    gap_ok = ~bm & (np.abs(_round10(target - x_b)) > tol)
    completion = _round10((x_t - x_b) / (target - x_b))
    completion = np.where(gap_ok & np.isfinite(completion), completion, np.nan)

    ms_years = np.array(sorted(y for y in spec.milestones if y < T), dtype=np.int64)
    ms_values = np.array([spec.milestones[int(y)] for y in ms_years], dtype=np.float64)
    moving = gap_ok & (t > b)
    if ms_years.size:
        has_ms = ms_years[-1] > b
        i = np.searchsorted(ms_years, t, side="right")
        prev = np.clip(i - 1, 0, None)
        use_prev = (i > 0) & (ms_years[prev] > b)
        y0 = np.where(use_prev, ms_years[prev], b)
        v0 = np.where(use_prev, ms_values[prev], x_b)
        nxt = np.clip(i, None, ms_years.size - 1)
        at_end = i >= ms_years.size
        y1 = np.where(at_end, T, ms_years[nxt])
        v1 = np.where(at_end, target, ms_values[nxt])
        same = t == y0
        interp = v0 + (v1 - v0) * ((t - y0) / np.where(same, 1, y1 - y0))
        expected = np.where(t >= T, target, np.where(same, v0, interp))
        on_path = moving & has_ms
        interpolated = on_path & (t < T) & ~np.isin(t, np.array(list(spec.milestones), dtype=np.int64))
        flat = on_path & (np.abs(_round10(expected - x_b)) <= tol)
        pace_ms = _round10((x_t - x_b) / (expected - x_b))
    else:
        has_ms = np.zeros_like(mask)
        on_path = interpolated = flat = has_ms
        pace_ms = np.full(len(mask), np.nan)
    pace_st = _round10(((x_t - x_b) * (T - b)) / ((target - x_b) * (t - b)))
    pace = np.where(on_path, np.where(flat, np.nan, pace_ms), np.where(moving, pace_st, np.nan))
    pace = np.where(np.isfinite(pace), pace, np.nan)
    mi = np.where(interpolated, F_BIT["milestone_interpolated"], 0) | extra_flags

    def rule(name: str) -> str:
        return names.get(name, name)

    v.decide(mask & lm, Status.ACHIEVED, rule("target_met"), flags=mi, completion=completion, pace=pace)
    v.decide(mask & (t == b), Status.NO_DATA, "no_data", flags=F_BIT["single_point"] | extra_flags)
    v.decide(mask & bm, Status.REGRESSING, rule("baseline_met"), flags=F_BIT["baseline_met"] | extra_flags)
    moved = _round10(x_t - x_b) * sign
    backwards = moved < -tol
    v.decide(mask & ~gap_ok, np.where(backwards, S_CODE[Status.REGRESSING], S_CODE[Status.LAGGING]).astype(np.int8),
             rule("no_gap"), flags=F_BIT["no_gap"] | extra_flags)
    v.decide(mask & flat, np.where(backwards, S_CODE[Status.REGRESSING], S_CODE[Status.ON_TRACK]).astype(np.int8),
             rule("milestone"), flags=mi | F_BIT["milestone_no_change_expected"], completion=completion)
    v.decide(mask & np.isnan(pace), Status.NO_DATA, "no_data", flags=F_BIT["not_finite"] | extra_flags)
    overshoot = np.where((c is Comparator.EQUAL) & (completion > 1), F_BIT["overshoot"], 0)
    status = _classify(pace, th)
    if ms_years.size:
        v.decide(mask & has_ms, status, rule("milestone"), flags=mi | overshoot, completion=completion, pace=pace)
    v.decide(mask, status, rule("straight_path"), flags=mi | overshoot, completion=completion, pace=pace)


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
        return _evaluate(spec, keys, inv, years_all, values_all, as_of=as_of, th=th, tol=tol)


def _evaluate(spec: TargetSpec, keys: NDArray[Any], inv: Ints, years_all: Ints, values_all: Floats, *, as_of: int,
              th: Thresholds, tol: float) -> ManyResult:
    n = len(keys)
    T = spec.target_year
    ref = min(as_of, T)
    base = spec.base_year
    kind = spec.kind
    binary = kind is IndicatorKind.BINARY
    directional = spec.is_directional and not binary
    mode = series_mode(spec)
    series_flags = np.zeros(n, dtype=np.int64)

    # 1–3: finite, up to the reference year, one value per (region, year): the last given.
    finite = np.isfinite(values_all)
    series_flags[np.unique(inv[~finite])] |= F_BIT["non_finite_dropped"]
    idx = np.flatnonzero(finite & (years_all <= ref))
    order = idx[np.lexsort((years_all[idx], inv[idx]))]  # stable: input order within a year
    r, y, x = inv[order], years_all[order], values_all[order]
    dup = (r[1:] == r[:-1]) & (y[1:] == y[:-1])
    series_flags[np.unique(r[1:][dup])] |= F_BIT["duplicate_year"]
    keep = np.append(~dup, True) if len(r) else np.zeros(0, dtype=bool)
    r, y, x = r[keep], y[keep], x[keep]

    # 4: lay out regions × years from the first usable year to the reference year.
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
    col_years = lo + np.arange(span)

    if mode == "additions":
        has = M.any(axis=1)
        first = np.argmax(M, axis=1)
        bcol = first - 1 if base is None else np.zeros(n, dtype=np.int64)
        if base is None:
            series_flags[has] |= F_BIT["baseline_substituted"]
        bcol = np.clip(bcol, 0, None)
        S = np.where(M, np.cumsum(np.where(M, V, 0.0), axis=1), np.nan)
        MS = M.copy()
        S[rows[has], bcol[has]] = 0.0
        MS[rows[has], bcol[has]] = True
    else:
        has = M.any(axis=1)
        bcol = np.argmax(M, axis=1)
        substituted = has if base is None else has & (bcol > 0)
        series_flags[substituted] |= F_BIT["baseline_substituted"]
        S, MS = V, M
    lcol = span - 1 - np.argmax(MS[:, ::-1], axis=1)
    b = lo + bcol
    t = lo + lcol
    x_b = np.where(has, S[rows, bcol], np.nan)
    x_t = np.where(has, S[rows, lcol], np.nan)
    npts = MS.sum(axis=1).astype(np.int64)
    if kind is IndicatorKind.CUMULATIVE and spec.stock and not spec.is_directional:
        S = S - x_b[:, None]
        x_t = x_t - x_b
        x_b = np.where(has, 0.0, np.nan)
        series_flags[has] |= F_BIT["from_stock"]
    if binary:
        series_flags &= ~F_BIT["baseline_substituted"]

    v = _Verdicts(n)
    target = spec.target
    all_rows = np.ones(n, dtype=bool)
    if base is not None and T <= base:
        v.no_data(all_rows, "bad_period")
    no_target = not binary and not spec.is_directional and (target is None or not np.isfinite(target))
    if no_target:
        v.no_data(all_rows, "no_target_value")
    v.no_data(~has, "no_observations")
    stale = (ref - t) > th.stale_years
    c = spec.comparator
    if binary:
        done = _meets(x_t, 1.0, Comparator.AT_LEAST, tol)
        v.decide(done, Status.ACHIEVED, "binary", completion=np.ones(n))
        v.no_data(stale, "stale")
        v.decide((t >= T) | (as_of > T), Status.LAGGING, "binary", flags=int(F_BIT["target_year_missed"]),
                 completion=np.zeros(n))
        v.no_data(all_rows, "not_yet_due", rule="binary")
    else:
        v.no_data(stale, "stale")
    kind_rows = v.open.copy()
    path_rule = True
    if binary or no_target:
        path_rule = False
    elif directional:
        v.no_data(t == b, "single_point")
        moved = _round10(x_t - x_b) * _sign(c, 0.0, x_b)
        up = np.where(t >= T, S_CODE[Status.ACHIEVED], S_CODE[Status.ON_TRACK]).astype(np.int8)
        v.decide(moved > tol, up, "directional")
        v.decide(moved < -tol, Status.REGRESSING, "directional")
        v.decide(all_rows, Status.LAGGING, "directional")
    elif kind is IndicatorKind.MAINTAIN:
        assert target is not None
        failing = (MS & ~_meets(S, target, c, tol)).any(axis=1)
        v.decide(~failing, Status.ACHIEVED, "maintain_level")
        v.decide(all_rows, Status.LAGGING, "maintain_level")
        path_rule = False
    elif kind is IndicatorKind.GROWTH_RATE:
        assert target is not None
        _growth(v, x_b, x_t, b, t, S, MS, spec=spec, rate=target, tol=tol, th=th)
    elif kind is IndicatorKind.CUMULATIVE and c in CAPS:
        assert target is not None
        completion = _round10(x_t / target) if abs(target) > tol else np.full(n, np.nan)
        completion = np.where(np.isfinite(completion), completion, np.nan)
        v.decide(~_meets(x_t, target, c, tol), Status.REGRESSING, "cumulative_sum",
                 flags=int(F_BIT["cap_exceeded"]), completion=completion)
        v.decide(t >= T, Status.ACHIEVED, "cumulative_sum", completion=completion)
        v.no_data(t == b, "single_point")
        v.decide(all_rows, Status.ON_TRACK, "cumulative_sum", completion=completion)
        path_rule = False
    else:
        assert target is not None
        names = None
        if kind is IndicatorKind.CUMULATIVE:
            names = dict.fromkeys(("target_met", "baseline_met", "no_gap", "milestone", "straight_path"),
                                  "cumulative_sum")
        _level(v, v.open.copy(), x_b, x_t, b, t, target, spec=spec, tol=tol, th=th, rule_names=names)
    if path_rule:
        late = kind_rows & (t >= T) & (v.status != S_CODE[Status.ACHIEVED]) & (v.status != S_CODE[Status.NO_DATA])
        v.flags[late] |= F_BIT["target_year_missed"]
        v.status[late & (v.status == S_CODE[Status.ON_TRACK])] = S_CODE[Status.AT_RISK]

    elapsed = _elapsed(spec, has, b, t)
    f_value, f_meets, clipped = _forecast(spec, S, MS, col_years, b, t, x_b, npts, tol=tol, th=th)
    flags = series_flags | v.flags | np.where(clipped, F_BIT["forecast_clipped"], 0)
    nan = np.nan
    return ManyResult(
        spec=spec, as_of=as_of, regions=keys, status=v.status, rule=v.rule, flags=flags,
        elapsed=elapsed, completion=v.completion, pace=v.pace,
        baseline_year=np.where(has, b, nan).astype(np.float64), baseline_value=np.where(has, x_b, nan),
        latest_year=np.where(has, t, nan).astype(np.float64), latest_value=np.where(has, x_t, nan),
        forecast_value=f_value, forecast_points=np.where(has, npts, 0), forecast_meets=f_meets,
    )


def _growth(v: _Verdicts, x_b: Floats, x_t: Floats, b: Ints, t: Ints, S: Floats, MS: Bools, *, spec: TargetSpec,
            rate: float, tol: float, th: Thresholds) -> None:
    """rules.judge_growth for the open rows."""
    T = spec.target_year
    c = spec.comparator
    v.no_data((x_b <= 0) | (rate <= -100), "cagr_undefined", rule="cagr")
    implied = x_b * np.power(1 + rate / 100, (T - b).astype(np.float64))
    gap_ok = implied != x_b
    completion = _round10((x_t - x_b) / (implied - x_b))
    completion = np.where(gap_ok & np.isfinite(completion), completion, np.nan)
    v.decide(_meets(x_t, implied, c, tol), Status.ACHIEVED, "cagr", completion=completion)
    v.no_data(t == b, "single_point")
    nonpositive = (MS & (S <= 0)).any(axis=1) & v.open
    if nonpositive.any():
        names = dict.fromkeys(("target_met", "baseline_met", "no_gap", "milestone", "straight_path"),
                              "linear_fallback")
        plain = TargetSpec(spec.indicator, T, c, spec.target, kind=IndicatorKind.LEVEL, precision=spec.precision)
        _level(v, nonpositive, x_b, x_t, b, t, implied, spec=plain, tol=tol, th=th, rule_names=names,
               extra_flags=int(F_BIT["nonpositive_value"]))
    if rate == 0:
        v.decide(np.ones_like(gap_ok), Status.REGRESSING, "cagr", flags=int(F_BIT["no_gap"]), completion=completion)
    actual = (np.power(x_t / x_b, 1 / (t - b)) - 1) * 100
    pace = _round10(actual / rate) if rate != 0 else np.full(len(x_b), np.nan)
    pace = np.where(np.isfinite(pace), pace, np.nan)
    v.no_data(np.isnan(pace), "not_finite", rule="cagr")
    v.decide(np.ones_like(gap_ok), _classify(pace, th), "cagr", completion=completion, pace=pace)


def _elapsed(spec: TargetSpec, has: Bools, b: Ints, t: Ints) -> Floats:
    T = spec.target_year
    if spec.kind is IndicatorKind.BINARY:
        base = spec.base_year
        if base is None or T <= base:
            return np.full(len(has), np.nan)
        return np.where(has & (t >= base), _round10((t - base) / (T - base)), np.nan)
    ok = has & (T > b)
    return np.where(ok, _round10((t - b) / np.where(ok, T - b, 1)), np.nan)


def _forecast(spec: TargetSpec, S: Floats, MS: Bools, col_years: Ints, b: Ints, t: Ints, x_b: Floats,
              npts: Ints, *,
              tol: float, th: Thresholds) -> tuple[Floats, NDArray[np.int8], Bools]:
    """forecast.weighted_line (+ clip and meets) for every row with ≥ 2 points."""
    n = len(t)
    T = spec.target_year
    none = (np.full(n, np.nan), np.full(n, -1, dtype=np.int8), np.zeros(n, dtype=bool))
    if spec.kind is IndicatorKind.BINARY or n == 0:
        return none
    X = (col_years[None, :] - t[:, None]).astype(np.float64)
    W = np.where(MS, np.power(0.5, (t[:, None] - col_years[None, :]) / th.forecast_half_life), 0.0)
    Y = np.where(MS, S, 0.0)
    sw = W.sum(axis=1)
    mx = (W * X).sum(axis=1) / sw
    my = (W * Y).sum(axis=1) / sw
    D = X - mx[:, None]
    sxx = (W * D * D).sum(axis=1)
    sxy = (W * D * (Y - my[:, None])).sum(axis=1)
    raw = my + (sxy / sxx) * ((T - t) - mx)
    ok = (npts >= 2) & (sxx > 0) & np.isfinite(sxx) & np.isfinite(raw)
    raw = np.where(ok, raw, np.nan)
    value = raw
    clipped = np.zeros(n, dtype=bool)
    if spec.kind is not IndicatorKind.CUMULATIVE or spec.is_directional:
        lower, upper = clip_bounds(spec.unit, spec.max_value)
        if lower is not None:
            value = np.maximum(value, lower)
        if upper is not None:
            value = np.minimum(value, upper)
        clipped = ok & (value != raw)
    c = spec.comparator
    if spec.is_directional:
        meets = _round10(value - x_b) * _sign(c, 0.0, x_b) > tol
    elif spec.target is None or not np.isfinite(spec.target):
        return value, np.full(n, -1, dtype=np.int8), clipped
    elif spec.kind is IndicatorKind.GROWTH_RATE:
        defined = (x_b > 0) & (spec.target > -100)
        goal = x_b * np.power(1 + spec.target / 100, (T - b).astype(np.float64))
        meets = _meets(value, goal, c, tol)
        return value, np.where(ok & defined, meets.astype(np.int8), -1).astype(np.int8), clipped
    else:
        meets = _meets(value, spec.target, c, tol)
    return value, np.where(ok, meets.astype(np.int8), -1).astype(np.int8), clipped

