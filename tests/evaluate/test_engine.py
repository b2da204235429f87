"""evaluate_target, case by case. Hand-computed numbers in the comments.

Defaults (helpers.spec): base year 2020, target year 2025, as_of 2023, precision 1,
comparator ">=". Targets are met exactly as written (no tolerance).
"""

from __future__ import annotations

import json
import math

import pytest

from eduplan.domain import Status
from eduplan.evaluate import (
    FLAG_LABELS,
    FLAGS,
    RULES,
    Point,
    evaluate_target,
    load_thresholds,
    milestones_from_step,
)
from eduplan.evaluate.engine import shown_precision
from eduplan.evaluate.rules import fmt
from tests.evaluate.helpers import assess, series, spec

ON, RISK, LAG, REG, DONE, NONE, LATE = (Status.ON_TRACK, Status.AT_RISK, Status.LAGGING, Status.REGRESSING,
                                        Status.ACHIEVED, Status.NO_DATA, Status.OVERDUE)


@pytest.mark.parametrize("values, kw, status, rule, pace", [
    # τ = (2023−2020)/(2025−2020) = 0.6; P = (96−90)/(100−90) = 0.6; R = 1.0
    pytest.param({2020: 90, 2023: 96}, dict(target=100), ON, "straight_path", 1.0, id="straight-path-tau-0.6"),
    # exact boundaries, baseline 0, target 100, τ = 0.6: R = x/60
    pytest.param({2020: 0, 2023: 57}, dict(target=100), ON, "straight_path", 0.95, id="R=0.95-on-track"),
    pytest.param({2020: 0, 2023: 56.9}, dict(target=100), RISK, "straight_path", 0.9483333333,
                 id="R-just-below-0.95"),
    pytest.param({2020: 0, 2023: 36}, dict(target=100), RISK, "straight_path", 0.6, id="R=0.60-at-risk"),
    pytest.param({2020: 0, 2023: 35.9}, dict(target=100), LAG, "straight_path", 0.5983333333,
                 id="R-just-below-0.60"),
    pytest.param({2020: 50, 2023: 50}, dict(target=100), LAG, "straight_path", 0.0, id="R=0-lagging"),
    pytest.param({2020: 50, 2023: 49.9}, dict(target=100), REG, "straight_path", -0.0033333333,
                 id="R-below-0-regressing"),
    # float traps: naive P/τ gives 0.5999999999999999 and 0.9499999999999998
    # (23.596−0.1)/(98−0.1) = 0.24, τ = 0.4 → R = 0.6
    pytest.param({2020: 0.1, 2022: 23.596}, dict(target=98), RISK, "straight_path", 0.6, id="float-trap-0.60"),
    # (38.062−0.1)/(100−0.1) = 0.38, τ = 0.4 → R = 0.95
    pytest.param({2020: 0.1, 2022: 38.062}, dict(target=100), ON, "straight_path", 0.95, id="float-trap-0.95"),
])
def test_pace_and_boundaries(values, kw, status, rule, pace):
    a = assess(values, **kw)
    assert (a.status, a.rule) == (status, rule)
    assert a.pace == pytest.approx(pace, abs=1e-10)


def test_straight_path_reports_its_working():
    a = assess({2020: 90, 2021: 92, 2023: 96}, target=100)
    assert a.elapsed == 0.6 and a.completion == 0.6 and a.pace == 1.0
    assert a.baseline == Point(2020, 90) and a.latest == Point(2023, 96)
    assert a.inputs["points"] == [[2020, 90.0], [2021, 92.0], [2023, 96.0]]
    assert a.inputs["reference_year"] == 2023 and "tolerance" not in a.inputs


def test_thresholds_override_moves_the_boundary():
    # R = 0.9 is at_risk by default, on_track when a plan sets on_track: 0.9
    values = {2020: 0, 2023: 54}  # 54/60 = 0.9
    assert assess(values, target=100).status is RISK
    assert assess(values, target=100, thresholds=load_thresholds(on_track=0.9)).status is ON


