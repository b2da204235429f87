"""Arrange evaluated targets, tasks and projects into a ``ReportContext``.

Pure: lines in, context out. The parts follow a real 中期评估报告 (seed 001 is the
model): 主送, an opening, 一、总体评价 (时间过半、任务过半 with its reasons), 二、主要成效
by sector (学前, 义务 … 保障, then 体制机制改革), 三、重点项目 and investment, 四、存在的
主要问题 by the cause the data shows, 五、下一步工作建议 with 目标调整建议, and the
appendix. A part without content is left out. Problems, suggestions and the 督办清单
come from the same lines (``problems``), so a target is behind everywhere or nowhere.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from eduplan.domain import Measure, Status, TaskStatus
from eduplan.evaluate import PlanSummary, count_statuses, describe_counts, describe_summary
from eduplan.report import figures as f
from eduplan.report import problems as pr
from eduplan.report import sentences as s
from eduplan.report.causes import cause_of, is_investment
from eduplan.report.context import (
    Chapter,
    PlanInfo,
    ProjectLine,
    ReportContext,
    ReportOptions,
    SectorReport,
    SkippedLine,
    TargetLine,
    TaskLine,
)

REFORM = re.compile(r"改革|机制|制度|治理|评价|督导|放管服|法治")

# kept for callers of the earlier module
problem_groups = pr.problem_groups
supervision_items = pr.supervision_items
suggestion_list = pr.suggestion_list


def compose_report(plan: PlanInfo, lines: Sequence[TargetLine], *, as_of: int, summary: PlanSummary,
                   tasks: Sequence[TaskLine] = (), projects: Sequence[ProjectLine] = (),
                   skipped: Sequence[SkippedLine] = (), chapters: Sequence[Chapter] = (),
                   region: str | None = None, date_text: str = "", review_note: str | None = None,
                   options: ReportOptions | None = None) -> ReportContext:
    """The whole report. ``chapters`` is accepted for older callers; the report is
    organised by sector, not by the plan's chapters."""
    options = options or ReportOptions()
    time_share = summary.elapsed
    suffix = "终期评估报告" if time_share is not None and time_share >= 1 else "中期评估报告"
    title = f"{plan.title}{suffix}" + (f"（{region}）" if region else "")
    investment = tuple(t for t in lines if is_investment(t))
    problems = pr.problem_groups(lines, tasks, projects, as_of=as_of, time_share=time_share)
    suggestions = pr.suggestion_list(lines, tasks, as_of=as_of)
    adjustments = pr.adjustments(lines, as_of=as_of)
    opening = s.preamble(plan, as_of=as_of, time_share=time_share, targets=len(lines), tasks=len(tasks),
                         projects=len(projects), skipped=len(skipped), region=region)
    return ReportContext(
        plan=plan, as_of=as_of, region=region, title=title, date_text=options.date or date_text,
        preamble=opening + ((review_note,) if review_note else ()),
        time_share=time_share, counts=dict(summary.counts), summary_text=describe_summary(summary, as_of=as_of),
        overall=overall(lines, tasks, as_of=as_of, summary=summary, plan=plan),
        sectors=sector_reports(lines, tasks, as_of=as_of), reform_text=reform_paragraph(tasks, as_of=as_of), tasks=tuple(tasks),
        tasks_text=s.tasks_paragraph(tasks, as_of=as_of) if tasks else "",
        projects=tuple(projects), projects_text=projects_paragraph(projects, investment, as_of=as_of),
        investment=investment, problems=problems, problems_text=pr.problems_intro(lines, tasks, as_of=as_of),
        suggestions=suggestions, suggestions_text=pr.suggestions_intro(suggestions, adjustments, lines),
        adjustments=adjustments, supervision=pr.supervision_items(lines, tasks, as_of=as_of), targets=tuple(lines),
        skipped=tuple(skipped), review_note=review_note, addressee=options.to, issuer=options.issuer,
        unit_note=unit_note(lines, tasks),
    )


def count_statuses_of(lines: Sequence[TargetLine]) -> dict[Status, int]:
    counts = dict(count_statuses(()))
    for t in lines:
        counts[t.status] += 1
    return counts


def is_data_gap(line: TargetLine) -> bool:
    """no_data for want of data — not a yes/no goal whose deadline has not come."""
    return line.status is Status.NO_DATA and "not_yet_due" not in line.flags


