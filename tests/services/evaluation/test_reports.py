"""services.evaluation.reports on every database: the context holds the evaluation's numbers."""

from __future__ import annotations

from datetime import date

import pytest

from eduplan.domain import Status
from eduplan.errors import InputError, NotFoundError
from eduplan.report.context import ReportOptions
from eduplan.services.evaluation.reports import build_report_context, parse_date, render_report
from eduplan.services.evaluation.results import evaluate_plan_targets
from eduplan.services.views.reports import report_plans
from tests.report.factories import PLAN_TITLE, make_report_plan

EXPECTED = {
    "学前三年毛入园率": Status.ON_TRACK,
    "普惠性幼儿园覆盖率": Status.LAGGING,
    "义务教育巩固率": Status.ACHIEVED,
    "高中阶段毛入学率": Status.REGRESSING,
    "劳动年龄人口平均受教育年限": Status.AT_RISK,
    "新增学位": Status.NO_DATA,
    "儿童青少年近视率": Status.ON_TRACK,
}


def test_context_holds_the_evaluation(engine):
    plan_id = make_report_plan(engine)
    steps = []
    ctx = build_report_context(engine, plan_id, as_of=2023, today=date(2024, 3, 1),
                               on_progress=lambda d, t: steps.append((d, t)),
                               options=ReportOptions(to="测试县人民政府", date=parse_date("2024-03-01")))
    result = evaluate_plan_targets(engine, plan_id, as_of=2023)
    assert {t.name: t.status for t in ctx.targets} == EXPECTED
    for line, target in zip(ctx.targets, result.targets, strict=True):
        a = target.assessment
        assert (line.target_id, line.completion, line.latest, line.baseline, line.forecast) == \
            (target.target_id, a.completion, a.latest, a.baseline, a.forecast.value)
    assert ctx.title == f"{PLAN_TITLE}中期评估报告"
    assert ctx.time_share == pytest.approx(0.6)
    assert [x.label for x in ctx.sectors] == ["教育发展总体水平", "学前教育", "义务教育", "普通高中教育",
                                              "立德树人和素质教育", "教师队伍建设", "教育保障", "其他方面"]
    # units in the order the plan's text lists them, the first leads
    assert [(k.title, k.overdue, k.units, k.reported) for k in ctx.tasks] == [
        ("扩大普惠资源", True, ("县教育局", "县发改局"), True), ("推进集团化办学", False, ("县教育局",), True),
        ("加强教师队伍", False, ("县人社局",), False)]
    by_name = {t.name: t for t in ctx.targets}
    # a target in a task's text inherits its units; one the plan gives nobody is led by the plan's lead unit
    assert (by_name["新增学位"].lead, by_name["新增学位"].assist) == (("县教育局",), ("县发改局",))
    assert by_name["儿童青少年近视率"].lead == ("县人社局",)
    assert by_name["学前三年毛入园率"].roles.default and by_name["学前三年毛入园率"].lead == ("县教育局",)
    assert ctx.unit_note and "县教育局牵头" in ctx.unit_note
    assert ctx.addressee == "测试县人民政府"
    assert [(p.name, p.investment, p.investment_done, p.seats_done) for p in ctx.projects] == [
        ("城东幼儿园新建工程", 5e7, 3e7, 270), ("第二中学迁建工程", None, None, None)]
    assert ctx.projects[0].chapter.key == "三、重大项目"
    assert ctx.date_text == "2024年3月1日"
    assert steps == [(1, 2), (2, 2)]


def test_render_report_names_the_file_and_reports_progress(engine):
    plan_id = make_report_plan(engine)
    steps = []
    r = render_report(engine, plan_id, as_of=2023, fmt="md", on_progress=lambda d, t: steps.append((d, t)))
    assert r.filename == "测试县教育事业发展“十四五”规划_2023年中期评估报告.md"
    assert r.media_type.startswith("text/markdown")
    assert r.content.decode("utf-8").startswith(f"# {PLAN_TITLE}中期评估报告")
    assert steps[:2] == [(1, 3), (2, 3)] and steps[-1][0] == steps[-1][1]
    assert all(a[0] <= b[0] for a, b in zip(steps, steps[1:]))
    xlsx = render_report(engine, plan_id, as_of=2023, fmt="xlsx")
    assert xlsx.filename.endswith("_2023年督办清单.xlsx")


def test_bad_format_and_unknown_plan(engine):
    plan_id = make_report_plan(engine)
    with pytest.raises(InputError, match="不支持的报告格式"):
        render_report(engine, plan_id, as_of=2023, fmt="pdf")
    with pytest.raises(NotFoundError):
        render_report(engine, 999, as_of=2023, fmt="docx")


def test_report_plans_lists_every_plan(engine):
    plan_id = make_report_plan(engine)
    (choice,) = report_plans(engine)
    assert (choice.plan_id, choice.title, choice.period) == (plan_id, PLAN_TITLE, (2021, 2025))


@pytest.mark.parametrize(("due", "as_of", "today", "overdue"), [
    pytest.param(2025, 2025, date(2025, 6, 1), False, id="due-this-year-still-running"),
    pytest.param(2025, 2025, date(2026, 1, 10), True, id="due-year-ended"),
    pytest.param(2025, 2023, date(2026, 1, 10), False, id="report-before-the-due-year"),
    pytest.param(2022, 2023, date(2024, 3, 1), True, id="due-before-as-of"),
    pytest.param(None, 2025, date(2027, 1, 1), False, id="no-due-year"),
])
def test_a_task_is_overdue_only_after_its_due_year(due, as_of, today, overdue):
    from eduplan.domain import TaskStatus
    from eduplan.services.evaluation.reports import is_overdue

    assert is_overdue(due, TaskStatus.IN_PROGRESS, as_of=as_of, today=today) is overdue
    assert not is_overdue(due, TaskStatus.DONE, as_of=as_of, today=today)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-01", "2024年3月1日"), ("2024/3/1", "2024年3月1日"), ("2024年3月1日", "2024年3月1日"), ("", None), (None, None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["三月一日", "2024-02-30", "2024-13-01"])
def test_a_bad_date_is_a_clear_error(text):
    with pytest.raises(InputError, match="成文日期"):
        parse_date(text)
