"""evaluate_target and evaluate_plan: the scalar path, one target at a time.

Order of decisions for one target (the vectorised path follows it):

1. bad period (target year not after the base year) → no_data;
2. no target value for a kind that needs one → no_data;
3. no observations up to the reference year → no_data;
4. binary targets are judged here (rules.judge_binary handles staleness itself);
5. stale data (latest year older than reference year − stale_years) → no_data;
6. the rule of the kind: directional (any kind with 提高/降低 and no number), maintain,
   growth rate, cumulative cap, or the level/straight-path/milestone rule (level and
   cumulative totals);
7. path rules (all but maintain and caps): data for the target year and not achieved →
   flag ``target_year_missed``, on_track downgraded to at_risk.

The forecast is computed independently and never changes the status.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from eduplan.domain import Comparator, IndicatorKind, Status
from eduplan.evaluate.forecast import clip, clip_bounds, weighted_line
from eduplan.evaluate.model import FLAGS, Assessment, Forecast, PlanEvaluation, Point, TargetSpec
from eduplan.evaluate.progress import elapsed_share
from eduplan.evaluate.rollup import summarise
from eduplan.evaluate.rules import (
    Verdict,
    cap_at_target_year,
    compound,
    judge_binary,
    judge_cumulative_cap,
    judge_directional,
    judge_growth,
    judge_level,
    judge_maintain,
    no_data,
)
from eduplan.evaluate.series import Series, prepare
from eduplan.evaluate.status import improvement_sign, meets, round10, tolerance
from eduplan.evaluate.thresholds import Thresholds, default_thresholds

CAPS = (Comparator.AT_MOST, Comparator.LESS_THAN)


def series_mode(spec: TargetSpec) -> str:
    """"additions" for cumulative targets observed as yearly additions, else "level"."""
    if spec.kind is IndicatorKind.CUMULATIVE and not spec.stock and not spec.is_directional:
        return "additions"
    return "level"


def _judge(spec: TargetSpec, series: Series, *, as_of: int, tol: float, th: Thresholds) -> Verdict:
    T = spec.target_year
    base = spec.effective_base_year
    kind = spec.kind
    binary = kind is IndicatorKind.BINARY
    if base is not None and T <= base:
        return no_data("bad_period", f"目标年份{T}不晚于基期年份{base}")
    target = spec.target
    if not binary and not spec.is_directional and (target is None or not math.isfinite(target)):
        return no_data("no_target_value", "目标没有具体数值，无法评估")
    if not series.points:
        return no_data("no_observations", f"{series.reference_year}年及以前没有可用的监测数据")
    first, last = series.points[0], series.points[-1]
    stale = series.reference_year - last.year > th.stale_years
    if binary:
        return judge_binary(last, as_of=as_of, target_year=T, tol=tol, stale=stale)
    if stale:
        return no_data("stale", f"最新数据为{last.year}年，距{series.reference_year}年超过{th.stale_years}年",
                       stale_year=last.year)
    assert target is not None or spec.is_directional
    x_b, x_t, b, t = first.value, last.value, first.year, last.year
    if spec.is_directional:
        verdict = judge_directional(x_b, x_t, b, t, comparator=spec.comparator, target_year=T, tol=tol,
                                    precision=spec.precision)
    elif kind is IndicatorKind.MAINTAIN:
        assert target is not None
        return judge_maintain(series.points, target=target, comparator=spec.comparator, tol=tol,
                              precision=spec.precision)
    elif kind is IndicatorKind.GROWTH_RATE:
        assert target is not None
        verdict = judge_growth(series.points, rate=target, target_year=T, comparator=spec.comparator, tol=tol,
                               precision=spec.precision, thresholds=th)
    elif kind is IndicatorKind.CUMULATIVE and spec.comparator in CAPS:
        assert target is not None
        return judge_cumulative_cap(x_t, b, t, cap=target, comparator=spec.comparator, target_year=T, tol=tol,
                                    precision=spec.precision)
    else:
        assert target is not None
        verdict = judge_level(x_b, x_t, b, t, target=target, target_year=T, comparator=spec.comparator, tol=tol,
                              precision=spec.precision, thresholds=th, milestones=spec.milestones)
        if kind is IndicatorKind.CUMULATIVE and verdict.status is not Status.NO_DATA:
            verdict = Verdict(verdict.status, "cumulative_sum", "按累计值计算：" + verdict.reason, verdict.completion,
                              verdict.pace, verdict.flags, verdict.facts)
    return cap_at_target_year(verdict, t, T)


def _forecast(spec: TargetSpec, series: Series, *, tol: float, th: Thresholds) -> Forecast:
    """Forecast of the target-year value and whether it would meet the target.

    Cumulative sums are not clipped (max_value bounds a level, not a total)."""
    points = series.points
    if spec.kind is IndicatorKind.BINARY or len(points) < 2:
        return Forecast(None, len(points), None)
    raw = weighted_line([p.year for p in points], [p.value for p in points], at_year=spec.target_year,
                        half_life=th.forecast_half_life)
    if raw is None:
        return Forecast(None, len(points), None)
    value, clipped = raw, False
    if spec.kind is not IndicatorKind.CUMULATIVE or spec.is_directional:
        lower, upper = clip_bounds(spec.unit, spec.max_value)
        value, clipped = clip(raw, lower, upper)
    return Forecast(value, len(points), _forecast_meets(spec, series, value, tol), clipped)


def _forecast_meets(spec: TargetSpec, series: Series, value: float, tol: float) -> bool | None:
    x_b = series.points[0].value
    if spec.is_directional:
        return round10(value - x_b) * improvement_sign(spec.comparator) > tol
    if spec.target is None or not math.isfinite(spec.target):
        return None
    goal = spec.target
    if spec.kind is IndicatorKind.GROWTH_RATE:
        if x_b <= 0 or spec.target <= -100:
            return None
        goal = compound(x_b, spec.target, spec.target_year - series.points[0].year)
    return meets(value, goal, spec.comparator, tol)


def evaluate_target(spec: TargetSpec, points: Iterable[Point], *, as_of: int,
                    thresholds: Thresholds | None = None) -> Assessment:
    """Assess one target for one region as of the year ``as_of``. Never raises on finite input."""
    th = thresholds if thresholds is not None else default_thresholds()
    tol = tolerance(spec.precision)
    mode = series_mode(spec)
    series = prepare(spec, points, as_of=as_of, mode=mode)
    facts: dict[str, Any] = {}
    if spec.kind is IndicatorKind.CUMULATIVE and spec.stock and not spec.is_directional:
        mode = "stock"
        if series.points:  # additions since the baseline stock
            x_b = series.points[0].value
            facts["baseline_stock"] = x_b
            series = Series(series.reference_year, tuple(Point(p.year, p.value - x_b) for p in series.points),
                            series.flags | {"from_stock"})
    verdict = _judge(spec, series, as_of=as_of, tol=tol, th=th)
    forecast = _forecast(spec, series, tol=tol, th=th)

    flags = set(series.flags) | set(verdict.flags)
    if forecast.clipped:
        flags.add("forecast_clipped")
    if spec.kind is IndicatorKind.BINARY:
        flags.discard("baseline_substituted")
    baseline = series.points[0] if series.points else None
    latest = series.points[-1] if series.points else None
    elapsed = _elapsed(spec, baseline, latest)
    inputs: dict[str, Any] = {
        "reference_year": series.reference_year,
        "base_year": spec.effective_base_year,
        "tolerance": tol,
        "series": mode,  # "level", "additions" (cumulative sums of them) or "stock" (sums since the baseline)
        "points": [[p.year, p.value] for p in series.points],
        **facts,
        **verdict.facts,
    }
    return Assessment(
        spec=spec,
        as_of=as_of,
        status=verdict.status,
        rule=verdict.rule,
        reason=verdict.reason,
        baseline=baseline,
        latest=latest,
        elapsed=elapsed,
        completion=verdict.completion,
        pace=verdict.pace,
        forecast=forecast,
        flags=tuple(f for f in FLAGS if f in flags),
        inputs=inputs,
    )


def _elapsed(spec: TargetSpec, baseline: Point | None, latest: Point | None) -> float | None:
    """τ from the baseline actually used (binary: from the base year) to the latest year."""
    if latest is None:
        return None
    if spec.kind is IndicatorKind.BINARY:
        base = spec.effective_base_year
        if base is None or latest.year < base:
            return None
        return elapsed_share(base, latest.year, spec.target_year)
    assert baseline is not None
    return elapsed_share(baseline.year, latest.year, spec.target_year)


def evaluate_plan(items: Iterable[tuple[TargetSpec, Sequence[Point]]], *, as_of: int, plan: str | None = None,
                  period: tuple[int, int] | None = None, thresholds: Thresholds | None = None) -> PlanEvaluation:
    """Assess every (target, observations) pair and summarise the plan.

    ``period`` is (base year, end year) of the plan for τ_plan; when omitted it is the
    earliest base year and the latest target year among the targets (None if no target
    has a base year).
    """
    th = thresholds if thresholds is not None else default_thresholds()
    results = tuple(evaluate_target(spec, points, as_of=as_of, thresholds=th) for spec, points in items)
    if period is None:
        bases = [a.spec.effective_base_year for a in results if a.spec.effective_base_year is not None]
        if bases:
            period = (min(bases), max(a.spec.target_year for a in results))
    summary = summarise(results, as_of=as_of, period=period)
    return PlanEvaluation(plan=plan, as_of=as_of, period=period, summary=summary, targets=results)