# ---- 一、总体评价 -------------------------------------------------------------------------

def overall(lines: Sequence[TargetLine], tasks: Sequence[TaskLine], *, as_of: int, summary: PlanSummary,
            plan: PlanInfo) -> tuple[str, ...]:
    """时间过半、任务过半 judged, with the reasons the data shows, and the outlook."""
    if not lines and not tasks:
        return ()
    out = []
    counts = count_statuses_of(lines)
    tau, median = summary.elapsed, summary.median_completion
    head = f"截至{as_of}年，"
    if plan.base_year is not None and plan.period is not None and tau is not None:
        total = plan.period[1] - plan.base_year
        passed = min(max(as_of - plan.base_year, 0), total)
        head += (f"《规划》实施{passed}年，时间进度为{f.share_text(tau)}。" if tau < 1
                 else "《规划》期限已满。")
    text = head
    if lines:
        text += f"纳入评估的{describe_counts(counts)}"
    if median is not None and tau is not None:
        shown = f.share_text(median)
        if tau >= 1:
            verdict = f"有数据的{summary.assessed}项指标目标完成进度的中位数为{shown}"
            verdict += "，总体完成规划目标。" if median >= 1 else "，部分目标未能如期完成。"
        elif median >= tau:
            verdict = (f"有数据的{summary.assessed}项指标目标完成进度的中位数为{shown}，不慢于时间进度，"
                       + ("总体实现“时间过半、任务过半”。" if tau >= 0.5 and median >= 0.5 else "总体进展符合预期。"))
        else:
            verdict = (f"有数据的{summary.assessed}项指标目标完成进度的中位数为{shown}，慢于时间进度，"
                       + ("总体未实现“时间过半、任务过半”。" if tau >= 0.5 else "总体进展慢于预期。"))
        text += verdict
    elif lines:
        text += "目前没有可计算完成进度的指标，尚不能判断是否实现“时间过半、任务过半”。"
    out.append(text)
    reasons = _reasons(lines, tasks)
    if reasons:
        out.append("从评估情况看，" + "；".join(reasons) + "。")
    outlook = _outlook(lines, plan)
    if outlook:
        out.append(outlook)
    return tuple(out)


def _reasons(lines: Sequence[TargetLine], tasks: Sequence[TaskLine]) -> list[str]:
    good = _sector_names([t for t in lines if t.status in (Status.ACHIEVED, Status.ON_TRACK)])
    causes: dict[str, list[TargetLine]] = {}
    for t in lines:
        c = cause_of(t)
        if c:
            causes.setdefault(c, []).append(t)
    out = []
    if good:
        out.append(f"{good}等方面的指标进展较好")
    if causes.get("overdue"):
        out.append(f"{len(causes['overdue'])}项指标已到目标年份仍未完成")
    if causes.get("lagging"):
        out.append(f"{len(causes['lagging'])}项指标进度慢于时间进度")
    if causes.get("demographic"):
        names = "、".join(dict.fromkeys(t.name for t in causes["demographic"]))
        out.append(f"{names}等规模指标受学龄人口减少影响低于规划预期")
    if causes.get("investment"):
        out.append(f"{len(causes['investment'])}项建设投入指标进度不足")
    if causes.get("no_report"):
        out.append(f"{len(causes['no_report'])}项指标缺少监测数据，尚不能评估")
    unreported = sum(1 for k in tasks if not k.reported)
    if unreported:
        out.append(f"{len(tasks)}项重点任务中有{unreported}项未填报进展")
    return out


def _sector_names(lines: Sequence[TargetLine], limit: int = 3) -> str:
    sectors = sorted({t.sector.key: t.sector for t in lines if t.sector}.values(), key=lambda x: x.order)  # type: ignore[union-attr]
    return "、".join(x.label for x in sectors[:limit])


def _outlook(lines: Sequence[TargetLine], plan: PlanInfo) -> str | None:
    meets = [t for t in lines if t.forecast_meets is True and t.status is not Status.ACHIEVED]
    misses = [t for t in lines if t.forecast_meets is False and t.needs_action]
    if not meets and not misses:
        return None
    end = plan.period[1] if plan.period else None
    when = f"到{end}年" if end else "到目标年份"
    parts = []
    achieved = sum(1 for t in lines if t.status is Status.ACHIEVED)
    if meets or achieved:
        parts.append(f"除已实现的{achieved}项外，另有{len(meets)}项指标可望如期实现" if achieved
                     else f"{len(meets)}项指标可望如期实现")
    if misses:
        names = "、".join(dict.fromkeys(t.name for t in misses[:5])) + ("等" if len(misses) > 5 else "")
        parts.append(f"{names}{len(misses)}项指标难以实现，需加大力度或按程序调整目标")
    return f"按目前趋势预测，{when}" + "，".join(parts) + "。"