# ---- milestones --------------------------------------------------------------------------------

MYOPIA = dict(comparator="<=", target=47, base_year=2022, target_year=2027, unit="%")


@pytest.mark.parametrize("values, milestones, as_of, status, rule, pace, flags", [
    # 近视率 52.0 (2022) → ≤47 (2027), 2023–2027 table; 2025 value 49.6 against milestone 49.5:
    # R = (49.6−52)/(49.5−52) = 2.4/2.5 = 0.96 would be on_track, but the plan's 2025 milestone
    # (≤49.5) is missed → lagging, the milestone in the reason
    pytest.param({2022: 52.0, 2025: 49.6}, {2023: 51.0, 2024: 50.0, 2025: 49.5, 2026: 48.0}, 2025, LAG,
                 "milestone", 0.96, ("milestone_missed",), id="less-is-better-milestone-table"),
    # the same table, 2025 value 49.5: milestone met exactly, R = 1 → on_track
    pytest.param({2022: 52.0, 2025: 49.5}, {2023: 51.0, 2024: 50.0, 2025: 49.5, 2026: 48.0}, 2025, ON,
                 "milestone", 1.0, (), id="less-is-better-milestone-met"),
    # same data on the straight path: τ = 3/5 = 0.6, P = 2.4/5 = 0.48, R = 0.8 → at_risk
    pytest.param({2022: 52.0, 2025: 49.6}, {}, 2025, RISK, "straight_path", 0.8, (), id="same-without-milestones"),
    # milestones 2023: 51, 2025: 49; 2024 lies between them: expected 50, value 50.5
    # R = (50.5−52)/(50−52) = 0.75 → at_risk
    pytest.param({2022: 52.0, 2024: 50.5}, {2023: 51.0, 2025: 49.0}, 2024, RISK, "milestone", 0.75,
                 ("milestone_interpolated",), id="between-milestones"),
    # 每年降低1个百分点: milestone 2024 = 50; value 50 → R = 1
    pytest.param({2022: 52.0, 2024: 50.0}, milestones_from_step(2022, 52.0, -1.0, 2026), 2024, ON, "milestone",
                 1.0, (), id="yearly-step-down"),
    # a milestone equal to the baseline: no change expected, none happened → on_track, no pace
    pytest.param({2022: 52.0, 2023: 52.0}, {2023: 52.0, 2024: 50.0}, 2023, ON, "milestone", None,
                 ("milestone_no_change_expected",), id="milestone-expects-no-change"),
])
def test_milestones(values, milestones, as_of, status, rule, pace, flags):
    a = assess(values, as_of=as_of, milestones=milestones, **MYOPIA)
    assert (a.status, a.rule) == (status, rule)
    assert a.pace == (pytest.approx(pace) if pace is not None else None)
    assert a.flags == flags


def test_milestones_from_step_keeps_decimals_clean():
    assert milestones_from_step(2022, 52.7, -1.0, 2025) == {2023: 51.7, 2024: 50.7, 2025: 49.7}


# ---- numbers in reasons ----------------------------------------------------------------------------

@pytest.mark.parametrize("x, precision, text", [
    pytest.param(47.43333333333, 1, "47.4", id="rounded-to-precision"),
    pytest.param(46.666666666667, 2, "46.67", id="two-decimals"),
    pytest.param(98.0, 1, "98", id="no-trailing-zero"),
    pytest.param(30000.0, 0, "30000", id="no-exponent"),
    pytest.param(0.1 + 0.2, 1, "0.3", id="float-error"),
    pytest.param(12345.0, -2, "12300", id="negative-precision"),
    pytest.param(-0.01, 1, "0", id="no-minus-zero"),
    pytest.param(None, 1, "—", id="none"),
    pytest.param(480000000.0, 0, "4.8亿", id="hundred-millions-as-yi"),
    pytest.param(500000000.0, 0, "5亿", id="yi-without-decimals"),
])
def test_reason_numbers_at_the_indicators_precision(x, precision, text):
    assert fmt(x, precision) == text


