"""Reports: evaluate a plan, read its tasks and projects, build a ``ReportContext`` and hand
it to a renderer (DOCX, HTML, Markdown or the XLSX supervision list).

Reading only: no role check and no audit entry (every signed-in role may download a
report; the web page checks the sign-in). ``as_of`` is the year whose end the report
speaks of: data up to that year is used and a task due that year and not done is overdue.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from eduplan.domain import DocType, TaskStatus
from eduplan.errors import InputError
from eduplan.evaluate import Thresholds
from eduplan.report import FORMATS, ReportFormat, render
from eduplan.report.compose import compose_report
from eduplan.report.context import (
    NO_CHAPTER,
    Chapter,
    PlanInfo,
    ProjectLine,
    ReportContext,
    ReportOptions,
    SkippedLine,
    TargetLine,
    TaskLine,
)
from eduplan.report.sectors import task_sector
from eduplan.report.units import Roles, TaskText, default_lead, roles_in_text, target_roles
from eduplan.services.evaluation.results import PlanResult, TargetResult, evaluate_plan_targets
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, Project, Section, Task, TaskUpdate
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import projects as project_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories import tasks as task_repo
from eduplan.store.repositories.observations import provenance

log = logging.getLogger(__name__)

__all__ = ["ReportFile", "ReportOptions", "build_report_context", "parse_date", "render_report", "report_filename",
           "target_line"]

Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class ReportFile:
    filename: str
    media_type: str
    content: bytes
    context: ReportContext


def parse_date(text: str | None) -> str | None:
    """成文日期 as the report prints it: "2024-03-01", "2024/3/1" or "2024年3月1日" →
    "2024年3月1日"; None or "" → None (the date line is left for the writer)."""
    if text is None or not text.strip():
        return None
    m = re.fullmatch(r"\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*(?:[-/.月])\s*(\d{1,2})\s*日?\s*", text)
    if not m:
        raise InputError(f"成文日期“{text}”无法识别", hint="请写成 2024-03-01 或 2024年3月1日")
    try:
        day = date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise InputError(f"成文日期“{text}”不是有效日期", hint="请检查月份和日期") from None
    return _date_text(day)


def build_report_context(engine: Engine, plan_ref: str | int, *, as_of: int, region: str | None = None,
                         thresholds: Thresholds | None = None, on_progress: Progress | None = None,
                         today: date | None = None, include_unreviewed: bool = False,
                         approved_only: bool = False, options: ReportOptions | None = None) -> ReportContext:
    """Evaluate the plan as of ``as_of`` (for ``region`` when given) and arrange the report.

    Only reviewed targets unless ``include_unreviewed``; either way the preamble says how
    many targets were left out or not reviewed (``PlanResult.review_note``). It says which
    values are not approved yet (or, ``approved_only``, that only approved values were used).
    ``options`` carry 主送, 发文机关 and 成文日期; without a date the date line is left blank
    for the writer (a report is dated when it is signed, not when it is drafted). Items the
    plan assigns to no unit are led by ``options.default_unit``, else the region's 教育局."""
    options = options or ReportOptions()
    result = evaluate_plan_targets(engine, plan_ref, as_of=as_of, region=region, thresholds=thresholds,
                                   include_unreviewed=include_unreviewed, approved_only=approved_only)
    if on_progress:
        on_progress(1, 2)
    with unit_of_work(engine) as session:
        plan = plan_repo.find(session, result.plan_id)
        sections = plan_repo.sections(session, plan.id)
        chapters = _chapters(sections)
        titles = {x.id: (x.title or "") for x in sections}
        info = _plan_info(plan, result)
        stored = task_repo.find(session, plan_id=plan.id)
        reported = _reported_tasks(session, [k.id for k in stored])
        texts = [_task_text(k) for k in stored]
        default = options.default_unit or _plan_lead(texts) or default_lead(result.plan_region or plan.region_name)
        tasks = [_task_line(k, chapters, as_of=as_of, reported=k.id in reported, roles=x.roles, default=default,
                            section_title=titles.get(k.section_id or -1),
                            today=today or date.today()) for k, x in zip(stored, texts)]
        projects = [_project_line(p, chapters) for p in project_repo.find(session, plan_id=plan.id)]
        linked = {t.id: [u.name for u in t.units] for t in target_repo.of_plan(session, plan.id)}
        data_sources = _latest_sources(session, result)
    lines = [target_line(t, roles=_roles_of(t, linked.get(t.target_id, []), texts, default)) for t in result.targets]
    skipped = [SkippedLine(k.target_id, k.target_name, k.reason) for k in result.skipped if not k.unreviewed]
    order = list(dict.fromkeys(chapters.values()))
    options = ReportOptions(to=options.to, issuer=options.issuer, date=options.date, default_unit=default)
    context = compose_report(info, lines, as_of=as_of, summary=result.evaluation.summary, tasks=tasks,
                             projects=projects, skipped=skipped, chapters=order, region=result.region,
                             review_note=result.review_note, options=options)
    context = replace(context, data_note=data_note(result), data_sources=data_sources)
    if on_progress:
        on_progress(2, 2)
    log.info("report context plan_id=%s as_of=%s targets=%s tasks=%s projects=%s", plan.id, as_of, len(lines),
             len(tasks), len(projects))
    return context


