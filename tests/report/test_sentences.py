"""Sentence builders: plain Chinese that says what the numbers show and nothing more."""

from __future__ import annotations

import pytest

from eduplan.domain import Comparator, IndicatorKind, Status, TaskStatus
from eduplan.report import sentences as s
from eduplan.report.context import PlanInfo
from tests.report.helpers import line, task


@pytest.mark.parametrize(("kw", "expected"), [
    pytest.param({}, "由2020年的92%提高到2023年的95.6%", id="up"),
    pytest.param({"latest": (2023, 91.0)}, "由2020年的92%下降到2023年的91%", id="down"),
    pytest.param({"latest": (2023, 92.04)}, "2023年为92.04%，与2020年的92%基本持平", id="flat-within-precision"),
    pytest.param({"baseline": None}, "2023年为95.6%", id="one-point"),
    pytest.param({"unit": "个", "baseline": (2020, 1200.0), "latest": (2023, 15000.0), "target": 20000.0},
                 "由2020年的1200个增加到2023年的15000个", id="count-increase-plain"),
    pytest.param({"latest": None}, None, id="no-data"),
])
def test_change_phrase(kw, expected):
    assert s.change_phrase(line(**kw)) == expected


def test_gap_phrase_says_how_far_and_only_when_short():
    assert s.gap_phrase(line(latest=(2023, 82.0), target=90.0, baseline=(2020, 80.0))) == \
        "距2025年不低于90%的目标还差8个百分点"
    assert s.gap_phrase(line(latest=(2023, 99.0))) is None  # ahead of the target
    cap = line("小学大班额比例", comparator=Comparator.AT_MOST, target=5.0, baseline=(2020, 12.0),
               latest=(2023, 8.0))
    assert s.gap_phrase(cap) == "距2025年不高于5%的目标还差3个百分点"
    assert s.gap_value(cap) == pytest.approx(3.0)
    assert s.gap_phrase(line(comparator=Comparator.DECREASE, target=None)) is None


def test_pace_phrase_compares_with_time_only_when_both_known():
    assert s.pace_phrase(line(latest=(2023, 94.0))) == "目标完成进度为33%，慢于60%的时间进度"
    assert s.pace_phrase(line(latest=(2023, 96.0))) == "目标完成进度为67%，不慢于60%的时间进度"
    # the target year reached: no "100%的时间进度" to compare with
    assert s.pace_phrase(line(latest=(2025, 94.0), target_year=2025)) == "目标完成进度为33%"
    assert s.pace_phrase(line(latest=(2023, 91.0))) is None  # moved away from the target
    # a year the plan set a milestone for: the plan's figure, named as such
    milestone = line(latest=(2023, 47.5), baseline=(2020, 42.3), target=60.0, milestones=((2023, 50.0),),
                     facts={"expected": 50.0, "expected_is_milestone": True})
    assert s.pace_phrase(milestone).endswith("《规划》2023年的阶段目标为50%")
    # between two milestones the value is interpolated: a reference, never a yearly target
    between = line(latest=(2023, 47.5), baseline=(2020, 42.3), target=60.0, milestones=((2022, 48.0),),
                   facts={"expected": 50.0, "expected_is_milestone": False})
    assert s.pace_phrase(between).endswith("2023年序时进度参考值为50%") and "年度目标" not in s.pace_phrase(between)


def test_forecast_phrase_only_before_the_target_year():
    assert s.forecast_phrase(line(forecast=51.12, forecast_meets=False)) == "按目前趋势预计2025年为51.1%，难以实现目标"
    assert s.forecast_phrase(line(forecast=98.7, forecast_meets=True)) == "按目前趋势预计2025年可达到98.7%"
    assert s.forecast_phrase(line(forecast=98.7, forecast_meets=None)) is None
    assert s.forecast_phrase(line(forecast=97.0, forecast_meets=False, latest=(2025, 96.0))) is None


@pytest.mark.parametrize(("kw", "expected"), [
    pytest.param({"flags": ("no_observations",), "latest": None}, "无监测数据", id="no-observations"),
    pytest.param({"flags": ("stale",), "latest": (2019, 90.0)}, "监测数据过旧，最新为2019年", id="stale"),
    pytest.param({"flags": ("single_point",)}, "仅有一个数据点，无法计算进度", id="single-point"),
    pytest.param({"flags": (), "reason": "某原因"}, "某原因", id="engine-reason"),
])
def test_no_data_reason(kw, expected):
    assert s.no_data_reason(line(status=Status.NO_DATA, **kw)) == expected


def test_target_problem_for_a_lagging_level_target_carries_its_numbers():
    t = line("普惠性幼儿园覆盖率", target=90.0, baseline=(2020, 80.0), latest=(2023, 82.0), status=Status.LAGGING,
             forecast=83.32, forecast_meets=False)
    assert s.target_problem(t) == ("普惠性幼儿园覆盖率进度滞后：由2020年的80%提高到2023年的82%，目标完成进度为20%，"
                                   "慢于60%的时间进度，距2025年不低于90%的目标还差8个百分点，"
                                   "按目前趋势预计2025年为83.3%，难以实现目标。")


def test_target_problem_for_a_regression_says_the_direction_is_wrong():
    t = line("高中阶段毛入学率", target=95.0, baseline=(2020, 92.0), latest=(2023, 91.0), status=Status.REGRESSING)
    text = s.target_problem(t)
    assert text.startswith("高中阶段毛入学率出现倒退：由2020年的92%下降到2023年的91%，与目标方向相反")
    assert "目标完成进度" not in text


