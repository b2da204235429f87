"""Inputs and outputs of the evaluation engine: plain frozen values, no behaviour beyond
coercion and ``to_dict``.

Numbers arrive as ``Decimal`` (from the store) or ``int``; they are coerced to ``float``
here, because floats are used only inside evaluation maths (STYLE.md).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eduplan.domain import Comparator, Direction, EntryBasis, IndicatorKind, Measure, Status, measure_of_kind

# Flags, in the canonical order in which an Assessment lists them. The vectorised path
# stores them as a bitmask over this tuple, so the order is part of the contract.
FLAGS: tuple[str, ...] = (
    "no_observations",  # no usable value up to the reference year
    "stale",  # latest value older than reference year − stale_years
    "single_point",  # only one value since the base year: no pace
    "no_target_value",  # a level/maintain/cumulative/growth target without a number
    "bad_period",  # target year not after the base year
    "not_finite",  # the arithmetic overflowed (absurd inputs)
    "non_finite_dropped",  # NaN/inf observations were ignored
    "duplicate_year",  # several values for one year: the last one given was used
    "baseline_substituted",  # no value in the base year: first later value used
    "baseline_met",  # the baseline already met the target
    "no_gap",  # target equals the baseline (within tolerance)
    "milestone_interpolated",  # the latest year lies between two milestones
    "milestone_no_change_expected",  # the milestone path expects no change by year t
    "target_year_missed",  # data for the target year itself, target not met
    "overshoot",  # an "=" target passed beyond the value
    "not_yet_due",  # binary target not done, deadline not reached
    "cagr_undefined",  # growth rate cannot be compounded from a baseline ≤ 0
    "nonpositive_value",  # a value ≤ 0 in a growth series: linear fallback
    "from_stock",  # cumulative additions derived from a stock series
    "cap_exceeded",  # a cumulative cap (<=, <) already exceeded
    "forecast_clipped",  # forecast clipped to [0, 100] or to max_value
    "milestone_missed",  # the latest value misses the plan's milestone of a passed year
    "deadline_no_data",  # the deadline has passed and there is no value for it or later
    "forecast_on_track",  # slower than the time share, but the trend reaches the target in time
    "years_missed",  # per-year / yearly-amount target: some years below their amount
    "amount_unknown",  # a running total without the year before: that year's addition is unknown
    "total_fell",  # a running total lower than an earlier one (ignored: the earlier one stands)
    "late_evidence",  # no value for the deadline year: the first later value was used
)

FLAG_LABELS: dict[str, str] = {
    "no_observations": "无监测数据",
    "stale": "监测数据过旧",
    "single_point": "仅有一个数据点，无法计算进度",
    "no_target_value": "目标无具体数值",
    "bad_period": "目标年份不晚于基期年份",
    "not_finite": "数值异常，无法计算",
    "non_finite_dropped": "已忽略无效数值",
    "duplicate_year": "同一年份有多个数值，采用最后一个",
    "baseline_substituted": "缺少基期值，以其后最早的数值代替",
    "baseline_met": "基期已达到目标",
    "no_gap": "目标值与基期值相同",
    "milestone_interpolated": "按相邻年度目标插值",
    "milestone_no_change_expected": "年度目标未要求变化",
    "target_year_missed": "目标年已到，未达到目标",
    "overshoot": "超出目标值",
    "not_yet_due": "未到完成时限",
    "cagr_undefined": "基期值不为正，无法计算年均增长率",
    "nonpositive_value": "序列含零或负值，改按线性进度评估",
    "from_stock": "由存量数据换算新增量",
    "cap_exceeded": "累计值已超出上限",
    "forecast_clipped": "预测值已按取值范围截断",
    "milestone_missed": "未实现规划阶段目标",
    "deadline_no_data": "期限已过，缺少期限年份及以后的监测数据",
    "forecast_on_track": "按趋势预测可按期实现",
    "years_missed": "部分年份未达到年度要求",
    "amount_unknown": "累计值缺少上一年数据，无法算出当年新增",
    "total_fell": "累计值低于此前年份，已忽略",
    "late_evidence": "期限年份无数据，采用其后最早的数据",
}

# The rule that decided a status. "no_data" covers every case that cannot be assessed;
# the flags then say why.
RULES: tuple[str, ...] = (
    "no_data",
    "target_met",
    "straight_path",
    "milestone",
    "baseline_met",
    "no_gap",
    "directional",
    "maintain_level",
    "cumulative_sum",
    "cagr",
    "linear_fallback",
    "binary",
    "per_year",
    "yearly_amount",
)

STATUSES: tuple[Status, ...] = tuple(Status)


def _as_float(value: Any) -> float:
    return float(value)


@dataclass(frozen=True, slots=True)
class Point:
    """One observed value of an indicator: ``value`` in ``year``.

    ``basis`` matters for additive measures only (cumulative, per_year, yearly_amount):
    ``total`` is a running total since the base year, ``addition`` (or None) the year's
    own addition. The engine turns both into one series and never adds a total twice.
    """

    year: int
    value: float
    basis: EntryBasis | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "year", int(self.year))
        object.__setattr__(self, "value", _as_float(self.value))
        if self.basis is not None:
            object.__setattr__(self, "basis", EntryBasis(self.basis))

    def to_dict(self) -> dict[str, Any]:
        return {"year": self.year, "value": self.value}


@dataclass(frozen=True, slots=True)
class TargetSpec:
    """One commitment of a plan, for one region, as the engine needs it.

    ``target``      the number (None for ``increase``/``decrease``; for ``growth_rate`` the
                    annual rate in percent, 5 for 年均增长5%; for ``cumulative`` the total of
                    additions over the plan; ignored for ``binary``).
    ``base_year``   b; defaults to ``baseline.year``. ``baseline`` is the value the plan
                    states; without it the observation of the base year is used.
    ``direction``   informative (rankings); the comparator decides the arithmetic.
    ``precision``   decimals the indicator is reported with; differences up to half a unit
                    (0.5·10^-precision) count as equal. Clamped to [-6, 10].
    ``max_value``   upper bound of plausible values (forecast clipping); rates (unit "%")
                    are clipped to [0, max_value or 100].
    ``measure``     how the target is judged (see ``domain.Measure``); None: from ``kind``
                    and the comparator (``measure_of_kind``).
    ``milestones``  {year: value} plan-stated milestones (cumulative totals for
                    ``cumulative``; each year's own amount for ``yearly_amount``); the path
                    runs straight between (b, x_b), the milestones strictly inside (b, T)
                    and (T, target). Ignored for growth rates.
    ``stock``       ``cumulative`` only: the observations are a stock (在园幼儿数), not yearly
                    additions; additions are differences from the baseline stock.
    ``section``     chapter the target sits in (id or title: whatever the caller groups by).
    ``units``       responsible units (责任单位).
    ``key``         the caller's id for the target, carried through untouched.
    """

    indicator: str
    target_year: int
    comparator: Comparator = Comparator.AT_LEAST
    target: float | None = None
    base_year: int | None = None
    baseline: Point | None = None
    kind: IndicatorKind = IndicatorKind.LEVEL
    direction: Direction | None = None
    precision: int = 1
    max_value: float | None = None
    unit: str | None = None
    milestones: Mapping[int, float] = field(default_factory=dict)
    stock: bool = False
    measure: Measure | None = None
    region: str | None = None
    section: str | None = None
    units: tuple[str, ...] = ()
    key: Any = None

    def __post_init__(self) -> None:
        s = object.__setattr__
        s(self, "target_year", int(self.target_year))
        s(self, "comparator", Comparator(self.comparator))
        s(self, "kind", IndicatorKind(self.kind))
        if self.measure is not None:
            s(self, "measure", Measure(self.measure))
        if self.direction is not None:
            s(self, "direction", Direction(self.direction))
        if self.target is not None:
            s(self, "target", _as_float(self.target))
        if self.base_year is not None:
            s(self, "base_year", int(self.base_year))
        if self.max_value is not None:
            s(self, "max_value", _as_float(self.max_value))
        s(self, "precision", int(self.precision))
        s(self, "milestones", {int(y): _as_float(v) for y, v in dict(self.milestones).items()})
        s(self, "units", tuple(self.units))

    @property
    def effective_base_year(self) -> int | None:
        if self.base_year is not None:
            return self.base_year
        return self.baseline.year if self.baseline is not None else None

    @property
    def is_directional(self) -> bool:
        return self.comparator in (Comparator.INCREASE, Comparator.DECREASE)

    @property
    def effective_measure(self) -> Measure:
        """The measure that decides the rule: the stated one, else 提高/降低 → directional,
        else the indicator kind. A directional comparator always wins (no number to judge)."""
        if self.is_directional:
            return Measure.DIRECTIONAL
        if self.measure is not None and self.measure is not Measure.DIRECTIONAL:
            return self.measure
        return measure_of_kind(self.kind.value, self.comparator.value)

    @property
    def better(self) -> Direction:
        """Which way is better: the comparator decides; ``direction`` breaks an "=" tie."""
        if self.comparator in (Comparator.AT_MOST, Comparator.LESS_THAN, Comparator.DECREASE):
            return Direction.DOWN
        if self.comparator is Comparator.EQUAL and self.direction is not None:
            return self.direction
        if self.comparator is Comparator.EQUAL and self.effective_measure is Measure.RANK:
            return Direction.DOWN
        if self.is_yearly_change and self.direction is not None:
            return self.direction  # 每年降低1个百分点: the level is to fall
        return Direction.UP

    @property
    def is_yearly_change(self) -> bool:
        """每年降低/提高N个百分点: a per-year target on the yearly change of a rate."""
        return self.effective_measure is Measure.PER_YEAR and self.unit == "个百分点"


@dataclass(frozen=True, slots=True)
class Forecast:
    """Target-year value from a recency-weighted least-squares line (see forecast.py).

    ``value`` is None with fewer than two points or for binary targets; ``meets`` is None
    when there is nothing to compare with.
    """

    value: float | None
    points: int
    meets: bool | None
    clipped: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "points": self.points, "meets": self.meets}


def _point_dict(point: Point | None) -> dict[str, Any]:
    if point is None:
        return {"year": None, "value": None}
    return {"year": point.year, "value": finite_or_none(point.value)}


def json_safe(value: Any) -> Any:
    """``value`` with every NaN/inf float replaced by None (JSON has no such numbers)."""
    if isinstance(value, float):
        return finite_or_none(value)
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Assessment:
    """The outcome for one target: every number, the rule that fired, flags and inputs.

    ``elapsed`` τ, ``completion`` P and ``pace`` R are None when they cannot be computed
    (never NaN). ``reason`` is one Chinese sentence for people; ``flags`` are codes
    (see FLAGS / FLAG_LABELS); ``inputs`` holds the values and years used, JSON-ready.
    """

    spec: TargetSpec
    as_of: int
    status: Status
    rule: str
    reason: str
    baseline: Point | None
    latest: Point | None
    elapsed: float | None
    completion: float | None
    pace: float | None
    forecast: Forecast
    flags: tuple[str, ...]
    inputs: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape other tools rely on (the README documents every key).

        ``measure`` and ``direction`` (up: higher is better, down: lower is better) say how
        the target was judged; ``milestones`` lists the plan-stated milestones
        ({"year", "value"}, ascending; for ``yearly_amount`` each year's own amount, the
        target year's included); ``reason`` is one Chinese sentence for people."""
        spec = self.spec
        return {
            "indicator": spec.indicator,
            "region": spec.region,
            "measure": spec.effective_measure.value,
            "direction": spec.better.value,
            "comparator": spec.comparator.value,
            "target": finite_or_none(spec.target),
            "target_year": spec.target_year,
            "milestones": milestone_list(spec),
            "baseline": _point_dict(self.baseline),
            "latest": _point_dict(self.latest),
            "elapsed": self.elapsed,
            "completion": self.completion,
            "pace": self.pace,
            "status": self.status.value,
            "status_label": self.status.label,
            "reason": self.reason,
            "forecast": self.forecast.to_dict(),
            "flags": list(self.flags),
            "section": spec.section,
            "units": list(spec.units),
            "rule": self.rule,
            "inputs": json_safe(dict(self.inputs)),
        }


def milestone_list(spec: TargetSpec) -> list[dict[str, Any]]:
    """The plan-stated milestones before the target year, ascending, as JSON objects; a
    yearly-amount target lists its target year's amount too (every year has its own)."""
    items = [{"year": y, "value": finite_or_none(v)} for y, v in sorted(spec.milestones.items())
             if y < spec.target_year]
    if spec.effective_measure is Measure.YEARLY_AMOUNT and spec.target is not None:
        items.append({"year": spec.target_year, "value": finite_or_none(spec.target)})
    return items


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """Plan-level line: τ_plan (elapsed share of the plan period) against the median
    completion of the assessable targets (时间过半、任务过半), and counts per status."""

    elapsed: float | None
    median_completion: float | None
    counts: Mapping[Status, int]
    assessed: int  # targets that entered the median

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "elapsed": self.elapsed,
            "median_completion": self.median_completion,
            "counts": {status.value: n for status, n in self.counts.items()},
        }


@dataclass(frozen=True, slots=True)
class PlanEvaluation:
    plan: str | None
    as_of: int
    period: tuple[int, int] | None
    summary: PlanSummary
    targets: tuple[Assessment, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan": self.plan,
            "as_of": self.as_of,
            "summary": self.summary.to_dict(),
            "targets": [a.to_dict() for a in self.targets],
        }


def finite_or_none(value: float | None) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return value
