"""Arranging lines into the report: sectors, problems by cause with their units,
suggestions and 目标调整建议, and the supervision list agree."""

from __future__ import annotations

from eduplan.domain import IndicatorKind, Status, TaskStatus
from eduplan.evaluate import PlanSummary, count_statuses
from eduplan.report.compose import compose_report, problem_groups, sector_reports, supervision_items
from eduplan.report.context import PlanInfo, ReportOptions
from eduplan.report.units import Roles
from tests.report.helpers import line, task

PLAN = PlanInfo(1, "某县规划", None, "某县", "规划", (2021, 2025), 2020)


def summary(lines) -> PlanSummary:
    counts = count_statuses(())
    for t in lines:
        counts[t.status] += 1
    return PlanSummary(elapsed=0.6, median_completion=0.5, counts=counts, assessed=len(lines))


def mixed():
    return [
        line("学前三年毛入园率", status=Status.ON_TRACK, target_id=1),
        line("普惠性幼儿园覆盖面", status=Status.LAGGING, latest=(2023, 93.0), units=("县教育局", "县发改局"),
             roles=Roles(("县教育局",), ("县发改局",)), target_id=2),
        line("义务教育巩固率", status=Status.AT_RISK, latest=(2023, 94.0), units=("县发改局", "县教育局"),
             roles=Roles(("县发改局",), ("县教育局",)), target_id=3),
        line("高中阶段毛入学率", status=Status.REGRESSING, latest=(2023, 91.0), target_id=4),
        line("特殊教育入学率", status=Status.NO_DATA, latest=None, flags=("no_observations",), target_id=5,
             units=("县残联",)),
        line("创成全国学前教育普及普惠县", status=Status.NO_DATA, latest=None, flags=("not_yet_due",), target_id=6,
             kind=IndicatorKind.BINARY, target=None),
        line("高等教育毛入学率", status=Status.ACHIEVED, latest=(2023, 99.0), target_id=7),
    ]


def all_problem_text(ctx) -> str:
    return "".join(i.text for g in ctx.problems for i in g.items)


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
    text = all_problem_text(ctx)
    assert "高等教育毛入学率" not in text and "学前三年毛入园率" not in text  # achieved and on track: no problem


def test_problems_are_grouped_by_cause_and_name_their_units_in_the_plans_order():
    lines = mixed()
    groups = problem_groups(lines, [task(units=("县发改局", "县教育局"))], as_of=2023)
    assert [g.cause for g in groups] == ["overdue", "lagging", "no_report"]
    lagging = next(g for g in groups if g.cause == "lagging")
    texts = [i.text for i in lagging.items]
    assert texts[0].startswith("普惠性幼儿园覆盖面（牵头单位：县教育局，配合单位：县发改局）进度滞后：")
    assert any(x.startswith("义务教育巩固率（牵头单位：县发改局，配合单位：县教育局）进度偏慢：") for x in texts)
    overdue = next(g for g in groups if g.cause == "overdue")
    assert overdue.items[0].kind == "task" and "牵头单位：县发改局，配合单位：县教育局" in overdue.items[0].text
    data = next(g for g in groups if g.cause == "no_report")
    assert data.items[0].text.startswith("县残联：特殊教育入学率1项指标暂不能评估（无监测数据）")


def test_falling_enrolment_is_a_demographic_problem_with_a_target_adjustment():
    pupils = line("九年义务教育在校生", unit="人", target=135000.0, baseline=(2020, 130700.0),
                  latest=(2023, 129800.0), status=Status.REGRESSING, forecast=129200.0, forecast_meets=False,
                  precision=0, quote="在校生 万人 13.07 13.5", target_id=9)
    ctx = compose_report(PLAN, [pupils], as_of=2023, summary=summary([pupils]))
    (group,) = ctx.problems
    assert group.cause == "demographic" and "学龄人口" in group.intro
    assert "由2020年的13.07万人减少到2023年的12.98万人" in group.items[0].text
    (adjust,) = ctx.adjustments
    assert "建议按程序将2025年目标调整为12.92万人左右" in adjust.text
    (suggestion,) = [x for x in ctx.suggestions if x.kind == "target"]
    assert "需年均增加" not in suggestion.text and "重新测算学位需求" in suggestion.text  # not arithmetic only


def test_unassigned_items_are_led_by_the_default_unit_said_once():
    t = line("生均建筑面积", unit="平方米", status=Status.LAGGING, target=14.0, baseline=(2020, 12.4),
             latest=(2023, 12.7), roles=Roles(("某县教育局",), (), default=True), units=("某县教育局",))
    ctx = compose_report(PLAN, [t], as_of=2023, summary=summary([t]))
    assert ctx.unit_note == "《规划》未写明1项指标的责任单位，本报告暂列某县教育局牵头，请按职责分工核定。"
    assert "责任单位未明确" not in all_problem_text(ctx) and "责任单位：某县教育局" in all_problem_text(ctx)