# ---- 二、主要成效 --------------------------------------------------------------------------

def sector_reports(lines: Sequence[TargetLine], tasks: Sequence[TaskLine] = (), *, as_of: int | None = None
                   ) -> tuple[SectorReport, ...]:
    """One part per sector with targets or tasks, in the sectors' order; investment
    targets are reported under 三、重点项目 instead."""
    shown = [t for t in lines if not is_investment(t)]
    keys = {t.sector.key: t.sector for t in shown if t.sector}
    keys.update({k.sector.key: k.sector for k in tasks if k.sector and not REFORM.search(k.title)})
    out = []
    for sector in sorted(keys.values(), key=lambda x: x.order):
        members = tuple(t for t in shown if t.sector and t.sector.key == sector.key)
        jobs = tuple(k for k in tasks if k.sector and k.sector.key == sector.key and not REFORM.search(k.title))
        counts = count_statuses_of(members)
        out.append(SectorReport(sector, members, counts, sector_paragraph(members, jobs, as_of=as_of), jobs))
    return tuple(out)


def sector_paragraph(lines: Sequence[TargetLine], tasks: Sequence[TaskLine] = (), *, as_of: int | None = None) -> str:
    """Counts, the figures of what went well, the 创建 goals met, what is behind (one
    clause; the reasons are in 四), and the sector's tasks."""
    parts = []
    goals = [t for t in lines if t.binary]
    levels = [t for t in lines if not t.binary]
    if levels:
        counts = count_statuses_of(levels)
        if all(is_data_gap(t) for t in levels):
            parts.append(f"纳入评估的{len(levels)}项指标均暂无监测数据，尚不能评估进展。")
        else:
            parts.append(f"纳入评估的{describe_counts(counts)}")
        good = sorted((t for t in levels if t.status in (Status.ACHIEVED, Status.ON_TRACK) and t.latest is not None),
                      key=lambda t: (t.status is not Status.ACHIEVED, -(t.completion if t.completion is not None
                                                                         else 1.0)))
        if good:
            items = "；".join(_achievement(t) for t in good[:4])
            parts.append(f"{items}。")
        behind = [t for t in levels if t.needs_action]
        if behind:
            names = "、".join(dict.fromkeys(t.name for t in behind[:4])) + ("等" if len(behind) > 4 else "")
            parts.append(f"{names}{len(behind)}项指标进度不及预期，原因和措施见第四、五部分。")
        missing = sum(1 for t in levels if is_data_gap(t))
        if missing and missing < len(levels):
            parts.append(f"另有{missing}项指标暂无监测数据。")
    if goals:
        parts.append(_goals_sentence(goals, as_of=as_of))
    if tasks:
        parts.append(s.sector_tasks_sentence(tasks))
    return "".join(parts)


def _achievement(t: TargetLine) -> str:
    change = s.change_phrase(t) or ""
    goal = f"，{t.target_year}年目标为{s.goal_text(t)}" if t.target is not None and t.status is not Status.ACHIEVED \
        else ("，已实现规划目标" if t.status is Status.ACHIEVED else "")
    return f"{t.name}{change}{goal}"


def _goals_sentence(goals: Sequence[TargetLine], *, as_of: int | None = None) -> str:
    """创建 goals: met ones with their year, pending ones with their deadline."""
    met = [t for t in goals if t.status is Status.ACHIEVED]
    pending = [t for t in goals if t.status is not Status.ACHIEVED]
    parts = []
    if met:
        parts.append("创建目标已实现：" + "、".join(
            f"{t.name}" + (f"（{t.latest.year}年）" if t.latest else "") for t in met))
    due = [t for t in pending if "not_yet_due" in t.flags
           or (t.status is Status.NO_DATA and "deadline_no_data" not in t.flags
               and (as_of is None or t.target_year > as_of))]
    if due:
        parts.append("正在推进的创建目标：" + "、".join(f"{t.name}（期限{t.target_year}年）" for t in due))
    late = [t for t in pending if t not in due]
    if late:
        parts.append("尚未完成或未报送的创建目标：" + "、".join(f"{t.name}（期限{t.target_year}年）" for t in late))
    return "；".join(parts) + "。"


