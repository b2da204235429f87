"""Every measure and every status, hand-computed (helpers.spec: base year 2020, target year
2025, as_of 2023 unless stated; τ = 0.6)."""

from __future__ import annotations

import pytest

from eduplan.domain import Measure, Status
from eduplan.evaluate import Point, evaluate_many, evaluate_target
from tests.evaluate.helpers import assess, spec

ON, RISK, LAG, REG, DONE, NONE, LATE = (Status.ON_TRACK, Status.AT_RISK, Status.LAGGING, Status.REGRESSING,
                                        Status.ACHIEVED, Status.NO_DATA, Status.OVERDUE)


# ---- level ------------------------------------------------------------------------------

@pytest.mark.parametrize("values, kw, as_of, status, flag", [
    # the 2023 milestone 97 is missed by 96.5: pace on the path (96.5 − 95)/(97 − 95) = 0.75
    # would be at_risk; a missed plan milestone makes it lagging
    pytest.param({2020: 95, 2023: 96.5}, dict(target=98, milestones={2023: 97}), 2023, LAG, "milestone_missed",
                 id="2023-milestone-missed"),
    # the same milestone met: R = (97 − 95)/(97 − 95) = 1
    pytest.param({2020: 95, 2023: 97}, dict(target=98, milestones={2023: 97}), 2023, ON, None,
                 id="2023-milestone-met"),
    # missed in 2023 and still below it in 2024: lagging (the milestone's own deadline is not the target's)
    pytest.param({2020: 95, 2023: 96.5, 2024: 96.8}, dict(target=98, milestones={2023: 97}), 2024, LAG,
                 "milestone_missed", id="milestone-still-missed-next-year"),
    # 97.96 against ≥ 98 is not achieved: P = 1.96/2 = 0.98, R = 1.63 → on_track
    pytest.param({2020: 96, 2023: 97.96}, dict(target=98), 2023, ON, None, id="97.96-is-not-98"),
    pytest.param({2020: 96, 2023: 98}, dict(target=98), 2023, DONE, None, id="98-is-98"),
    # 15.20 against 15.22 (2024 milestone of a yearly table) is missed
    pytest.param({2022: 15.15, 2024: 15.20}, dict(target=15.3, base_year=2022, target_year=2027,
                                                  milestones={2023: 15.15, 2024: 15.22}), 2024, LAG,
                 "milestone_missed", id="15.20-is-not-15.22"),
    # due 2021, 55 in 2021 against ≥ 60: the deadline passed unmet → overdue
    pytest.param({2020: 40, 2021: 55, 2023: 59}, dict(target=60, target_year=2021), 2023, LATE,
                 "target_year_missed", id="due-2021-missed"),
    # due 2021, only a value from after it (no 2021 data, no baseline): judged on 2022 → overdue
    pytest.param({2022: 58}, dict(target=60, target_year=2021), 2023, LATE, "late_evidence",
                 id="due-2021-no-2021-value"),
    # due 2021, met in 2022: achieved (late)
    pytest.param({2020: 40, 2022: 61}, dict(target=60, target_year=2021), 2023, DONE, "late_evidence",
                 id="due-2021-met-late"),
    # the deadline passed, the latest value is from before it and misses: overdue
    pytest.param({2020: 40, 2022: 50}, dict(target=60, target_year=2023), 2024, LATE, "deadline_no_data",
                 id="deadline-passed-without-its-value"),
    # a lower-is-better index as a table gives it: ≤ 0.45 with values 0.50 → 0.44
    pytest.param({2020: 0.50, 2023: 0.44}, dict(comparator="<=", target=0.40, milestones={2023: 0.45},
                                                precision=2), 2023, ON, None, id="lower-is-better-index"),
])
def test_level(values, kw, as_of, status, flag):
    a = assess(values, as_of=as_of, **kw)
    assert a.status is status, a.reason
    if flag:
        assert flag in a.flags


def test_a_missed_milestone_is_named_in_the_reason_and_interpolation_is_a_reference():
    a = assess({2020: 95, 2023: 96.5}, target=98, milestones={2023: 97})
    assert a.reason.startswith("2023年阶段目标（不低于97）未实现，2023年为96.5")
    between = assess({2020: 40, 2022: 45}, as_of=2022, target=70, milestones={2023: 50})
    assert "序时进度参考值46.7" in between.reason and "年度目标" not in between.reason
    straight = assess({2020: 90, 2022: 93}, as_of=2022, target=100)
    assert straight.inputs["expected"] == 94 and straight.inputs["expected_is_milestone"] is False


def test_time_share_comes_from_the_plan_period_not_the_first_year_with_data():
    # data from 2021 on (no 2020 value): τ is still (2023 − 2020)/(2025 − 2020) = 0.6
    assert assess({2021: 50, 2023: 60}, target=80).elapsed == 0.6
    assert assess({2020: 50, 2023: 60}, target=80).elapsed == 0.6