def test_sectors_come_from_the_indicators_not_the_chapters():
    reports = sector_reports(mixed())
    labels = [r.label for r in reports]
    assert labels[:3] == ["教育发展总体水平", "学前教育", "义务教育"]
    assert "特殊教育" in labels and "普通高中教育" in labels
    unknown = sector_reports([line("某项从未见过的工作", status=Status.ON_TRACK)])
    assert [r.label for r in unknown] == ["其他方面"]  # a general group, never dropped
    preschool = next(r for r in reports if r.label == "学前教育")
    assert "正在推进的创建目标：创成全国学前教育普及普惠县（期限2025年）" in preschool.paragraph


def test_supervision_rows_split_lead_and_assisting_units():
    t = line("普惠性幼儿园覆盖面", status=Status.LAGGING, target=90.0, baseline=(2020, 80.0), latest=(2023, 82.0),
             units=("县教育局", "县发改局"), roles=Roles(("县教育局",), ("县发改局",)), milestones=((2024, 86.0),))
    (row,) = supervision_items([t], [], as_of=2023)
    assert (row.latest, row.latest_year, row.gap, row.gap_unit, row.deadline, row.status) == \
        (82.0, 2023, 8.0, "个百分点", 2025, "滞后")
    assert (row.lead, row.assist) == (("县教育局",), ("县发改局",))
    assert row.situation == "现状：2023年82%；目标：2025年不低于90%" and row.gap_text == "差8个百分点"
    assert row.due_text == "2024年底前达到86%（阶段目标）；2025年底前完成"
    late = line("义务教育巩固率", status=Status.OVERDUE, target=97.0, latest=(2023, 96.0), target_year=2023)
    (row,) = supervision_items([late], [], as_of=2023)
    assert row.due_text == "已逾期（原定2023年底）"


def test_a_plan_without_problems_says_so():
    lines = [line(status=Status.ON_TRACK), line("乙", status=Status.ACHIEVED, target_id=2)]
    ctx = compose_report(PLAN, lines, as_of=2023, summary=summary(lines))
    assert ctx.problems == ()
    assert ctx.problems_text == "截至2023年，没有到期未完成、滞后、进度偏慢或倒退的指标，也没有到期未完成的重点任务。"
    assert ctx.suggestions == () and ctx.supervision == () and ctx.adjustments == ()
    assert ctx.suggestions_text.startswith("已评估的指标均已实现或不慢于预期进度")
    assert ctx.title == "某县规划中期评估报告"


def test_overall_judges_time_and_tasks_with_reasons():
    lines = mixed()
    ctx = compose_report(PLAN, lines, as_of=2023, summary=summary(lines), tasks=[task(reported=False, overdue=False)])
    first = ctx.overall[0]
    assert first.startswith("截至2023年，《规划》实施3年，时间进度为60%。")
    assert "慢于时间进度，总体未实现“时间过半、任务过半”" in first
    assert "1项重点任务中有1项未填报进展" in ctx.overall[1]


def test_options_give_addressee_issuer_and_date():
    lines = [line(status=Status.ON_TRACK)]
    ctx = compose_report(PLAN, lines, as_of=2023, summary=summary(lines),
                         options=ReportOptions(to="某县人民政府", issuer="某县教育局", date="2024年3月1日"))
    assert (ctx.addressee, ctx.issuer, ctx.date_text) == ("某县人民政府", "某县教育局", "2024年3月1日")
    bare = compose_report(PLAN, lines, as_of=2023, summary=summary(lines))
    assert bare.date_text == "" and bare.addressee is None  # never the day of rendering


def test_final_report_title_after_the_period():
    lines = [line(status=Status.ACHIEVED)]
    done = PlanSummary(elapsed=1.0, median_completion=1.0, counts=summary(lines).counts, assessed=1)
    ctx = compose_report(PLAN, lines, as_of=2025, summary=done, region="某区")
    assert ctx.title == "某县规划终期评估报告（某区）"


def test_an_empty_plan_claims_nothing():
    empty = PlanInfo(1, "空规划", None, None, "规划", None, None)
    ctx = compose_report(empty, [], as_of=2023, summary=PlanSummary(None, None, count_statuses(()), 0))
    assert ctx.preamble[0].endswith("本报告评估截至2023年的实施进展；《规划》中没有可评估的量化目标、重点任务或建设项目。现将评估情况报告如下。")
    assert "没有可评估的量化目标" in ctx.preamble[0]
    assert ctx.suggestions_text == "《规划》没有纳入评估的量化目标，暂无针对具体指标的建议。"
    assert ctx.sectors == () and ctx.supervision == () and ctx.overall == ()
