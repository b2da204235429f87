"""The rules of ``rules.py`` and the forecast of ``forecast.py`` as masked numpy
expressions over all regions at once (used by ``vector.evaluate_many``).

Each function mirrors its scalar twin branch by branch and operation by operation, so
that the results are bit-identical where numpy's reductions allow (a test compares them
on random data). Rows are regions; ``Verdicts.decide`` applies a branch only to rows no
earlier branch has decided, which reproduces the scalar "return early" order.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from eduplan.domain import Comparator, IndicatorKind, Measure, Status
from eduplan.evaluate.forecast import clip_bounds
from eduplan.evaluate.model import FLAGS, RULES, STATUSES, TargetSpec
from eduplan.evaluate.status import SCALE
from eduplan.evaluate.thresholds import Thresholds

S_CODE = {s: i for i, s in enumerate(STATUSES)}
R_CODE = {r: i for i, r in enumerate(RULES)}
F_BIT = {f: np.int64(1) << np.int64(i) for i, f in enumerate(FLAGS)}

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Ints = NDArray[np.int64]


def round10v(x: Floats) -> Floats:
    y = x * SCALE
    return np.where(np.isfinite(y), np.rint(y) / SCALE, x)


def meets_v(x: Floats, target: Floats | float, comparator: Comparator, tol: float) -> Bools:
    d = round10v(x - target)
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


def sign_v(comparator: Comparator, target: Floats | float, x_b: Floats) -> Floats:
    if comparator in (Comparator.AT_LEAST, Comparator.MORE_THAN, Comparator.INCREASE):
        return np.ones_like(x_b)
    if comparator in (Comparator.AT_MOST, Comparator.LESS_THAN, Comparator.DECREASE):
        return -np.ones_like(x_b)
    return np.sign(target - x_b)


def classify_v(pace: Floats, th: Thresholds) -> NDArray[np.int8]:
    return np.select(
        [pace >= th.on_track, pace >= th.at_risk, pace >= th.lagging],
        [S_CODE[Status.ON_TRACK], S_CODE[Status.AT_RISK], S_CODE[Status.LAGGING]],
        S_CODE[Status.REGRESSING],
    ).astype(np.int8)


class Verdicts:
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


def judge_level_v(v: Verdicts, mask: Bools, x_b: Floats, x_t: Floats, b: Ints, t: Ints, target: Floats | float, *,
           spec: TargetSpec, tol: float, th: Thresholds, rule_names: dict[str, str] | None = None,
           extra_flags: int = 0) -> None:
    """rules.judge_level for the rows in ``mask``."""
    names = rule_names or {}
    T = spec.target_year
    c = spec.comparator
    bm = meets_v(x_b, target, c, tol)
    lm = meets_v(x_t, target, c, tol)
    sign = sign_v(c, target, x_b)
    gap_ok = ~bm & (np.abs(round10v(target - x_b)) > tol)
    completion = round10v((x_t - x_b) / (target - x_b))
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
        flat = on_path & (np.abs(round10v(expected - x_b)) <= tol)
        pace_ms = round10v((x_t - x_b) / (expected - x_b))
    else:
        has_ms = np.zeros_like(mask)
        on_path = interpolated = flat = has_ms
        pace_ms = np.full(len(mask), np.nan)
    pace_st = round10v(((x_t - x_b) * (T - b)) / ((target - x_b) * (t - b)))
    pace = np.where(on_path, np.where(flat, np.nan, pace_ms), np.where(moving, pace_st, np.nan))
    pace = np.where(np.isfinite(pace), pace, np.nan)
    mi = np.where(interpolated, F_BIT["milestone_interpolated"], 0) | extra_flags

    def rule(name: str) -> str:
        return names.get(name, name)

    v.decide(mask & lm, Status.ACHIEVED, rule("target_met"), flags=mi, completion=completion, pace=pace)
    v.decide(mask & (t == b), Status.NO_DATA, "no_data", flags=F_BIT["single_point"] | extra_flags)
    v.decide(mask & (b >= T), Status.NO_DATA, "no_data", flags=F_BIT["bad_period"] | extra_flags)
    v.decide(mask & bm, Status.REGRESSING, rule("baseline_met"), flags=F_BIT["baseline_met"] | extra_flags)
    moved = round10v(x_t - x_b) * sign
    backwards = moved < -tol
    v.decide(mask & ~gap_ok, np.where(backwards, S_CODE[Status.REGRESSING], S_CODE[Status.LAGGING]).astype(np.int8),
             rule("no_gap"), flags=F_BIT["no_gap"] | extra_flags)
    v.decide(mask & flat, np.where(backwards, S_CODE[Status.REGRESSING], S_CODE[Status.ON_TRACK]).astype(np.int8),
             rule("milestone"), flags=mi | F_BIT["milestone_no_change_expected"], completion=completion)
    v.decide(mask & np.isnan(pace), Status.NO_DATA, "no_data", flags=F_BIT["not_finite"] | extra_flags)
    overshoot = np.where((c is Comparator.EQUAL) & (completion > 1), F_BIT["overshoot"], 0)
    status = classify_v(pace, th)
    if ms_years.size:
        v.decide(mask & has_ms, status, rule("milestone"), flags=mi | overshoot, completion=completion, pace=pace)
    v.decide(mask, status, rule("straight_path"), flags=mi | overshoot, completion=completion, pace=pace)


def judge_growth_v(v: Verdicts, x_b: Floats, x_t: Floats, b: Ints, t: Ints, S: Floats, MS: Bools, *, spec: TargetSpec,
            rate: float, tol: float, th: Thresholds) -> None:
    """rules.judge_growth for the open rows."""
    T = spec.target_year
    c = spec.comparator
    v.no_data((x_b <= 0) | (rate <= -100), "cagr_undefined", rule="cagr")
    implied = x_b * np.power(1 + rate / 100, (T - b).astype(np.float64))
    gap_ok = implied != x_b
    completion = round10v((x_t - x_b) / (implied - x_b))
    completion = np.where(gap_ok & np.isfinite(completion), completion, np.nan)
    v.decide(meets_v(x_t, implied, c, tol), Status.ACHIEVED, "cagr", completion=completion)
    v.no_data(t == b, "single_point")
    nonpositive = (MS & (S <= 0)).any(axis=1) & v.open
    if nonpositive.any():
        names = dict.fromkeys(("target_met", "baseline_met", "no_gap", "milestone", "straight_path"),
                              "linear_fallback")
        plain = TargetSpec(spec.indicator, T, c, spec.target, kind=IndicatorKind.LEVEL, precision=spec.precision)
        judge_level_v(v, nonpositive, x_b, x_t, b, t, implied, spec=plain, tol=tol, th=th, rule_names=names,
               extra_flags=int(F_BIT["nonpositive_value"]))
    if rate == 0:
        v.decide(np.ones_like(gap_ok), Status.REGRESSING, "cagr", flags=int(F_BIT["no_gap"]), completion=completion)
    actual = (np.power(x_t / x_b, 1 / (t - b)) - 1) * 100
    pace = round10v(actual / rate) if rate != 0 else np.full(len(x_b), np.nan)
    pace = np.where(np.isfinite(pace), pace, np.nan)
    v.no_data(np.isnan(pace), "not_finite", rule="cagr")
    v.decide(np.ones_like(gap_ok), classify_v(pace, th), "cagr", completion=completion, pace=pace)


def elapsed_v(spec: TargetSpec, has: Bools, b: Ints, t: Ints) -> Floats:
    """engine._elapsed: from the base year (else each row's baseline year) to min(t, T)."""
    T = spec.target_year
    base = spec.base_year
    if base is not None:
        if T <= base:
            return np.full(len(has), np.nan)
        return np.where(has & (t >= base), round10v((np.minimum(t, T) - base) / (T - base)), np.nan)
    ok = has & (T > b)
    return np.where(ok, round10v((np.minimum(t, T) - b) / np.where(ok, T - b, 1)), np.nan)


def check_milestones_v(v: Verdicts, rows: Bools, x_t: Floats, t: Ints, *, spec: TargetSpec) -> None:
    """rules.check_milestones for ``rows``: the latest milestone whose year has come and
    that the latest value misses makes the row at least lagging."""
    T = spec.target_year
    base = spec.base_year
    ms = sorted((y, val) for y, val in spec.milestones.items() if y < T and (base is None or y > base))
    if not ms:
        return
    years = np.array([y for y, _ in ms], dtype=np.int64)
    values = np.array([val for _, val in ms], dtype=np.float64)
    i = np.searchsorted(years, t, side="right")
    goal = values[np.clip(i - 1, 0, None)]
    achieved = v.status == S_CODE[Status.ACHIEVED]
    missed = rows & (i > 0) & ~achieved & ~meets_v(x_t, goal, spec.comparator, 0.0)
    nd = v.status == S_CODE[Status.NO_DATA]
    soft = (v.status == S_CODE[Status.ON_TRACK]) | (v.status == S_CODE[Status.AT_RISK])
    v.status[missed & (nd | soft)] = S_CODE[Status.LAGGING]
    v.rule[missed & nd] = R_CODE["milestone"]
    v.flags[missed] &= ~F_BIT["single_point"]
    v.flags[missed] |= F_BIT["milestone_missed"]


DEADLINE_JUDGEABLE = F_BIT["single_point"] | F_BIT["not_finite"] | F_BIT["bad_period"]


def at_deadline_v(v: Verdicts, rows: Bools, t: Ints, *, T: int, as_of: int) -> None:
    """rules.at_deadline for ``rows``: once the deadline has passed a target not achieved
    is overdue."""
    achieved = v.status == S_CODE[Status.ACHIEVED]
    nd = v.status == S_CODE[Status.NO_DATA]
    judgeable = ~nd | ((v.flags & DEADLINE_JUDGEABLE) != 0)
    passed = (t >= T) | (as_of > T)
    due = rows & passed & ~achieved & judgeable
    v.status[due] = S_CODE[Status.OVERDUE]
    v.flags[due & (t >= T)] |= F_BIT["target_year_missed"]
    v.flags[due & (t < T)] |= F_BIT["deadline_no_data"]


def late_v(v: Verdicts, rows: Bools, t: Ints, *, T: int, as_of: int) -> None:
    """engine._late for ``rows`` (maintain): deadline passed, no value for it → overdue."""
    if as_of <= T:
        return
    late = rows & (t < T) & (v.status != S_CODE[Status.NO_DATA]) & (v.status != S_CODE[Status.ACHIEVED])
    v.status[late] = S_CODE[Status.OVERDUE]
    v.flags[late] |= F_BIT["deadline_no_data"]


def forecast_v(spec: TargetSpec, S: Floats, MS: Bools, col_years: Ints, b: Ints, t: Ints, x_b: Floats,
              npts: Ints, *,
              tol: float, th: Thresholds) -> tuple[Floats, NDArray[np.int8], Bools]:
    """forecast.weighted_line (+ clip and meets) for every row with ≥ 2 points."""
    n = len(t)
    T = spec.target_year
    none = (np.full(n, np.nan), np.full(n, -1, dtype=np.int8), np.zeros(n, dtype=bool))
    measure = spec.effective_measure
    if measure in (Measure.BINARY, Measure.PER_YEAR, Measure.YEARLY_AMOUNT) or n == 0:
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
    if measure is Measure.RANK:
        value = np.maximum(value, 1.0)
        clipped = ok & (value != raw)
    elif measure is not Measure.CUMULATIVE:
        lower, upper = clip_bounds(spec.unit, spec.max_value)
        if lower is not None:
            value = np.maximum(value, lower)
        if upper is not None:
            value = np.minimum(value, upper)
        clipped = ok & (value != raw)
    c = spec.comparator
    if spec.is_directional:
        meets = round10v(value - x_b) * sign_v(c, 0.0, x_b) > tol
    elif spec.target is None or not np.isfinite(spec.target):
        return value, np.full(n, -1, dtype=np.int8), clipped
    elif measure is Measure.GROWTH_RATE:
        defined = (x_b > 0) & (spec.target > -100)
        goal = x_b * np.power(1 + spec.target / 100, (T - b).astype(np.float64))
        meets = meets_v(value, goal, c, tol)
        return value, np.where(ok & defined, meets.astype(np.int8), -1).astype(np.int8), clipped
    else:
        meets = meets_v(value, spec.target, c, tol)
    return value, np.where(ok, meets.astype(np.int8), -1).astype(np.int8), clipped