def test_interpolated_milestone_reason_is_rounded():
    # milestone 50 in 2023 from 40 in 2020: 2022 should be at 40 + 10·2/3 = 46.666…
    a = assess({2020: 40, 2022: 45}, as_of=2022, target=70, milestones={2023: 50})
    assert a.rule == "milestone" and a.reason == "2022年序时进度参考值46.7，实际45，进度比0.75"
    assert a.inputs["expected"] == pytest.approx(46.6666666667)  # the facts keep full precision
    assert "46.67" in assess({2020: 40, 2022: 45}, as_of=2022, target=70, milestones={2023: 50},
                             precision=2).reason


def test_an_entered_value_is_never_shown_rounded_onto_the_target_it_misses():
    # an indicator created from the plan's "90%" has precision 0; the entered 89.5 misses ≥ 90
    a = assess({2023: 86, 2025: 89.5}, base_year=2023, target=90, target_year=2025, as_of=2025, precision=0)
    assert a.status is LATE and a.reason.startswith("期限2025年已到，2025年为89.5，未达到目标")
    m = assess({2023: 18.5, 2025: 17.64}, base_year=2023, target=17, target_year=2026, as_of=2025, precision=0,
               comparator="<=", milestones={2025: 17.5})
    assert m.reason.startswith("2025年阶段目标（不高于17.5）未实现，2025年为17.64")
    assert shown_precision(0, [89.5, 97.96, 0.1 + 0.2, 3e-9]) == 2  # float noise and tiny values do not count
    assert shown_precision(2, [90.0]) == 2


# ---- baseline already better, zero baseline, zero target ---------------------------------------

@pytest.mark.parametrize("values, kw, status, rule, flags", [
    # 入园率 ≥ 95 with baseline 96: still 97 → achieved; fell to 94 → regressing
    pytest.param({2020: 96, 2023: 97}, dict(target=95), DONE, "target_met", (), id="baseline-better-still-met"),
    pytest.param({2020: 96, 2023: 94}, dict(target=95), REG, "baseline_met", ("baseline_met",),
                 id="baseline-better-then-fell"),
    # 班额不超过40人, baseline 38: 39 → achieved; 42 → regressing
    pytest.param({2020: 38, 2023: 39}, dict(comparator="<=", target=40, precision=0), DONE, "target_met", (),
                 id="less-is-better-baseline-better"),
    pytest.param({2020: 38, 2023: 42}, dict(comparator="<=", target=40, precision=0), REG, "baseline_met",
                 ("baseline_met",), id="less-is-better-baseline-better-then-worse"),
])
def test_baseline_already_better(values, kw, status, rule, flags):
    a = assess(values, **kw)
    assert (a.status, a.rule, a.flags) == (status, rule, flags)
    assert a.completion is None  # P would be meaningless (negative denominator)


@pytest.mark.parametrize("values, kw, status, rule, completion, pace", [
    # zero baseline: 覆盖率 0 → 100, 60 in 2023: P = 60/100 = 0.6, R = 0.6/0.6 = 1 (no division by x_b)
    pytest.param({2020: 0, 2023: 60}, dict(target=100), ON, "straight_path", 0.6, 1.0, id="zero-baseline"),
    # zero target, less is better (消除大班额): 12 → 0, 4.8 in 2023: P = −7.2/−12 = 0.6, R = 1
    pytest.param({2020: 12, 2023: 4.8}, dict(comparator="<=", target=0), ON, "straight_path", 0.6, 1.0,
                 id="zero-target"),
    # both zero and still zero → achieved; 2 → regressing (the baseline met "≤ 0")
    pytest.param({2020: 0, 2023: 0}, dict(comparator="<=", target=0), DONE, "target_met", None, None,
                 id="zero-baseline-zero-target-kept"),
    pytest.param({2020: 0, 2023: 2}, dict(comparator="<=", target=0), REG, "baseline_met", None, None,
                 id="zero-baseline-zero-target-lost"),
    # "> 0" from 0: the target equals the baseline; no movement → lagging, no pace
    pytest.param({2020: 0, 2023: 0}, dict(comparator=">", target=0), LAG, "no_gap", None, None,
                 id="no-gap-more-than"),
    pytest.param({2020: 0, 2023: -1}, dict(comparator=">", target=0), REG, "no_gap", None, None,
                 id="no-gap-more-than-worse"),
])
def test_zero_baseline_and_zero_target(values, kw, status, rule, completion, pace):
    a = assess(values, **kw)
    assert (a.status, a.rule) == (status, rule)
    assert a.completion == completion and a.pace == pace