def render_report(engine: Engine, plan_ref: str | int, *, as_of: int, fmt: str | ReportFormat,
                  region: str | None = None, thresholds: Thresholds | None = None,
                  on_progress: Progress | None = None, today: date | None = None,
                  include_unreviewed: bool = False, approved_only: bool = False,
                  options: ReportOptions | None = None) -> ReportFile:
    """Build the context and render it in ``fmt`` (docx, html, md or xlsx)."""
    try:
        chosen = ReportFormat(str(fmt).lower().lstrip("."))
    except ValueError:
        raise InputError(f"不支持的报告格式：{fmt}", hint="可选 docx、html、md 或 xlsx") from None

    first = (lambda done, total: on_progress(done, total + 1)) if on_progress else None  # 1/3, 2/3
    then = (lambda done, total: on_progress(2 + done, 2 + total)) if on_progress else None
    context = build_report_context(engine, plan_ref, as_of=as_of, region=region, thresholds=thresholds,
                                   on_progress=first, today=today, include_unreviewed=include_unreviewed,
                                   approved_only=approved_only, options=options)
    content = render(context, chosen, on_progress=then)
    spec = FORMATS[chosen]
    return ReportFile(report_filename(context, chosen), spec.media_type, content, context)


def data_note(result: PlanResult) -> str:
    """The report's sentence on data approval (数据上报与审核): only approved values were
    used, or which used values are not approved yet."""
    if result.approved_only:
        return "本报告只使用已审核通过的监测数据，尚未审核的数据未计入。"
    waiting = [f"{t.target_name}（{'、'.join(f'{y}年' for y in t.unapproved_years)}）" for t in result.targets
               if t.unapproved_years]
    if not waiting:
        return "本报告所用监测数据均已审核通过。"
    shown = "；".join(dict.fromkeys(waiting[:15]))
    return (f"本报告使用的监测数据中有 {result.unapproved_count} 个尚未审核通过：{shown}"
            f"{'等' if len(waiting) > 15 else ''}。相关结论可能随审核调整。")


def _latest_sources(session: Session, result) -> tuple[tuple[int, int, str], ...]:
    """Where each evaluated target's latest value came from: (target id, year, source) —
    the document and its words for a value read from a 统计公报, else the file and row or
    the 来源 written on entry."""

    out = []
    seen: set[tuple[int, int, int]] = set()
    for t in result.targets:
        latest = t.assessment.latest
        if latest is None or t.indicator_id is None or t.region_id is None:
            continue
        key = (t.indicator_id, t.region_id, latest.year)
        if key in seen:
            continue
        seen.add(key)
        found = next((row for row in provenance(session, t.indicator_id, t.region_id) if row[0] == latest.year), None)
        where, quote = (found[1], found[3]) if found else (None, None)
        if where:
            shown = f"{where}：“{quote[:40]}”" if quote else where
            out.append((t.target_id, latest.year, shown))
    return tuple(out)


def report_filename(context: ReportContext, fmt: ReportFormat) -> str:
    """规划标题_2023年中期评估报告.docx, or …_2023年督办清单.xlsx."""
    kind = "督办清单" if fmt is ReportFormat.XLSX else context.title.removeprefix(context.plan.title)
    name = re.sub(r'[\\/:*?"<>|\s]+', "", f"{context.plan.title}_{context.as_of}年{kind}")
    return f"{name[:120]}.{FORMATS[fmt].suffix}"


# ---- database rows → context lines ---------------------------------------------------

def target_line(t: TargetResult, *, roles: Roles | None = None) -> TargetLine:
    a = t.assessment
    spec = a.spec
    chapter = _chapter(t.chapter_number, t.chapter_title) if t.chapter_id is not None else NO_CHAPTER
    return TargetLine(
        target_id=t.target_id, name=t.target_name, indicator=t.indicator_name, kind=spec.kind,
        comparator=spec.comparator, target=spec.target, target_year=spec.target_year, unit=spec.unit,
        precision=spec.precision, baseline=a.baseline, latest=a.latest, elapsed=a.elapsed, completion=a.completion,
        pace=a.pace, status=a.status, reason=a.reason, flags=a.flags, forecast=a.forecast.value,
        forecast_meets=a.forecast.meets, units=roles.all if roles else t.units, chapter=chapter, section_number=t.section_number,
        section_title=t.section_title, quote=t.quote, milestone_of=t.milestone_of, region=t.region,
        facts=dict(a.inputs), measure=spec.effective_measure,
        milestones=tuple(sorted(spec.milestones.items())), reviewed=t.reviewed,
        roles=roles or None,
    )


