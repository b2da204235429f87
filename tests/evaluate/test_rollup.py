"""Roll-ups, the 时间过半、任务过半 line and its sentence, rankings for 晾晒."""

from __future__ import annotations

import pytest

from eduplan.domain import Status
from eduplan.evaluate import (
    PlanSummary,
    Point,
    TargetSpec,
    describe_counts,
    describe_summary,
    evaluate_plan,
    evaluate_target,
    rank_by_indicator,
    rank_by_on_track,
    rollup_by_region,
    rollup_by_section,
    rollup_by_unit,
    time_share,
)
from tests.evaluate.helpers import series, spec

PRE, COMPULSORY = "一、学前教育", "二、义务教育"


@pytest.fixture
def plan():
    items = [
        # on_track: P = 0.6, τ = 0.6
        (spec(indicator="学前三年毛入园率", target=100, section=PRE, units=("基教科",)), series({2020: 90, 2023: 96})),
        # achieved
        (spec(indicator="普惠性幼儿园覆盖率", target=95, section=PRE, units=("基教科", "督导室")),
         series({2020: 96, 2023: 97})),
        # lagging: P = 0.2, R = 1/3
        (spec(indicator="集团化办学覆盖率", target=100, section=COMPULSORY, units=("发规科",)),
         series({2020: 0, 2023: 20})),
        # no data
        (spec(indicator="课后服务覆盖率", target=100, section=COMPULSORY), []),
        # maintain achieved: no completion share, counts as done (1.0)
        (spec(indicator="义务教育巩固率", kind="maintain", target=97, section=COMPULSORY, units=("基教科",)),
         series({2020: 98, 2021: 98.5, 2023: 98.2})),
    ]
    return evaluate_plan(items, as_of=2023, plan="示例县十四五教育规划")


def test_plan_summary(plan):
    s = plan.summary
    # τ_plan = (2023 − 2020)/(2025 − 2020) = 0.6; task values 0.6, 1, 0.2, 1 → median (0.6 + 1)/2 = 0.8
    assert s.elapsed == 0.6 and s.median_completion == 0.8 and s.assessed == 4
    assert s.counts == {Status.ACHIEVED: 2, Status.ON_TRACK: 1, Status.AT_RISK: 0, Status.LAGGING: 1,
                        Status.REGRESSING: 0, Status.OVERDUE: 0, Status.NO_DATA: 1}
    assert plan.period == (2020, 2025)


def test_plan_json_shape(plan):
    d = plan.to_dict()
    assert list(d) == ["plan", "as_of", "summary", "targets"]
    assert d["summary"] == {"elapsed": 0.6, "median_completion": 0.8, "counts": {
        "achieved": 2, "on_track": 1, "at_risk": 0, "lagging": 1, "regressing": 0, "overdue": 0, "no_data": 1}}
    assert len(d["targets"]) == 5 and d["targets"][0]["status"] == "on_track"


def test_plan_sentence(plan):
    assert describe_summary(plan.summary, as_of=2023) == (
        "截至2023年，5项指标中2项已实现、1项符合或快于预期、1项滞后、1项无数据。"
        "规划期时间进度为60%，4项可评估指标完成程度的中位数为80%，实现了“时间过半、任务过半”。"
    )


@pytest.mark.parametrize("elapsed, median, verdict", [
    pytest.param(0.6, 0.4, "规划期时间进度为60%，2项可评估指标完成程度的中位数为40%，任务进度慢于时间进度，"
                           "未实现“时间过半、任务过半”。", id="behind-after-mid-point"),
    pytest.param(0.8, 0.6, "规划期时间进度为80%，2项可评估指标完成程度的中位数为60%，任务进度慢于时间进度。",
                 id="past-half-but-slower"),
    pytest.param(0.4, 0.5, "规划期时间进度为40%，2项可评估指标完成程度的中位数为50%，任务进度不慢于时间进度。",
                 id="before-mid-point-ahead"),
    # 59.8% would print as 60% beside 60%: one decimal keeps the comparison visible
    pytest.param(0.6, 0.598, "规划期时间进度为60.0%，2项可评估指标完成程度的中位数为59.8%，任务进度慢于时间进度。",
                 id="close-values-get-a-decimal"),
    pytest.param(0.6, None, "暂无可计算完成程度的指标，无法判断任务进度。", id="nothing-assessable"),
])
def test_time_against_task_sentence(elapsed, median, verdict):
    counts = dict.fromkeys(Status, 0) | {Status.ON_TRACK: 1, Status.LAGGING: 1}
    summary = PlanSummary(elapsed, median, counts, assessed=0 if median is None else 2)
    assert describe_summary(summary, as_of=2023) == "截至2023年，2项指标中1项符合或快于预期、1项滞后。" + verdict


