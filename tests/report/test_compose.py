"""Arranging lines into the report: problems, suggestions and the supervision list agree."""

from __future__ import annotations

from eduplan.domain import Status, TaskStatus
from eduplan.evaluate import PlanSummary, count_statuses
from eduplan.report.compose import compose_report, problem_groups, supervision_items
from eduplan.report.context import PlanInfo
from tests.report.helpers import GOALS, TASKS, line, task

PLAN = PlanInfo(1, "某县规划", None, "某县", "规划", (2021, 2025), 2020)


def summary(lines) -> PlanSummary:
    counts = count_statuses(())
    for t in lines:
        counts[t.status] += 1
    return PlanSummary(elapsed=0.6, median_completion=0.5, counts=counts, assessed=len(lines))


def mixed():
    return [
        line("甲", status=Status.ON_TRACK, target_id=1),
        line("乙", status=Status.LAGGING, latest=(2023, 93.0), units=("县教育局", "县发改局"), target_id=2),
        line("丙", status=Status.AT_RISK, latest=(2023, 94.0), chapter=TASKS, units=("县发改局", "县教育局"),
             target_id=3),
        line("丁", status=Status.REGRESSING, latest=(2023, 91.0), target_id=4),
        line("戊", status=Status.NO_DATA, latest=None, flags=("no_observations",), target_id=5),
        line("己", status=Status.NO_DATA, latest=None, flags=("not_yet_due",), target_id=6),
        line("庚", status=Status.ACHIEVED, latest=(2023, 99.0), target_id=7),
    ]


def test_every_target_needing_action_is_a_problem_a_suggestion_and_a_supervision_row():
    lines = mixed()
    tasks = [task(units=("县发改局", "县教育局")), task("推进集团化", status=TaskStatus.DONE, overdue=False, task_id=2)]
    ctx = compose_report(PLAN, lines, as_of=2023, summary=summary(lines), tasks=tasks)
    acting = {2, 3, 4}
    in_problems = {r for g in ctx.problems for i in g.items if i.kind == "target" for r in i.refs}
    in_suggestions = {r for sug in ctx.suggestions if sug.kind == "target" for r in sug.refs}
    in_list = {i.ref for i in ctx.supervision if i.kind == "指标"}
    assert in_problems == in_suggestions == in_list == acting
    assert [i.ref for i in ctx.supervision if i.kind == "重点任务"] == [1]
    missing = {r for g in ctx.problems for i in g.items if i.kind == "no_data" for r in i.refs}
    assert missing == {5}  # a yes/no goal not yet due is no data problem


def test_problems_group_by_chapter_then_by_the_same_set_of_units():
    lines = mixed()
    groups = problem_groups(lines, [task(units=("县发改局", "县教育局"))], as_of=2023, chapters=[GOALS, TASKS])
    assert [(g.chapter.key, g.unit) for g in groups] == [
        ("一、发展目标", "县教育局、县发改局"), ("一、发展目标", "未明确责任单位"),
        ("二、主要任务", "县教育局、县发改局"),
    ]
    tasks_group = groups[2]
    assert [i.kind for i in tasks_group.items] == ["target", "task"]


def test_regressing_comes_before_at_risk_within_a_group():
    lines = [line("慢", status=Status.AT_RISK, latest=(2023, 94.0), target_id=1),
             line("退", status=Status.REGRESSING, latest=(2023, 91.0), target_id=2),
             line("滞", status=Status.LAGGING, latest=(2023, 92.5), target_id=3)]
    (group,) = problem_groups(lines, [], as_of=2023)
    assert [i.refs[0] for i in group.items] == [3, 2, 1]  # lagging, regressing, at_risk


def test_a_plan_without_problems_says_so():
    lines = [line(status=Status.ON_TRACK), line("乙", status=Status.ACHIEVED, target_id=2)]
    ctx = compose_report(PLAN, lines, as_of=2023, summary=summary(lines))
    assert ctx.problems == ()
    assert ctx.problems_text == "截至2023年，没有到期未完成、滞后、进度偏慢或倒退的指标，也没有到期未完成的重点任务。"
    assert ctx.suggestions == () and ctx.supervision == ()
    assert ctx.suggestions_text.startswith("已评估的指标均已实现或不慢于预期进度")
    assert ctx.title == "某县规划中期评估报告"


def test_supervision_row_numbers_are_the_lines_numbers():
    t = line("乙", status=Status.LAGGING, target=90.0, baseline=(2020, 80.0), latest=(2023, 82.0), units=("县教育局",))
    (row,) = supervision_items([t], [], as_of=2023)
    assert (row.latest, row.latest_year, row.gap, row.gap_unit, row.deadline, row.status) == \
        (82.0, 2023, 8.0, "个百分点", 2025, "滞后")
    assert row.goal == "不低于90%（2025年）" and row.units_label == "县教育局"


def test_final_report_title_after_the_period():
    lines = [line(status=Status.ACHIEVED)]
    done = PlanSummary(elapsed=1.0, median_completion=1.0, counts=summary(lines).counts, assessed=1)
    ctx = compose_report(PLAN, lines, as_of=2025, summary=done, region="某区")
    assert ctx.title == "某县规划终期评估报告（某区）"


def test_an_empty_plan_claims_nothing():
    empty = PlanInfo(1, "空规划", None, None, "规划", None, None)
    ctx = compose_report(empty, [], as_of=2023, summary=PlanSummary(None, None, count_statuses(()), 0))
    assert ctx.preamble[1] == "本报告评估截至2023年的实施进展；《规划》中没有可评估的量化目标、重点任务或建设项目。"
    assert ctx.suggestions_text == "《规划》没有纳入评估的量化目标，暂无针对具体指标的建议。"
    assert ctx.chapters == () and ctx.supervision == ()