def test_at_risk_whose_forecast_meets_the_target_is_on_track():
    # path 35.41 (2020) → milestone 50 (2021) → 65 (2025): 序时进度参考值 in 2023 is 57.5;
    # R = (56 − 35.41)/(57.5 − 35.41) = 0.932 → at_risk by pace, but the recency-weighted
    # line through 35.41, 48, 52, 56 reaches 69.6 by 2025 → on_track, the forecast named
    values = {2020: 35.41, 2021: 48, 2022: 52, 2023: 56}
    a = assess(values, target=65, milestones={2021: 50})
    assert a.pace == pytest.approx(0.932095971) and a.forecast.meets is True
    assert a.status is ON and "forecast_on_track" in a.flags and "按趋势预测2025年可达69.6" in a.reason
    # a straight line that falls short stays at_risk
    b = assess({2020: 0, 2021: 18, 2022: 36, 2023: 54}, target=100)
    assert b.status is RISK and b.forecast.meets is False


# ---- per year -------------------------------------------------------------------------

@pytest.mark.parametrize("values, as_of, status, failing", [
    pytest.param({2021: 1200, 2022: 1100, 2023: 900}, 2023, LAG, [2023], id="1200-1100-900-lagging"),
    pytest.param({2021: 900, 2022: 1100, 2023: 1200}, 2023, RISK, [2021], id="an-earlier-year-missed"),
    pytest.param({2021: 1000, 2022: 1100, 2023: 1200}, 2023, ON, [], id="every-year-met"),
    pytest.param({2021: 1000, 2022: 1100, 2023: 1200, 2024: 1000, 2025: 1050}, 2025, DONE, [], id="all-years-done"),
    pytest.param({2021: 1000, 2022: 1100, 2023: 1200, 2024: 1000, 2025: 990}, 2025, LATE, [2025],
                 id="deadline-year-missed"),
])
def test_per_year(values, as_of, status, failing):
    a = assess(values, as_of=as_of, measure="per_year", target=1000, unit="人次")
    assert a.status is status, a.reason
    assert a.inputs["failing_years"] == failing
    assert a.baseline is None and a.latest.year == max(values)


def test_per_year_from_running_totals():
    # totals 1200, 2300, 3200 → yearly 1200, 1100, 900 → the latest year missed
    points = [Point(2021, 1200, "total"), Point(2022, 2300, "total"), Point(2023, 3200, "total")]
    a = evaluate_target(spec(measure="per_year", target=1000), points, as_of=2023)
    assert a.status is LAG and a.inputs["points"] == [[2021, 1200.0], [2022, 1100.0], [2023, 900.0]]


# ---- cumulative -----------------------------------------------------------------------

def test_running_totals_are_not_double_counted():
    # 新增公办幼儿园 30所: running totals 6, 13, 18 → 18 of 30, P = 0.6, R = 1 → on_track
    totals = [Point(2021, 6, "total"), Point(2022, 13, "total"), Point(2023, 18, "total")]
    a = evaluate_target(spec(kind="cumulative", target=30, unit="所"), totals, as_of=2023)
    assert a.status is ON and a.latest == Point(2023, 18) and a.completion == pytest.approx(0.6)
    # the same numbers as yearly additions sum to 37 ≥ 30: achieved
    additions = [Point(2021, 6), Point(2022, 13), Point(2023, 18)]
    assert evaluate_target(spec(kind="cumulative", target=30), additions, as_of=2023).status is DONE
    # mixed: 6 added in 2021, then running totals
    mixed = [Point(2021, 6, "addition"), Point(2022, 13, "total"), Point(2023, 2, "addition")]
    assert evaluate_target(spec(kind="cumulative", target=30), mixed, as_of=2023).latest == Point(2023, 15)


def test_a_falling_running_total_is_ignored_and_flagged():
    a = evaluate_target(spec(kind="cumulative", target=30),
                        [Point(2021, 10, "total"), Point(2022, 8, "total")], as_of=2022)
    assert "total_fell" in a.flags and a.latest == Point(2022, 10)


def test_cumulative_with_milestones_and_deadline():
    # 到2022年15所, 到2025年30所: additions 5, 5 → 10 by 2022 < 15: the milestone missed
    a = assess({2021: 5, 2022: 5}, as_of=2022, kind="cumulative", target=30, milestones={2022: 15})
    assert a.status is LAG and "milestone_missed" in a.flags
    late = assess({2021: 5, 2022: 5, 2023: 5, 2024: 5, 2025: 5}, as_of=2025, kind="cumulative", target=30)
    assert late.status is LATE and late.latest == Point(2025, 25)


# ---- yearly amounts --------------------------------------------------------------------