def _chapter(number: str | None, title: str | None) -> Chapter:
    number, title = (number or "").strip(), (title or "").strip()
    return Chapter(f"{number}{title}", number, title)


def _chapters(sections: list[Section]) -> dict[int, Chapter]:
    """Section id → the chapter (top-level section) holding it, in plan order."""
    by_id = {s.id: s for s in sections}
    out: dict[int, Chapter] = {}
    for s in sections:
        top, seen = s, set()
        while top.parent_id is not None and top.parent_id in by_id and top.id not in seen:
            seen.add(top.id)
            top = by_id[top.parent_id]
        out[s.id] = _chapter(top.number, top.title)
    return out


def _plan_info(plan: Plan, result: PlanResult) -> PlanInfo:
    period = (plan.period_start, plan.period_end) if plan.period_start and plan.period_end else None
    try:
        label = DocType(plan.doc_type).label
    except ValueError:
        label = plan.doc_type
    return PlanInfo(plan_id=plan.id, title=plan.title, issuer=plan.issuer, region=result.plan_region,
                    doc_type_label=label, period=period, base_year=plan.base_year)


def _reported_tasks(session: Session, ids: list[int]) -> set[int]:
    """Tasks with at least one progress report (TaskUpdate)."""
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found |= set(session.scalars(select(TaskUpdate.task_id).where(TaskUpdate.task_id.in_(chunk)).distinct()))
    return found


def _task_text(k: Task) -> TaskText:
    """A task's span, words and units in the order (and roles) its text gives them."""
    words = f"{k.title}{k.text or ''}"
    return TaskText(k.id, k.start, k.end, words, k.section_id, roles_in_text(k.text or k.title,
                                                                            [u.name for u in k.units]))


def _plan_lead(tasks: list[TaskText]) -> str | None:
    """The unit that leads most of the plan's tasks (区教育局), when it leads at least half
    of the tasks that name a unit: it leads what the plan assigns to nobody."""
    leads = [t.roles.lead[0] for t in tasks if t.roles.lead]
    if not leads:
        return None
    best = max(dict.fromkeys(leads), key=leads.count)
    return best if leads.count(best) * 2 >= len(leads) else None


def _roles_of(t: TargetResult, linked: list[str], tasks: list[TaskText], default: str | None) -> Roles:
    """The target's units (``units.target_roles``), else the default lead."""
    roles = target_roles(linked=linked, quote=t.quote, start=t.start, names=[t.target_name, t.indicator_name],
                         section_id=t.section_id, tasks=tasks)
    if not roles and t.units:  # the evaluation's section units (tasks of the same section)
        roles = Roles(t.units[:1], t.units[1:])
    if not roles and default:
        roles = Roles((default,), (), default=True)
    return roles


def _task_line(k: Task, chapters: dict[int, Chapter], *, as_of: int, reported: bool = False,
               roles: Roles | None = None, default: str | None = None, section_title: str | None = None,
               today: date | None = None) -> TaskLine:
    try:
        status = TaskStatus(k.status)
    except ValueError:
        status = TaskStatus.NOT_STARTED
    # a task whose state or progress was set is reported even without a history row
    reported = reported or status is not TaskStatus.NOT_STARTED or bool(k.progress)
    overdue = is_overdue(k.due_year, status, as_of=as_of, today=today or date.today())
    if not roles and default:
        roles = Roles((default,), (), default=True)
    units = roles.all if roles else tuple(u.name for u in k.units)
    return TaskLine(task_id=k.id, number=(k.number or "").strip(), title=k.title, units=units,
                    due_year=k.due_year, status=status, progress=int(k.progress or 0),
                    chapter=chapters.get(k.section_id, NO_CHAPTER) if k.section_id else NO_CHAPTER, overdue=overdue,
                    reported=reported, roles=roles, section_title=section_title,
                    sector=task_sector(k.title, section_title, k.text or ""))


def is_overdue(due_year: int | None, status: TaskStatus, *, as_of: int, today: date) -> bool:
    """逾期: not done and its due year has ended — by the report's year (the year ``as_of``
    speaks of its end) and by the calendar: a report as of 2025 written during 2025 does
    not call tasks due in 2025 overdue (the issue: all 84 tasks showed 逾期)."""
    return (due_year is not None and status is not TaskStatus.DONE and due_year <= as_of
            and due_year < today.year)


def _project_line(p: Project, chapters: dict[int, Chapter]) -> ProjectLine:
    def num(x) -> float | None:
        return None if x is None else float(x)

    return ProjectLine(project_id=p.id, name=p.name, level=p.level, stage=p.stage, year=p.year, count=p.count,
                       investment=num(p.investment), investment_done=num(p.investment_done), seats=p.seats,
                       seats_done=p.seats_done, quote=p.quote or "",
                       chapter=chapters.get(p.section_id, NO_CHAPTER) if p.section_id else NO_CHAPTER)


def _date_text(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
