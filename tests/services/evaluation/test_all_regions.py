"""evaluate_plan_all_regions: the vectorised path agrees with evaluating each region alone."""

from __future__ import annotations

import math

import pytest

from eduplan.errors import NotFoundError
from eduplan.evaluate import STATUSES
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.evaluation.results import evaluate_plan_all_regions, evaluate_plan_targets
from tests.services.evaluation.helpers import indicator, make_plan, observe


def nan_to_none(x: float) -> float | None:
    return None if math.isnan(x) else x


def test_every_county_matches_the_single_region_evaluation(engine):
    load_regions(engine)
    rate = indicator(engine, "入园率")
    myopia = indicator(engine, "近视率", direction="down")
    seats = indicator(engine, "新增学位", unit="个", kind="cumulative", max_value=None)
    plan, ids = make_plan(engine, targets=[
        {"key": "rate", "name": "入园率", "value": 99, "indicator": rate, "baseline_year": 2020, "baseline_value": 90},
        {"key": "rate-2022", "name": "入园率", "value": 97, "year": 2022, "indicator": rate},
        {"key": "myopia", "name": "近视率", "comparator": "decrease", "value": None, "indicator": myopia},
        {"key": "seats", "name": "新增学位", "value": 1000, "unit": "个", "indicator": seats},
        {"key": "unlinked", "name": "未关联指标", "value": 5},
    ])
    observe(engine, rate, "瑞安市", {2020: 95, 2021: 96, 2023: 98})
    observe(engine, rate, "洞头区", {2020: 90, 2022: 91, 2023: 90.5})
    observe(engine, rate, "鹿城区", {2021: 99.5})
    observe(engine, rate, "温州市", {2020: 10, 2023: 99})  # a city: not compared with counties
    observe(engine, myopia, "瑞安市", {2020: 52, 2023: 50})
    observe(engine, myopia, "青田县", {2020: 52, 2023: 53})
    observe(engine, seats, "瑞安市", {2021: 200, 2022: 300, 2023: 150})
    observe(engine, seats, "缙云县", {2021: 100, 2024: 900})

    many = evaluate_plan_all_regions(engine, plan, as_of=2023)
    assert many.level == "county" and "温州市" not in many.region_names and "瑞安市" in many.region_names
    # one target per indicator: the 2022 statement of 入园率 is a milestone of the 2025 one
    assert [t.target_id for t in many.targets] == [ids[k] for k in ("rate", "myopia", "seats", "unlinked")]
    assert many.targets[0].spec.milestones == {2022: 97.0}
    assert many.counts.sum(axis=1).tolist() == [4] * len(many.region_ids)
    for i, name in enumerate(many.region_names):
        single = evaluate_plan_targets(engine, plan, as_of=2023, region=name)
        stated = {one.target_id for one in single.targets if one.baseline_source != "observation"}
        # the plan states the 2020 baseline of 入园率 for its own region only; the
        # all-region comparison uses every region's own data
        assert stated == ({ids["rate"]} if name == "瑞安市" else set())
        if not stated:
            assert many.counts_for(name) == dict(single.evaluation.summary.counts)
        for arrays, one in zip(many.targets, single.targets, strict=True):
            a = one.assessment
            if one.target_id in stated:
                continue
            assert arrays.status_of(i) is a.status, (name, one.target_name, a.reason)
            assert nan_to_none(arrays.completion[i]) == pytest.approx(a.completion)
            assert nan_to_none(arrays.pace[i]) == pytest.approx(a.pace)
            assert nan_to_none(arrays.latest_value[i]) == (a.latest.value if a.latest else None)
    # the plan's stated baseline (90) describes 瑞安市 alone: every region uses its own data
    ruian = many.index_of("瑞安市")
    assert STATUSES[many.targets[0].status[ruian]].value == "on_track"  # 95 → 98 of 99: P 0.75, R 1.25
    assert many.targets[0].completion[ruian] == pytest.approx(0.75)
    assert many.counts_for("330381") == many.counts_for("瑞安市")


def test_unknown_level_is_an_error(engine):
    load_regions(engine)
    plan, _ = make_plan(engine, targets=[{"name": "甲", "value": 1}])
    with pytest.raises(NotFoundError):
        evaluate_plan_all_regions(engine, plan, as_of=2023, level="township")