def reform_paragraph(tasks: Sequence[TaskLine], *, as_of: int) -> str:
    """体制机制改革: the plan's reform tasks (改革, 机制, 制度, 治理 …) and their progress;
    "" without any."""
    reform = [k for k in tasks if REFORM.search(k.title)]
    if not reform:
        return ""
    names = "、".join(f"“{k.title}”" for k in reform[:4]) + ("等" if len(reform) > 4 else "")
    text = f"《规划》部署{names}{len(reform)}项体制机制改革任务。"
    return text + s.sector_tasks_sentence(reform, noun="改革任务")


# ---- 三、重点项目 -------------------------------------------------------------------------

def projects_paragraph(projects: Sequence[ProjectLine], investment: Sequence[TargetLine], *, as_of: int) -> str:
    """Planned against done, from the projects' progress reports, and the investment
    targets; "" when the plan has neither."""
    parts = []
    if projects:
        planned = [p for p in projects if p.investment]
        reported = [p for p in projects if p.investment_done is not None]
        text = f"《规划》列出建设项目（含项目群）{len(projects)}个"
        text += f"，其中{len(planned)}个写明计划投资。" if planned else "。"
        if reported:
            plan_sum = sum(p.investment or 0 for p in reported)
            done_sum = sum(p.investment_done or 0 for p in reported)
            scale = f.plan_scale("元", 2, "亿元" if max(plan_sum, done_sum) >= 1e8 else "万元")
            text += (f"已填报完成投资的{len(reported)}个项目计划投资{f.show(plan_sum, scale, derived=True)}，"
                     f"截至{as_of}年完成{f.show(done_sum, scale, derived=True)}")
            text += f"，完成率{f.share_text(done_sum / plan_sum)}。" if plan_sum else "。"
            missing = len(planned) - sum(1 for p in reported if p.investment)
            if missing > 0:
                text += f"另有{missing}个项目尚未填报完成投资。"
        else:
            text += "各项目尚未填报完成投资和建成学位，暂不能评估建设进度，逐项计划见下表。"
        seats = [p for p in projects if p.seats and p.seats_done is not None]
        if seats:
            text += (f"{len(seats)}个项目已填报建成学位{sum(p.seats_done or 0 for p in seats)}个，"
                     f"占其计划学位{sum(p.seats or 0 for p in seats)}个的"
                     f"{f.share_text(sum(p.seats_done or 0 for p in seats) / sum(p.seats or 0 for p in seats))}。")
        parts.append(text)
    for t in investment:
        parts.append(_investment_sentence(t))
    return "".join(parts)


def _investment_sentence(t: TargetLine) -> str:
    if t.measure is Measure.YEARLY_AMOUNT:
        plan = "、".join(f"{y}年{f.show(v, t.scale)}" for y, v in (*t.milestones, (t.target_year, t.target))
                        if v is not None)
        goal = f"《规划》安排{plan}"
    else:
        goal = f"《规划》目标为{t.target_year}年{s.goal_text(t)}"
    now = s.change_phrase(t)
    state = f"，{now}" if now else "，尚未报送完成情况"
    if t.status is Status.NO_DATA:
        verdict = "暂不能评估"
    else:
        verdict = t.status.label
    return f"{t.name}：{goal}{state}，{verdict}。"


def unit_note(lines: Sequence[TargetLine], tasks: Sequence[TaskLine]) -> str | None:
    """One sentence for the items the plan assigns to nobody (their default lead)."""
    targets = [t for t in lines if t.roles and t.roles.default]
    jobs = [k for k in tasks if k.roles and k.roles.default]
    if not targets and not jobs:
        return None
    roles = targets[0].roles if targets else jobs[0].roles
    lead = (roles.lead if roles else ()) or ("",)
    what = "和".join(x for x in (f"{len(targets)}项指标" if targets else "", f"{len(jobs)}项重点任务" if jobs else "")
                     if x)
    return f"《规划》未写明{what}的责任单位，本报告暂列{lead[0]}牵头，请按职责分工核定。"