# ---- data problems -----------------------------------------------------------------------------

def test_missing_baseline_uses_first_later_value():
    # no 2020 value: baseline 2021 = 92; P = 4/8 = 0.5; R on the path from 2021 = 0.5/0.5 = 1;
    # the time share still comes from the plan period: τ = (2023−2020)/(2025−2020) = 0.6
    a = assess({2021: 92, 2023: 96}, target=100)
    assert a.status is ON and a.baseline == Point(2021, 92)
    assert a.elapsed == 0.6 and a.completion == 0.5 and a.pace == 1.0
    assert "baseline_substituted" in a.flags


def test_stated_baseline_wins_over_data():
    a = evaluate_target(spec(target=100, baseline=Point(2020, 80)), series({2020: 90, 2023: 92}), as_of=2023)
    # P = (92−80)/(100−80) = 0.6, τ = 0.6
    assert a.baseline == Point(2020, 80) and a.pace == 1.0


@pytest.mark.parametrize("values, status, flags", [
    pytest.param({2020: 100}, DONE, (), id="single-point-meets"),
    pytest.param({2020: 90}, NONE, ("single_point",), id="single-point-does-not-meet"),
    pytest.param({2021: 90}, NONE, ("single_point", "baseline_substituted"), id="single-later-point"),
])
def test_single_point(values, status, flags):
    a = assess(values, target=100, as_of=2021)
    assert a.status is status and set(a.flags) == set(flags)
    assert a.pace is None and a.forecast.value is None and a.forecast.points == 1


@pytest.mark.parametrize("as_of, status", [
    pytest.param(2023, ON, id="two-years-old-still-fresh"),  # 2023 − 2021 = 2 ≤ 2
    pytest.param(2024, NONE, id="three-years-old-stale"),  # 2024 − 2021 = 3 > 2
])
def test_stale_data(as_of, status):
    # 2020: 90, 2021: 92 → P = 0.2, τ = 0.2, R = 1 when fresh
    a = assess({2020: 90, 2021: 92}, target=100, as_of=as_of)
    assert a.status is status
    if status is NONE:
        assert a.flags == ("stale",) and a.latest == Point(2021, 92) and a.inputs["stale_year"] == 2021


def test_stale_years_is_configurable():
    a = assess({2020: 90, 2021: 92}, target=100, as_of=2024, thresholds=load_thresholds(stale_years=3))
    assert a.status is ON


@pytest.mark.parametrize("values, kw, flag", [
    pytest.param({}, dict(target=100), "no_observations", id="no-observations"),
    pytest.param({2018: 80, 2019: 85}, dict(target=100), "no_observations", id="only-before-base-year"),
    pytest.param({2020: 90, 2023: 95}, dict(target=None), "no_target_value", id="no-target-value"),
    pytest.param({2020: 90, 2023: 95}, dict(target=100, base_year=2025), "bad_period", id="bad-period"),
])
def test_cannot_be_assessed(values, kw, flag):
    a = assess(values, **kw)
    assert a.status is NONE and a.rule == "no_data" and flag in a.flags


