"""evaluate_target and evaluate_plan: the scalar path, one target at a time.

Order of decisions for one target (the vectorised path follows it):

1. bad period (target year not after the base year) → no_data;
2. no target value for a measure that needs one → no_data;
3. no observations up to the reference year → no_data (``series`` chooses the reference
   year: as_of, or once the deadline is reached the deadline year or the first later
   year with data);
4. binary targets are judged here (rules.judge_binary handles staleness itself);
5. stale data (latest year older than reference year − stale_years) → no_data;
6. the rule of the measure (``TargetSpec.effective_measure``): directional, maintain,
   growth rate, per_year, yearly_amount, cumulative cap, or the level/straight-path/
   milestone rule (level, rank and cumulative totals);
7. path measures (level, rank, cumulative, growth, directional): a plan-stated milestone
   whose year has come and that the latest value misses → at least lagging
   (``rules.check_milestones``); then the deadline rule (``rules.at_deadline``): the
   deadline's value misses the target → overdue; deadline passed without such a value →
   no_data;
8. the forecast: a target only slower than the time share (at_risk) whose own forecast
   reaches the target by its deadline is on_track (flag ``forecast_on_track``) — the
   engine never flags a target its forecast says will be met. Lagging and worse stay.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from eduplan.domain import Comparator, Direction, Measure, Status
from eduplan.evaluate.forecast import clip, clip_bounds, weighted_line
from eduplan.evaluate.model import FLAGS, Assessment, Forecast, PlanEvaluation, Point, TargetSpec
from eduplan.evaluate.progress import elapsed_share
from eduplan.evaluate.rollup import summarise
from eduplan.evaluate.rules import (
    Verdict,
    at_deadline,
    check_milestones,
    compound,
    fmt,
    judge_binary,
    judge_cumulative_cap,
    judge_directional,
    judge_growth,
    judge_level,
    judge_maintain,
    judge_per_year,
    judge_yearly_amount,
    no_data,
)
from eduplan.evaluate.series import Series, prepare
from eduplan.evaluate.status import improvement_sign, meets, round10
from eduplan.evaluate.thresholds import Thresholds, default_thresholds

CAPS = (Comparator.AT_MOST, Comparator.LESS_THAN)
TOL = 0.0  # a target is met exactly as written (status.py); tolerance lives in the pace bands only
# measures judged on the path from the baseline to the target (milestones, deadline, forecast)
PATH_MEASURES = frozenset({Measure.LEVEL, Measure.RANK, Measure.CUMULATIVE, Measure.GROWTH_RATE,
                           Measure.DIRECTIONAL})
AMOUNT_MEASURES = frozenset({Measure.PER_YEAR, Measure.YEARLY_AMOUNT})
RANK_FLOOR = 1.0  # a rank is never better than first
CHANGE_UNIT = "个百分点"  # a per-year target in this unit is on the yearly change of a rate


def series_mode(spec: TargetSpec) -> str:
    """"additions" for cumulative targets observed as yearly additions (or running totals),
    "changes" for 每年降低/提高N个百分点 (per_year in 个百分点: the level's yearly change),
    "amounts" for per-year and yearly-amount targets, else "level"."""
    measure = spec.effective_measure
    if measure is Measure.CUMULATIVE and not spec.stock:
        return "additions"
    if spec.is_yearly_change:
        return "changes"
    if measure in AMOUNT_MEASURES:
        return "amounts"
    return "level"


def _judge(spec: TargetSpec, series: Series, *, as_of: int, th: Thresholds) -> Verdict:
    T = spec.target_year
    base = spec.effective_base_year
    measure = spec.effective_measure
    if base is not None and T <= base:
        return no_data("bad_period", f"目标年份{T}不晚于基期年份{base}")
    target = spec.target
    if measure not in (Measure.BINARY, Measure.DIRECTIONAL) and (target is None or not math.isfinite(target)):
        return no_data("no_target_value", "目标没有具体数值，无法评估")
    if not series.points:
        if as_of > T:
            return no_data("no_observations", f"期限{T}年已过，{series.reference_year}年及以前没有可用的监测数据")
        return no_data("no_observations", f"{series.reference_year}年及以前没有可用的监测数据")
    first, last = series.points[0], series.points[-1]
    stale = series.reference_year - last.year > th.stale_years
    if measure is Measure.BINARY:
        return judge_binary(last, as_of=as_of, target_year=T, tol=TOL, stale=stale)
    if stale:
        return no_data("stale", f"最新数据为{last.year}年，距{series.reference_year}年超过{th.stale_years}年",
                       stale_year=last.year)
    x_b, x_t, b, t = first.value, last.value, first.year, last.year
    if measure is Measure.MAINTAIN:
        assert target is not None
        verdict = judge_maintain(series.points, target=target, comparator=spec.comparator, tol=TOL,
                                 precision=spec.precision, target_year=T)
        return _late(verdict, last.year, T, as_of)
    if measure is Measure.PER_YEAR:
        assert target is not None
        word = None
        if spec.is_yearly_change:
            verb = "降低" if spec.better is Direction.DOWN else "提高"
            word = f"每年{verb}{fmt(target, max(spec.precision, 1))}个百分点以上"
        verdict = judge_per_year(series.points, target=target, comparator=_flow(spec.comparator), target_year=T,
                                 base_year=base, precision=spec.precision, goal_word=word)
        return _late(verdict, last.year, T, as_of)
    if measure is Measure.YEARLY_AMOUNT:
        assert target is not None
        amounts = {**{y: v for y, v in spec.milestones.items() if y < T}, T: target}
        verdict = judge_yearly_amount(series.points, amounts=amounts, comparator=spec.comparator, target_year=T,
                                      precision=spec.precision)
        return _late(verdict, last.year, T, as_of)
    if measure is Measure.DIRECTIONAL:
        verdict = judge_directional(x_b, x_t, b, t, comparator=spec.comparator, target_year=T, tol=TOL,
                                    precision=spec.precision)
    elif measure is Measure.GROWTH_RATE:
        assert target is not None
        verdict = judge_growth(series.points, rate=target, target_year=T, comparator=spec.comparator, tol=TOL,
                               precision=spec.precision, thresholds=th)
    elif measure is Measure.CUMULATIVE and spec.comparator in CAPS:
        assert target is not None
        verdict = judge_cumulative_cap(x_t, b, t, cap=target, comparator=spec.comparator, target_year=T, tol=TOL,
                                       precision=spec.precision)
    else:
        assert target is not None
        verdict = judge_level(x_b, x_t, b, t, target=target, target_year=T, comparator=spec.comparator, tol=TOL,
                              precision=spec.precision, thresholds=th, milestones=spec.milestones)
        if measure is Measure.CUMULATIVE and verdict.status is not Status.NO_DATA:
            verdict = Verdict(verdict.status, "cumulative_sum", "按累计值计算：" + verdict.reason, verdict.completion,
                              verdict.pace, verdict.flags, verdict.facts)
        verdict = check_milestones(verdict, milestones=spec.milestones, base_year=base, x_t=x_t, t=t,
                                   target_year=T, comparator=spec.comparator, precision=spec.precision)
    return at_deadline(verdict, latest_year=t, target_year=T, as_of=as_of,
                       latest=f"{t}年为{fmt(x_t, spec.precision)}")


SHOWN_DIGITS = 6  # at most this many decimals of an entered value are shown


def shown_precision(precision: int, values: Iterable[float]) -> int:
    """Decimals the reasons write numbers with: the indicator's precision, raised to the
    decimals the entered values and the plan's numbers have (at most SHOWN_DIGITS). A value is never shown rounded
    onto the target it misses: 89.5 against ≥ 90 of an indicator guessed with precision 0
    reads "2025年为89.5", not "2025年为90，未达到目标"."""
    digits = precision
    for value in values:
        if not math.isfinite(value):
            continue
        text = repr(float(value))
        if "e" in text or "." not in text:
            continue
        own = len(text.split(".")[1].rstrip("0"))
        if own <= SHOWN_DIGITS:
            digits = max(digits, own)
    return digits


def _flow(comparator: Comparator) -> Comparator:
    """An amount per year written with "=" (每年培训1000人次) is reached by doing at least that."""
    return Comparator.AT_LEAST if comparator is Comparator.EQUAL else comparator


def _late(verdict: Verdict, latest_year: int, target_year: int, as_of: int) -> Verdict:
    """Year-by-year measures: the deadline passed (as_of after it) with no value for it or
    later and the target not achieved → overdue (``deadline_no_data``)."""
    if as_of > target_year and latest_year < target_year and verdict.status not in (Status.NO_DATA, Status.ACHIEVED):
        return replace(verdict, status=Status.OVERDUE, flags=verdict.flags | {"deadline_no_data"},
                       reason=f"期限{target_year}年已过，缺少{target_year}年的监测数据（{verdict.reason}）")
    return verdict


def _forecast(spec: TargetSpec, series: Series, *, th: Thresholds) -> Forecast:
    """Forecast of the target-year value and whether it would meet the target.

    Cumulative sums are not clipped (max_value bounds a level, not a total); ranks are
    clipped at 1. Binary, per-year and yearly-amount targets have none."""
    points = series.points
    measure = spec.effective_measure
    if measure is Measure.BINARY or measure in AMOUNT_MEASURES or len(points) < 2:
        return Forecast(None, len(points), None)
    raw = weighted_line([p.year for p in points], [p.value for p in points], at_year=spec.target_year,
                        half_life=th.forecast_half_life)
    if raw is None:
        return Forecast(None, len(points), None)
    value, clipped = raw, False
    if measure is Measure.RANK:
        value, clipped = clip(raw, RANK_FLOOR, None)
    elif measure is not Measure.CUMULATIVE:
        lower, upper = clip_bounds(spec.unit, spec.max_value)
        value, clipped = clip(raw, lower, upper)
    return Forecast(value, len(points), _forecast_meets(spec, series, value), clipped)


def _forecast_meets(spec: TargetSpec, series: Series, value: float) -> bool | None:
    x_b = series.points[0].value
    if spec.is_directional:
        return round10(value - x_b) * improvement_sign(spec.comparator) > TOL
    if spec.target is None or not math.isfinite(spec.target):
        return None
    goal = spec.target
    if spec.effective_measure is Measure.GROWTH_RATE:
        if x_b <= 0 or spec.target <= -100:
            return None
        goal = compound(x_b, spec.target, spec.target_year - series.points[0].year)
    return meets(value, goal, spec.comparator, TOL)


def _trust_forecast(verdict: Verdict, forecast: Forecast, spec: TargetSpec, series: Series) -> Verdict:
    """Step 8: at_risk, no milestone missed, before the deadline, and the forecast meets
    the target → on_track, saying so."""
    if (verdict.status is not Status.AT_RISK or forecast.meets is not True or forecast.value is None
            or "milestone_missed" in verdict.flags or not series.points
            or series.points[-1].year >= spec.target_year or spec.effective_measure not in PATH_MEASURES):
        return verdict
    reason = f"{verdict.reason}；按趋势预测{spec.target_year}年可达{fmt(forecast.value, spec.precision)}，可按期实现"
    return replace(verdict, status=Status.ON_TRACK, reason=reason, flags=verdict.flags | {"forecast_on_track"})


def evaluate_target(spec: TargetSpec, points: Iterable[Point], *, as_of: int,
                    thresholds: Thresholds | None = None) -> Assessment:
    """Assess one target for one region as of the year ``as_of``. Never raises on finite input."""
    th = thresholds if thresholds is not None else default_thresholds()
    points = tuple(points)
    mode = series_mode(spec)
    series = prepare(spec, points, as_of=as_of, mode=mode)
    facts: dict[str, Any] = {}
    if spec.effective_measure is Measure.CUMULATIVE and spec.stock:
        mode = "stock"
        if series.points:  # additions since the baseline stock
            x_b = series.points[0].value
            facts["baseline_stock"] = x_b
            series = Series(series.reference_year, tuple(Point(p.year, p.value - x_b) for p in series.points),
                            series.flags | {"from_stock"})
    # the numbers as entered or written in the plan are shown as they are; computed ones
    # (a forecast) at the indicator's precision
    written = [p.value for p in points] + list(spec.milestones.values()) + [spec.target or 0.0]
    verdict = _judge(replace(spec, precision=shown_precision(spec.precision, written)), series, as_of=as_of, th=th)
    forecast = _forecast(spec, series, th=th)
    verdict = _trust_forecast(verdict, forecast, spec, series)

    flags = set(series.flags) | set(verdict.flags)
    if forecast.clipped:
        flags.add("forecast_clipped")
    if spec.effective_measure is Measure.BINARY:
        flags.discard("baseline_substituted")
    amounts = mode in ("amounts", "changes")
    baseline = series.points[0] if series.points and not amounts else None
    latest = series.points[-1] if series.points else None
    elapsed = _elapsed(spec, baseline, latest)
    inputs: dict[str, Any] = {
        "reference_year": series.reference_year,
        "base_year": spec.effective_base_year,
        # "level", "additions" (running totals of additions), "stock" (sums since the
        # baseline stock) or "amounts" (one amount per year)
        "series": mode,
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
    """τ at the latest data year, measured from the plan's base year (the baseline's year
    only when the plan states none): the time share never depends on the first year with
    data."""
    if latest is None:
        return None
    base = spec.effective_base_year
    if base is None:
        if baseline is None:
            return None
        base = baseline.year
    if latest.year < base:
        return None
    return elapsed_share(base, min(latest.year, spec.target_year), spec.target_year)


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
