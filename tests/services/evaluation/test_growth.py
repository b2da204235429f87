"""年均增长X% targets whose data are yearly growth rates in %: chained into a level index."""

from __future__ import annotations

import pytest

from eduplan.evaluate import Point, TargetSpec
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.evaluation.growth import as_levels, rate_index
from eduplan.services.evaluation.results import evaluate_plan_all_regions, evaluate_plan_targets
from tests.services.evaluation.helpers import indicator, make_plan, observe


def test_rates_chain_from_the_base_year():
    index = rate_index([Point(2021, 10.0), Point(2022, -10.0), Point(2023, 5.0)], 2020)
    assert [p.year for p in index] == [2020, 2021, 2022, 2023]
    assert [p.value for p in index] == pytest.approx([100, 110, 99, 103.95])


def test_a_missing_year_stops_the_chain_and_no_rate_gives_nothing():
    assert [p.year for p in rate_index([Point(2021, 4.0), Point(2023, 5.0)], 2020)] == [2020, 2021]
    assert rate_index([Point(2023, 5.0)], 2020) == []
    assert rate_index([], 2020) == []
    assert [p.year for p in rate_index([Point(2022, 3.0)], None)] == [2021, 2022]  # no base year: the year before


def test_only_growth_targets_in_percent_are_chained():
    points = [Point(2020, 150.0), Point(2023, 168.0)]
    amounts = TargetSpec("教育经费年均增长", target=6, target_year=2025, base_year=2020, kind="growth_rate", unit="亿元")
    assert as_levels(amounts, points) == (amounts, points)
    rates = TargetSpec("教育经费年均增长", target=6, target_year=2025, base_year=2020, kind="growth_rate", unit="%",
                       baseline=Point(2020, 5.0))
    spec, index = as_levels(rates, [Point(2021, 4.0)])
    assert spec.baseline is None and spec.effective_base_year == 2020 and index == [Point(2020, 100.0),
                                                                                     Point(2021, 104.0)]


def test_a_plan_judges_yearly_rates_as_compound_growth_on_both_paths(engine):
    load_regions(engine)
    rate = indicator(engine, "财政教育经费年均增长率", kind="growth_rate", max_value=None)
    plan, _ = make_plan(engine, targets=[{"name": "财政教育经费年均增长", "value": 6, "indicator": rate}])
    # 8, 4, 4 average (1.08·1.04·1.04)^(1/3) − 1 = 5.32% a year: R = 0.89 → at_risk. Read as
    # levels the rates would "fall" from 8 to 4: regressing.
    observe(engine, rate, "瑞安市", {2021: 8, 2022: 4, 2023: 4})
    [target] = evaluate_plan_targets(engine, plan, as_of=2023).targets
    a = target.assessment
    assert a.inputs["actual_rate"] == pytest.approx(5.32, abs=0.005)
    assert a.pace == pytest.approx(0.887, abs=0.001) and a.status.value == "at_risk"
    many = evaluate_plan_all_regions(engine, plan, as_of=2023)
    at = many.index_of("瑞安市")
    assert many.targets[0].status_of(at) is a.status and many.targets[0].pace[at] == pytest.approx(a.pace)