def test_nan_dropped_and_duplicates_last_wins():
    points = [Point(2020, 90), Point(2023, 70), Point(2023, 96), Point(2022, math.nan)]
    a = evaluate_target(spec(target=100), points, as_of=2023)
    assert a.latest == Point(2023, 96) and a.pace == 1.0
    assert a.flags == ("non_finite_dropped", "duplicate_year")


def test_data_after_the_target_year_is_ignored():
    # as of 2027, the 2025 value decides; 2026 = 100 does not rescue a missed 2025
    a = assess({2020: 90, 2025: 99, 2026: 100}, target=100, as_of=2027)
    assert a.latest == Point(2025, 99) and a.inputs["reference_year"] == 2025


def test_target_year_reached_and_missed_is_overdue():
    # 2025 value 99.6 of 100 from 90: R = P = 0.96 ≥ 0.95, but the deadline is here → overdue
    a = assess({2020: 90, 2025: 99.6}, target=100, as_of=2025)
    assert a.status is LATE and a.pace == 0.96 and "target_year_missed" in a.flags
    assert a.reason.startswith("期限2025年已到，2025年为99.6，未达到目标")


def test_as_of_before_the_data_ignores_later_values():
    a = assess({2020: 90, 2021: 92, 2023: 96}, target=100, as_of=2021)
    assert a.latest == Point(2021, 92) and a.elapsed == 0.2


# ---- directional goals -------------------------------------------------------------------------

@pytest.mark.parametrize("values, comparator, as_of, status", [
    pytest.param({2020: 50, 2023: 52}, "increase", 2023, ON, id="increase-improving"),
    pytest.param({2020: 50, 2023: 50}, "increase", 2023, LAG, id="increase-flat"),
    pytest.param({2020: 50, 2023: 50.04}, "increase", 2023, ON, id="increase-by-a-little"),
    pytest.param({2020: 50, 2025: 50}, "increase", 2025, LATE, id="increase-flat-at-deadline"),
    pytest.param({2020: 50, 2023: 49}, "increase", 2023, REG, id="increase-worse"),
    pytest.param({2020: 50, 2023: 48}, "decrease", 2023, ON, id="decrease-improving"),
    pytest.param({2020: 50, 2023: 51}, "decrease", 2023, REG, id="decrease-worse"),
    pytest.param({2020: 50, 2025: 52}, "increase", 2025, DONE, id="increase-at-target-year"),
    pytest.param({2020: 50}, "increase", 2023, NONE, id="directional-single-point"),
])
def test_directional(values, comparator, as_of, status):
    a = assess(values, comparator=comparator, as_of=as_of)
    assert a.status is status
    assert a.rule == ("no_data" if status is NONE else "directional")
    assert a.completion is None and a.pace is None


# ---- maintain, cumulative, growth, binary ------------------------------------------------------

@pytest.mark.parametrize("values, status, failing", [
    # precision 1: 99.96 is within 0.05 of 100
    pytest.param({2020: 100, 2021: 100, 2022: 99.96}, LAG, [2022], id="maintain-100-just-below"),
    pytest.param({2020: 100, 2021: 99.0}, LAG, [2021], id="maintain-100-dropped"),
    pytest.param({2020: 99.0, 2021: 100}, LAG, [2020], id="maintain-baseline-year-counts"),
    pytest.param({2022: 100}, DONE, [], id="maintain-single-point-met"),
    pytest.param({2022: 98}, LAG, [2022], id="maintain-single-point-not-met"),
])
def test_maintain(values, status, failing):
    a = assess(values, kind="maintain", target=100, as_of=2022)
    assert (a.status, a.rule) == (status, "maintain_level")
    assert a.inputs["failing_years"] == failing