@pytest.mark.parametrize("values, as_of, status", [
    # amounts 9.7 / 13.4 / 12.8 / 8.6 (2022–2025): 2023's 11.2 misses 13.4 → lagging, never
    # "−766.7% 滞后" against 8.6 as a level
    pytest.param({2022: 9.8, 2023: 11.2}, 2023, LAG, id="2023-below-its-amount"),
    pytest.param({2022: 9.0, 2023: 13.5}, 2023, RISK, id="only-an-earlier-year-below"),
    pytest.param({2022: 9.7, 2023: 13.4}, 2023, ON, id="each-year-its-amount"),
    pytest.param({2022: 9.7, 2023: 13.4, 2024: 12.8, 2025: 8.6}, 2025, DONE, id="all-years"),
    pytest.param({2022: 9.7, 2023: 13.4, 2024: 12.8, 2025: 8.0}, 2025, LATE, id="last-year-below"),
])
def test_yearly_amount(values, as_of, status):
    a = assess(values, as_of=as_of, measure="yearly_amount", comparator="=", target=8.6,
               milestones={2022: 9.7, 2023: 13.4, 2024: 12.8}, base_year=2021)
    assert a.status is status, a.reason
    assert a.forecast.value is None  # no level to extrapolate


def test_yearly_amount_completion_is_spending_so_far_over_all_amounts():
    a = assess({2022: 9.7, 2023: 13.4}, measure="yearly_amount", target=8.6,
               milestones={2022: 9.7, 2023: 13.4, 2024: 12.8}, base_year=2021)
    assert a.completion == pytest.approx((9.7 + 13.4) / (9.7 + 13.4 + 12.8 + 8.6))
    assert [m["value"] for m in a.to_dict()["milestones"]] == [9.7, 13.4, 12.8, 8.6]


# ---- binary, rank, maintain, directional ----------------------------------------------

@pytest.mark.parametrize("values, kw, as_of, status", [
    pytest.param({2023: 0}, dict(target_year=2022), 2023, LATE, id="due-2022-still-0-in-2023"),
    pytest.param({2021: 0}, dict(target_year=2022), 2022, NONE, id="not-yet-due-no-value-for-2022"),
    pytest.param({2022: 0}, dict(target_year=2022), 2022, LATE, id="deadline-year-0"),
    pytest.param({2021: 0, 2022: 1}, dict(target_year=2022), 2023, DONE, id="done-in-time"),
])
def test_binary(values, kw, as_of, status):
    a = assess(values, as_of=as_of, measure="binary", **kw)
    assert a.status is status, a.reason


def test_rank_lower_is_better():
    # 进入全市前5名: 9 → 7 by 2023: P = 2/4 = 0.5, R = 0.83 → at_risk; 5th is achieved
    a = assess({2020: 9, 2023: 7}, measure="rank", comparator="<=", target=5)
    assert a.status is RISK and a.to_dict()["direction"] == "down" and a.pace == pytest.approx(0.5 / 0.6)
    assert assess({2020: 9, 2023: 5}, measure="rank", comparator="<=", target=5).status is DONE
    assert assess({2020: 9, 2025: 6}, measure="rank", comparator="<=", target=5, as_of=2025).status is LATE


def test_maintain_at_the_deadline():
    assert assess({2020: 100, 2025: 99}, kind="maintain", target=100, as_of=2025).status is LATE
    assert assess({2020: 100, 2022: 99, 2023: 100}, kind="maintain", target=100).status is LAG


def test_directional_at_the_deadline():
    assert assess({2020: 50, 2025: 49}, comparator="increase", as_of=2025).status is LATE
    assert assess({2020: 50, 2025: 51}, comparator="increase", as_of=2025).status is DONE


def test_measure_and_direction_are_in_the_contract():
    d = assess({2020: 0.5, 2023: 0.44}, comparator="<=", target=0.4, milestones={2023: 0.45}).to_dict()
    assert (d["measure"], d["direction"], d["milestones"]) == ("level", "down", [{"year": 2023, "value": 0.45}])
    assert d["status_label"] == "符合或快于预期"


@pytest.mark.parametrize("measure", [m.value for m in Measure])
def test_vector_path_agrees_for_every_measure(measure):
    kw = dict(measure=measure, target=None if measure == "directional" else 50,
              comparator="increase" if measure == "directional" else "<=" if measure == "rank" else ">=",
              milestones={2022: 45} if measure in ("level", "yearly_amount", "cumulative") else {})
    s = spec(**kw)
    data = [("甲", 2020, 40), ("甲", 2021, 44), ("甲", 2022, 46), ("甲", 2023, 48), ("乙", 2021, 60), ("乙", 2023, 55),
            ("丙", 2024, 51), ("丁", 2020, 1), ("丁", 2023, 0)]
    regions, years, values = zip(*data, strict=True)
    for as_of in (2022, 2023, 2025, 2026):
        many = evaluate_many(s, list(regions), list(years), list(values), as_of=as_of)
        for i, region in enumerate(many.regions.tolist()):
            points = [Point(y, v) for r, y, v in data if r == region]
            one = evaluate_target(s, points, as_of=as_of)
            assert many.status_of(i) is one.status, (measure, region, as_of, one.reason)