@pytest.mark.parametrize("counts, text", [
    pytest.param({Status.ACHIEVED: 3}, "3项指标均已实现。", id="all-one-status"),
    pytest.param({}, "没有需要评估的指标。", id="none"),
    pytest.param({Status.AT_RISK: 1, Status.REGRESSING: 2}, "3项指标中1项进度偏慢、2项倒退。", id="zeros-left-out"),
])
def test_describe_counts(counts, text):
    assert describe_counts(dict.fromkeys(Status, 0) | counts) == text


@pytest.mark.parametrize("as_of, share", [(2019, 0.0), (2020, 0.0), (2023, 0.6), (2025, 1.0), (2027, 1.0)])
def test_time_share(as_of, share):
    assert time_share(as_of, 2020, 2025) == share


def test_rollup_by_section(plan):
    groups = {g.key: g for g in rollup_by_section(plan.targets)}
    assert list(groups) == [PRE, COMPULSORY]
    assert groups[PRE].counts[Status.ACHIEVED] == 1 and groups[PRE].counts[Status.ON_TRACK] == 1
    assert groups[PRE].on_track_share == 1.0 and groups[PRE].median_completion == 0.8  # median of 0.6, 1
    # 义务教育: lagging, no_data, achieved → 1/3 good
    assert groups[COMPULSORY].total == 3 and groups[COMPULSORY].on_track_share == pytest.approx(1 / 3)


def test_rollup_by_unit_counts_shared_targets_in_each_unit(plan):
    groups = {g.key: g.total for g in rollup_by_unit(plan.targets)}
    assert groups == {"基教科": 3, "督导室": 1, "发规科": 1, None: 1}


def test_rollup_by_region():
    s = [evaluate_target(spec(target=100, region=r), series(v), as_of=2023)
         for r, v in [("甲", {2020: 90, 2023: 96}), ("乙", {2020: 90, 2023: 91}), ("甲", {2020: 96, 2023: 100})]]
    groups = {g.key: g for g in rollup_by_region(s)}
    assert groups["甲"].counts[Status.ACHIEVED] == 1 and groups["甲"].total == 2
    assert groups["乙"].counts[Status.LAGGING] == 1


# ---- rankings ----------------------------------------------------------------------------------

def _latest(region: str, value: float, *, year: int = 2023, comparator: str = ">=", target: float = 100):
    return evaluate_target(TargetSpec("入园率", 2025, comparator, target, base_year=2020, region=region),
                           [Point(2020, 80), Point(year, value)], as_of=2023)


def test_rank_by_value_handles_ties_at_precision():
    rows = [_latest("甲", 95.0), _latest("乙", 97.0), _latest("丙", 97.04), _latest("丁", 99.0, year=2021)]
    ranked = [(e.region, e.rank, e.tied) for e in rank_by_indicator(rows, indicator="入园率")]
    # 97.0 and 97.04 are equal at one decimal: both rank 2, the next rank is 4
    assert ranked == [("丁", 1, False), ("丙", 2, True), ("乙", 2, True), ("甲", 4, False)]


def test_rank_by_value_less_is_better_and_stale_last():
    rows = [_latest("甲", 30.0, comparator="<=", target=20), _latest("乙", 25.0, comparator="<=", target=20),
            _latest("丙", 10.0, comparator="<=", target=20, year=2021)]
    ranked = [(e.region, e.rank) for e in rank_by_indicator(rows)]
    assert ranked == [("丙", 1), ("乙", 2), ("甲", 3)]
    stale = evaluate_target(TargetSpec("近视率", 2025, "<=", 20, base_year=2016, region="丁"),
                            [Point(2016, 40), Point(2017, 10)], as_of=2023)
    assert [(e.region, e.rank) for e in rank_by_indicator([*rows, stale])][-1] == ("丁", None)


def test_rank_by_pace():
    rows = [_latest("甲", 92.0), _latest("乙", 86.0)]  # R = 12/20/0.6 = 1, 6/20/0.6 = 0.5
    assert [(e.region, e.value) for e in rank_by_indicator(rows, by="pace")] == [("甲", 1.0), ("乙", 0.5)]


def test_rank_by_share_on_track():
    rows = []
    for region, statuses in {"甲": [96, 96, 81], "乙": [96, 100, 80.5], "丙": [81, 81, 96]}.items():
        rows += [_latest(region, v) for v in statuses]
    ranked = [(e.region, e.rank, e.tied, e.targets) for e in rank_by_on_track(rows)]
    # 甲 and 乙 have 2 of 3 achieved or on track; 丙 1 of 3
    assert ranked == [("乙", 1, True, 3), ("甲", 1, True, 3), ("丙", 3, False, 3)]