@pytest.mark.parametrize("values, stock, status, completion", [
    # stock 100000 (2020) → 118000 (2023): additions 18000 of 30000 → P = 0.6, τ = 0.6, R = 1
    pytest.param({2020: 100000, 2021: 106000, 2022: 112000, 2023: 118000}, True, ON, 0.6, id="from-stock"),
    # the same as yearly additions; the 2020 addition predates the plan and is ignored
    pytest.param({2020: 9999, 2021: 6000, 2022: 6000, 2023: 6000}, False, ON, 0.6, id="yearly-additions"),
    # 10000 + 8000 + 13000 = 31000 ≥ 30000 → achieved
    pytest.param({2021: 10000, 2022: 8000, 2023: 13000}, False, DONE, 1.0333333333, id="additions-achieved"),
    # stock with no base-year value: first stock 2021, additions since then 6000 of 30000,
    # τ from 2021: (2023−2021)/(2025−2021) = 0.5 → P = 0.2, R = 0.4 → lagging
    pytest.param({2021: 106000, 2023: 112000}, True, LAG, 0.2, id="stock-missing-baseline"),
])
def test_cumulative(values, stock, status, completion):
    a = assess(values, kind="cumulative", target=30000, stock=stock, precision=0, unit="个")
    assert (a.status, a.rule) == (status, "cumulative_sum")
    assert a.completion == pytest.approx(completion)
    assert ("from_stock" in a.flags) is stock
    assert a.inputs["points"][0][1] == 0.0  # cumulative series starts at 0


def test_cumulative_cap():
    # 新增债务不超过 100: 60 so far → on_track; over 100 → regressing; within at 2025 → achieved
    assert assess({2021: 30, 2022: 30}, kind="cumulative", comparator="<=", target=100).status is ON
    over = assess({2021: 70, 2022: 40}, kind="cumulative", comparator="<=", target=100)
    assert over.status is REG and over.flags == ("cap_exceeded",)
    assert assess({2021: 50, 2025: 40}, kind="cumulative", comparator="<=", target=100,
                  as_of=2025).status is DONE


@pytest.mark.parametrize("values, status, rule, flags", [
    # 100 → 121 in two years: g = 10%, R = 10/10 = 1
    pytest.param({2020: 100, 2022: 121}, ON, "cagr", (), id="cagr-on-track"),
    # 100 → 110.25: g = 5% of 10% → R = 0.5 → lagging
    pytest.param({2020: 100, 2022: 110.25}, LAG, "cagr", (), id="cagr-lagging"),
    # implied 2025 level 100·1.1^5 = 161.051 already reached → achieved
    pytest.param({2020: 100, 2022: 170}, DONE, "cagr", (), id="cagr-already-reached"),
    # a zero inside the series: linear fallback against the implied level, no exception
    # P = (130−100)/(161.051−100) = 0.4914, τ = 0.4 → R = 1.2285 → on_track
    pytest.param({2020: 100, 2021: 0, 2022: 130}, ON, "linear_fallback", ("nonpositive_value",),
                 id="growth-zero-in-series"),
    # zero baseline: nothing to compound from
    pytest.param({2020: 0, 2021: 5, 2022: 10}, NONE, "cagr", ("cagr_undefined",), id="growth-zero-baseline"),
])
def test_growth_rate(values, status, rule, flags):
    a = assess(values, kind="growth_rate", target=10)
    assert (a.status, a.rule, a.flags) == (status, rule, flags)


def test_growth_rate_zero_required():
    # 年均增长0% (hold the level): a fall is regressing
    a = assess({2020: 100, 2022: 90}, kind="growth_rate", target=0)
    assert a.status is REG and "no_gap" in a.flags


@pytest.mark.parametrize("values, as_of, status, rule, flags", [
    pytest.param({2020: 0, 2023: 1}, 2023, DONE, "binary", (), id="binary-done"),
    pytest.param({2020: 0, 2023: 0}, 2023, NONE, "binary", ("not_yet_due",), id="binary-not-yet-due"),
    pytest.param({2020: 0, 2025: 0}, 2025, LATE, "binary", ("target_year_missed",), id="binary-deadline-passed"),
    pytest.param({2020: 0, 2024: 0}, 2026, LATE, "binary", ("target_year_missed",), id="binary-as-of-after"),
    pytest.param({2021: 1}, 2025, DONE, "binary", (), id="binary-done-long-ago-is-not-stale"),
    pytest.param({2020: 0, 2021: 0}, 2025, NONE, "no_data", ("stale",), id="binary-not-done-stale"),
])
def test_binary(values, as_of, status, rule, flags):
    a = assess(values, kind="binary", target=1, as_of=as_of)
    assert (a.status, a.rule, a.flags) == (status, rule, flags)