def test_target_problem_for_directional_maintain_and_binary_targets():
    myopia = line("儿童青少年近视率", comparator=Comparator.DECREASE, target=None, baseline=(2021, 50.0),
                  latest=(2023, 52.0), status=Status.REGRESSING)
    assert s.target_problem(myopia) == "儿童青少年近视率出现倒退：目标为降低，由2021年的50%提高到2023年的52%，与目标方向相反。"
    keep = line("义务教育巩固率", kind=IndicatorKind.MAINTAIN, target=97.0, status=Status.LAGGING,
                facts={"failing_years": [2022]}, baseline=(2021, 97.0), latest=(2023, 97.5))
    assert s.target_problem(keep).startswith("义务教育巩固率进度滞后：2022年未保持在不低于97%")
    flag = line("创成国家义务教育优质均衡县", kind=IndicatorKind.BINARY, target=None, status=Status.LAGGING,
                reason="期限2023年已到，尚未完成", baseline=None, latest=(2023, 0.0), target_year=2023)
    assert s.target_problem(flag) == "创成国家义务教育优质均衡县进度滞后：期限2023年已到，尚未完成。"


def test_needed_yearly_gain_is_gap_over_remaining_years():
    t = line("公办幼儿园在园幼儿占比", target=60.0, baseline=(2020, 42.3), latest=(2023, 47.5), status=Status.AT_RISK)
    assert s.needed_per_year(t) == pytest.approx((60 - 47.5) / (2025 - 2023))
    assert s.suggestion_text(t, as_of=2023) == ("要实现2025年不低于60%的目标，按2023年的47.5%计算，"
                                                "2024—2025年需年均提高6.3个百分点（2020—2023年年均提高1.7个百分点）。")


def test_suggestion_for_a_cap_says_lower():
    t = line("小学大班额比例", comparator=Comparator.AT_MOST, target=5.0, baseline=(2020, 12.0), latest=(2023, 11.0),
             status=Status.LAGGING)
    assert s.suggestion_text(t, as_of=2023) == ("要实现2025年不高于5%的目标，按2023年的11%计算，"
                                                "2024—2025年需年均降低3个百分点（2020—2023年年均下降0.3个百分点）。")


def test_suggestion_once_the_deadline_has_come():
    t = line(target=50.0, baseline=(2020, 42.3), latest=(2023, 47.5), target_year=2023, status=Status.AT_RISK)
    assert s.needed_per_year(t) is None
    assert s.suggestion_text(t, as_of=2023) == "2023年不低于50%的目标期限已到，按2023年数据尚差2.5个百分点，需尽快补齐差距。"


def test_suggestion_for_counts_uses_their_unit():
    t = line("新增学位", unit="个", target=3000.0, baseline=(2021, 200.0), latest=(2023, 1000.0),
             kind=IndicatorKind.CUMULATIVE, status=Status.LAGGING, precision=0)
    assert "2024—2025年需年均增加1000个" in s.suggestion_text(t, as_of=2023)


def test_task_sentences():
    late = task()
    assert s.task_problem(late, as_of=2023) == "重点任务“1.扩大普惠资源”期限为2022年，截至2023年正在推进，进度为40%，尚未完成。"
    idle = task(status=TaskStatus.NOT_STARTED, progress=0)
    assert "尚未启动" in s.task_problem(idle, as_of=2023)
    text = s.tasks_paragraph([late, task(status=TaskStatus.DONE, progress=100, overdue=False, task_id=2)], as_of=2023)
    assert text.endswith("截至2023年，按各责任单位填报的进展，1项已完成、1项正在推进；1项已到期但尚未完成或未报送完成情况。")
    assert s.tasks_paragraph([task(overdue=False)], as_of=2023).endswith("1项正在推进。")


def test_a_task_without_progress_is_unreported_never_zero_percent():
    quiet = task(status=TaskStatus.NOT_STARTED, progress=0, overdue=False, reported=False)
    assert s.task_state(quiet) == "未填报进展"
    text = s.tasks_paragraph([quiet, task(overdue=False, task_id=2)], as_of=2023)
    assert "1项正在推进；1项未填报进展" in text and "0%" not in text
    assert s.tasks_paragraph([quiet], as_of=2023) == "《规划》列出1项重点任务。截至2023年，各项任务均未填报进展，暂不能评估推进情况。"
    assert s.sector_tasks_sentence([quiet, quiet]) == "相关重点任务2项均未填报进展。"


def test_preamble_with_and_without_a_period():
    plan = PlanInfo(1, "某县规划", None, "某县", "规划", (2021, 2025), 2020)
    (first,) = s.preamble(plan, as_of=2023, time_share=0.6, targets=7, tasks=3, projects=0, skipped=0, region=None)
    assert first == ("《某县规划》（以下简称《规划》）规划期为2021—2025年，以2020年为基期。对照《规划》提出的7项量化目标和"
                     "3项重点任务，评估截至2023年的实施进展。现将评估情况报告如下。")
    bare = PlanInfo(1, "某县方案", None, None, "行动方案", None, None)
    out = s.preamble(bare, as_of=2023, time_share=None, targets=2, tasks=0, projects=0, skipped=1, region="某区")
    assert "未写明规划期" in out[0] and "按某区的监测数据" in out[0] and "1项目标" in out[1]


def test_data_suggestion_names_repeated_targets_once():
    steps = [line("小学大班额比例", status=Status.NO_DATA, flags=("no_observations",), latest=None, target_id=i)
             for i in range(4)]
    other = line("新增学位", status=Status.NO_DATA, flags=("no_observations",), latest=None, target_id=9)
    assert s.data_suggestion([*steps, other]) == \
        "5项目标缺少可用的监测数据（小学大班额比例、新增学位），需由责任单位按年度填报，以便评估进展。"
