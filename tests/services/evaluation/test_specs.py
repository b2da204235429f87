"""How the evaluation service builds each TargetSpec from the database (both databases)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from eduplan.errors import NotFoundError
from eduplan.evaluate import Point
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.evaluation.results import evaluate_plan_targets
from tests.services.evaluation.helpers import indicator, make_plan, observe


@pytest.fixture
def regions(engine):
    load_regions(engine)
    return engine


def by_key(result, ids):
    return {key: next(t for t in result.targets if t.target_id == target_id)
            for key, target_id in ids.items() if any(t.target_id == target_id for t in result.targets)}


def test_baseline_from_the_plans_actual_target(regions):
    engine = regions
    cover = indicator(engine, "公办园覆盖面")
    plan, ids = make_plan(engine, targets=[
        {"key": "old", "name": "公办园覆盖面", "kind": "actual", "value": 30, "year": 2019, "indicator": cover},
        {"key": "other", "name": "公办园和公益园覆盖面", "kind": "actual", "value": 99, "year": 2020,
         "indicator": cover, "start": 500},
        {"key": "table", "name": "公办园覆盖面", "kind": "actual", "value": 35.4, "year": 2020, "indicator": cover},
        {"key": "goal", "name": "公办园覆盖面", "value": 65, "year": 2025, "indicator": cover},
        {"key": "later", "name": "公办园覆盖面", "kind": "actual", "value": 45, "year": 2022, "indicator": cover},
    ])
    observe(engine, cover, "瑞安市", {2020: 36, 2023: 53.4})
    result = evaluate_plan_targets(engine, plan, as_of=2023)
    [goal] = result.targets  # actual rows are reported values, not commitments
    # same wording first, then the latest year up to the base year (2022 is after it)
    assert goal.baseline_source == "actual_target"
    assert goal.assessment.spec.baseline == Point(2020, 35.4)
    assert goal.assessment.baseline == Point(2020, 35.4)  # the stated value beats the 2020 observation
    # P = (53.4 − 35.4) / (65 − 35.4) = 18 / 29.6; R = P / 0.6
    assert goal.assessment.completion == pytest.approx(18 / 29.6)
    assert goal.assessment.pace == pytest.approx(18 / 29.6 / 0.6)


def test_baseline_from_target_fields_then_a_sibling_then_the_observation(regions):
    engine = regions
    rate, seats = indicator(engine, "入园率"), indicator(engine, "学位数", unit="个", max_value=None)
    plan, ids = make_plan(engine, targets=[
        {"key": "own", "name": "入园率", "value": 99, "year": 2025, "indicator": rate,
         "baseline_year": 2020, "baseline_value": 97},
        {"key": "sibling", "name": "入园率", "value": 98, "year": 2022, "indicator": rate},
        {"key": "observed", "name": "学位数", "value": 5000, "year": 2025, "indicator": seats, "unit": "个"},
    ])
    observe(engine, rate, "瑞安市", {2020: 96, 2022: 98.5})
    observe(engine, seats, "瑞安市", {2020: 4000, 2021: 4200, 2023: 4700})
    t = by_key(evaluate_plan_targets(engine, plan, as_of=2023), ids)
    assert (t["own"].baseline_source, t["own"].assessment.baseline) == ("target_baseline", Point(2020, 97))
    # the 2022 statement is the 2025 target's milestone, not a target of its own
    assert "sibling" not in t and t["own"].assessment.spec.milestones == {2022: 98.0}
    observed = t["observed"]
    assert observed.baseline_source == "observation"
    assert observed.assessment.spec.baseline is None and observed.assessment.spec.base_year == 2020
    assert observed.assessment.baseline == Point(2020, 4000)
    # 700 of 1000 in 3 of 5 years: P = 0.7, R = 0.7 / 0.6
    assert observed.assessment.completion == pytest.approx(0.7)
    assert observed.status.value == "on_track"


def test_earlier_statements_are_milestones_of_one_target(regions):
    engine = regions
    schools = indicator(engine, "省现代化学校数", unit="所", max_value=None)
    plan, ids = make_plan(engine, targets=[
        {"key": "final", "name": "省现代化学校", "value": 30, "year": 2025, "indicator": schools, "unit": "所"},
        {"key": "step", "name": "省现代化学校", "value": 15, "year": 2022, "indicator": schools, "unit": "所",
         "review_state": "confirmed"},
        {"key": "typo", "name": "省现代化学校", "value": 14, "year": 2022, "indicator": schools, "unit": "所"},
        {"key": "cap", "name": "省现代化学校", "comparator": "<=", "value": 40, "year": 2023,
         "indicator": schools, "unit": "所"},
        {"key": "up", "name": "省现代化学校", "comparator": "increase", "year": 2024, "indicator": schools},
    ])
    observe(engine, schools, "瑞安市", {2020: 5, 2021: 9, 2022: 14, 2023: 19})
    result = evaluate_plan_targets(engine, plan, as_of=2023)
    t = by_key(result, ids)
    final = t["final"].assessment
    # one milestone per year (the confirmed one), same direction only, values only
    assert final.spec.milestones == {2022: 15.0}
    # path 2020 5 → 2022 15 → 2025 30: 序时进度参考值 20 in 2023; R = (19 − 5) / (20 − 5); the
    # 2022 milestone (15) is met by the latest value 19, so no milestone is missed now
    assert final.rule == "milestone" and final.pace == pytest.approx(14 / 15)
    assert final.status.value == "at_risk" and "序时进度参考值20" in final.reason
    # the ≤ 40 cap is a commitment of its own (another direction); the milestones and the
    # 提高 restatement are not targets: one entry per indicator and commitment
    assert set(t) == {"final", "cap"}
    assert len(result.evaluation.targets) == 2 == sum(result.evaluation.summary.counts.values())
    assert t["cap"].assessment.status.value == "achieved"


def test_a_missed_milestone_makes_the_target_lagging(regions):
    engine = regions
    schools = indicator(engine, "省现代化学校数", unit="所", max_value=None)
    plan, ids = make_plan(engine, targets=[
        {"key": "final", "name": "省现代化学校", "value": 30, "year": 2025, "indicator": schools, "unit": "所"},
        {"key": "step", "name": "省现代化学校", "value": 15, "year": 2022, "indicator": schools, "unit": "所"},
    ])
    # 2022 milestone 15, 2022 value 14: missed. Path 5 → 15 (2022): expected 15, R = 9 / 10 = 0.9
    # would be at_risk; the missed milestone makes it lagging and the reason names it
    observe(engine, schools, "瑞安市", {2020: 5, 2021: 9, 2022: 14})
    [final] = evaluate_plan_targets(engine, plan, as_of=2022).targets
    a = final.assessment
    assert a.pace == pytest.approx(0.9) and a.status.value == "lagging"
    assert "milestone_missed" in a.flags and a.reason.startswith("2022年阶段目标（不低于15）未实现，2022年为14")


def test_region_override_uses_that_regions_observations_not_the_stated_baseline(regions):
    engine = regions
    rate = indicator(engine, "巩固率")
    plan, ids = make_plan(engine, targets=[
        {"key": "goal", "name": "巩固率", "value": 99, "year": 2025, "indicator": rate,
         "baseline_year": 2020, "baseline_value": 97},
    ])
    observe(engine, rate, "瑞安市", {2020: 97, 2023: 99.5})
    observe(engine, rate, "洞头区", {2020: 90, 2023: 93})
    own = evaluate_plan_targets(engine, plan, as_of=2023)
    assert own.region is None and own.targets[0].region == "瑞安市"
    assert own.targets[0].status.value == "achieved"
    for ref in ("洞头区", "330305", "洞头"):
        other = evaluate_plan_targets(engine, plan, as_of=2023, region=ref)
        [t] = other.targets
        assert other.region == "洞头区" and t.region == "洞头区" and t.assessment.spec.region == "洞头区"
        assert t.baseline_source == "observation" and t.assessment.baseline == Point(2020, 90)
        assert t.assessment.completion == pytest.approx(3 / 9)
    with pytest.raises(NotFoundError):
        evaluate_plan_targets(engine, plan, as_of=2023, region="火星县")


def test_a_targets_own_region_beats_the_plans(regions):
    engine = regions
    rate = indicator(engine, "入学率")
    plan, ids = make_plan(engine, targets=[
        {"key": "county", "name": "入学率", "value": 99, "indicator": rate, "region": "鹿城区"},
        {"key": "plan", "name": "入学率", "value": 99, "indicator": rate},
    ])
    observe(engine, rate, "鹿城区", {2020: 95, 2023: 99})
    t = by_key(evaluate_plan_targets(engine, plan, as_of=2023), ids)
    assert t["county"].region == "鹿城区" and t["county"].status.value == "achieved"
    assert t["plan"].region == "瑞安市" and t["plan"].status.value == "no_data"
    # different regions: not each other's milestones
    assert t["county"].milestone_of is None and t["plan"].milestone_of is None


@pytest.mark.parametrize(("name", "comparator", "unit", "kind", "direction"), [
    pytest.param("学生近视率", "<=", "%", "level", "down", id="down-rate"),
    pytest.param("新增学位", ">=", "个", "cumulative", "up", id="additions"),
    pytest.param("教育经费年均增长", ">=", "%", "growth_rate", "up", id="growth"),
])
def test_unlinked_targets_get_a_guessed_indicator(regions, name, comparator, unit, kind, direction):
    engine = regions
    plan, _ = make_plan(engine, targets=[{"name": name, "comparator": comparator, "value": 5, "unit": unit}])
    [t] = evaluate_plan_targets(engine, plan, as_of=2023).targets
    assert t.indicator_guessed and t.indicator_id is None and t.indicator_name == name
    spec = t.assessment.spec
    assert (spec.kind.value, spec.direction.value) == (kind, direction)
    assert t.status.value == "no_data" and "no_observations" in t.assessment.flags


def test_linked_indicator_properties_are_used(regions):
    engine = regions
    kept = indicator(engine, "等级幼儿园占比", kind="maintain", precision=2, max_value=100)
    plan, _ = make_plan(engine, targets=[{"name": "等级幼儿园占比", "value": 99, "indicator": kept}])
    [t] = evaluate_plan_targets(engine, plan, as_of=2023).targets
    assert not t.indicator_guessed
    assert (t.assessment.spec.kind.value, t.assessment.spec.precision, t.assessment.spec.max_value) == (
        "maintain", 2, 100.0)


def test_rejected_valueless_and_actual_targets_are_left_out(regions):
    engine = regions
    plan, ids = make_plan(engine, period=(2021, 2025), targets=[
        {"key": "rejected", "name": "甲", "value": 1, "review_state": "rejected"},
        {"key": "empty", "name": "乙", "value": None},
        {"key": "actual", "name": "丙", "value": 3, "kind": "actual", "year": 2020},
        {"key": "up", "name": "丁", "comparator": "increase", "value": None},
        {"key": "no_year", "name": "戊", "value": 5, "year": None},
    ])
    result = evaluate_plan_targets(engine, plan, as_of=2023)
    assert {t.target_id for t in result.targets} == {ids["up"], ids["no_year"]}
    assert next(t for t in result.targets if t.target_id == ids["no_year"]).assessment.spec.target_year == 2025
    skipped = {s.target_id: s.reason for s in result.skipped}
    assert set(skipped) == {ids["rejected"], ids["empty"]}
    assert "否决" in skipped[ids["rejected"]] and "数值" in skipped[ids["empty"]]

    undated, ids = make_plan(engine, period=None, targets=[{"key": "x", "name": "己", "value": 5, "year": None}])
    result = evaluate_plan_targets(engine, undated, as_of=2023)
    assert not result.targets and "年份" in result.skipped[0].reason and result.period is None


def test_units_chapters_and_sections(regions):
    engine = regions
    plan, ids = make_plan(
        engine,
        sections=[("ch", None, "三、", "主要任务"), ("sub", "ch", "（一）", "学前教育"), ("other", "ch", "（二）", "义务教育")],
        targets=[
            {"key": "own", "name": "甲", "value": 1, "section": "sub", "units": ["市教育局"]},
            {"key": "task", "name": "乙", "value": 1, "section": "sub"},
            {"key": "none", "name": "丙", "value": 1, "section": "other"},
            {"key": "loose", "name": "丁", "value": 1},
        ],
        tasks=[("sub", ["市财政局", "市教育局"]), ("sub", ["市人社局", "市财政局"])],
    )
    t = by_key(evaluate_plan_targets(engine, plan, as_of=2023), ids)
    assert t["own"].units == ("市教育局",)
    # no units of its own: those of the section's tasks, in task order, each once
    assert set(t["task"].units) == {"市教育局", "市财政局", "市人社局"} and t["task"].units[-1] == "市人社局"
    assert t["none"].units == ()
    assert (t["task"].chapter_number, t["task"].chapter_title) == ("三、", "主要任务")
    assert (t["task"].section_number, t["task"].section_title) == ("（一）", "学前教育")
    assert t["task"].assessment.spec.section == "三、主要任务"
    assert t["loose"].chapter_id is None and t["loose"].assessment.spec.section is None


def test_a_handful_of_queries_whatever_the_number_of_targets(regions):
    engine = regions
    ids = [indicator(engine, f"指标{i}") for i in range(30)]
    small, _ = make_plan(engine, targets=[{"name": "指标0", "value": 90, "indicator": ids[0]}])
    big, _ = make_plan(engine, sections=[("ch", None, "一、", "目标")], tasks=[("ch", ["市教育局"])], targets=[
        {"name": f"指标{i}", "value": 90, "indicator": ids[i], "section": "ch", "units": ["市教育局"]}
        for i in range(30)] + [{"name": "指标1", "value": 80, "year": 2022, "indicator": ids[1]}])
    for i in ids:
        observe(engine, i, "瑞安市", {2020: 80, 2023: 86})

    def queries(plan: int) -> int:
        seen = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            result = evaluate_plan_targets(engine, plan, as_of=2023)
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        assert all(t.status.value != "no_data" for t in result.targets)
        return len(seen)

    assert queries(big) == queries(small) <= 12


def test_to_dict_has_the_contract_keys(regions):
    engine = regions
    rate = indicator(engine, "入园率")
    plan, _ = make_plan(engine, targets=[{"name": "入园率", "value": 99, "indicator": rate, "units": ["市教育局"]}])
    observe(engine, rate, "瑞安市", {2020: 97, 2022: 98})
    data = evaluate_plan_targets(engine, plan, as_of=2023).to_dict()
    assert list(data) == ["plan", "as_of", "period", "review", "summary", "targets"]
    assert list(data["summary"]) == ["elapsed", "median_completion", "counts"]
    assert data["review"] == {"include_unreviewed": False, "evaluated": 1, "unreviewed": 0, "left_out": 0,
                              "note": None}
    [row] = data["targets"]
    contract = ["indicator", "region", "measure", "direction", "comparator", "target", "target_year", "milestones",
                "baseline", "latest", "elapsed", "completion", "pace", "status", "status_label", "reason",
                "forecast", "flags", "section", "units"]
    assert [k for k in row if k in contract] == contract
    assert set(row) - set(contract) == {"id", "rule", "inputs", "reviewed", "unapproved_years", "quote"}
    assert (row["measure"], row["direction"], row["milestones"]) == ("level", "up", [])
    assert row["unapproved_years"] == [2020, 2022]  # nothing approved yet
    assert row["baseline"] == {"year": 2020, "value": 97.0} and row["latest"] == {"year": 2022, "value": 98.0}
    assert set(row["forecast"]) == {"value", "points", "meets"} and row["units"] == ["市教育局"]