# ---- forecast ----------------------------------------------------------------------------------

def test_forecast_of_an_exact_line_returns_the_line():
    # 80 + 2·(year − 2020): 2025 → 90
    a = assess({2020: 80, 2021: 82, 2022: 84, 2023: 86}, target=95)
    assert a.forecast.value == pytest.approx(90) and a.forecast.points == 4 and a.forecast.meets is False


@pytest.mark.parametrize("kw, value, meets", [
    # 90 → 98 in two years: the line reaches 110 in 2025, a rate stops at 100
    pytest.param(dict(unit="%"), 100.0, True, id="rate-clipped-at-100"),
    pytest.param(dict(unit="%", max_value=105), 105.0, True, id="clipped-at-max-value"),
    pytest.param(dict(unit="人"), 110.0, True, id="not-a-rate-not-clipped"),
])
def test_forecast_clipping(kw, value, meets):
    a = assess({2020: 90, 2022: 98}, target=100, **kw)
    assert a.forecast.value == pytest.approx(value) and a.forecast.meets is meets
    assert ("forecast_clipped" in a.flags) is (value != 110.0)


def test_forecast_does_not_change_status():
    # slow so far (R = 0.5 → lagging), but the last year is steep; the status stays lagging
    a = assess({2020: 0, 2022: 0, 2023: 30}, target=100)
    assert a.status is LAG and a.forecast.value is not None


def test_recent_points_weigh_more():
    # unweighted least squares: mean year 2021.5, mean value 7.5, slope 45/5 = 9 → 2025: 7.5 + 9·3.5 = 39;
    # weighting recent years more tilts the line towards the steep last step
    a = assess({2020: 0, 2021: 0, 2022: 0, 2023: 30}, target=100)
    assert a.forecast.value > 39


# ---- shapes ------------------------------------------------------------------------------------

def test_to_dict_shape_is_fixed_and_json_ready():
    a = assess({2020: 90, 2023: 96}, target=100, region="甲县", section="二、（一）", units=("基教科", "发规科"))
    d = a.to_dict()
    assert list(d) == ["indicator", "region", "measure", "direction", "comparator", "target", "target_year",
                       "milestones", "baseline", "latest", "elapsed", "completion", "pace", "status",
                       "status_label", "reason", "forecast", "flags", "section", "units", "rule", "inputs"]
    assert d["measure"] == "level" and d["direction"] == "up" and d["milestones"] == []
    assert d["baseline"] == {"year": 2020, "value": 90.0} and d["forecast"].keys() == {"value", "points", "meets"}
    assert d["units"] == ["基教科", "发规科"] and d["status"] == "on_track"
    json.dumps(d, allow_nan=False)


def test_no_data_dict_keeps_the_shape():
    d = assess({}, target=100).to_dict()
    assert d["baseline"] == {"year": None, "value": None} and d["latest"] == {"year": None, "value": None}
    assert d["forecast"] == {"value": None, "points": 0, "meets": None}


def test_overflowing_sums_stay_json_ready():
    # 1e308 + 1e308 overflows to inf: no exception, no inf in the JSON
    a = assess({2021: 1e308, 2022: 1e308}, kind="cumulative", target=1e308)
    json.dumps(a.to_dict(), allow_nan=False)
    assert a.to_dict()["latest"]["value"] is None


def test_every_flag_has_a_label_and_rules_are_known():
    assert set(FLAG_LABELS) == set(FLAGS)
    a = assess({2020: 90, 2023: 96}, target=100)
    assert a.rule in RULES
