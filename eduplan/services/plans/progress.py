"""Progress of key tasks (重点任务) and construction projects (建设项目).

Each report adds a history row (TaskUpdate / ProjectUpdate), updates the task or project
with the latest state under its version check, and writes an audit entry with old and new.
A unit user may report only on its own tasks (``task_units``) and projects
(``project_units``), and only in plans of its regions. A project's units are set at ingest
from the task that names it (or the tasks of its section) and can be changed by a planner
(``set_project_units``).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import Engine
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eduplan.domain import TaskStatus, decimal_text
from eduplan.errors import ConflictError, InputError, NotFoundError, Problems
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.services.exchange.quantities import default_years
from eduplan.store.db import unit_of_work
from eduplan.store.models import Project, ProjectUpdate, Task, TaskUpdate
from eduplan.store.models.base import utcnow
from eduplan.store.repositories import audit
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import units as unit_repo


@dataclass(frozen=True, slots=True)
class TaskProgress:
    task_id: int
    status: str
    progress: int
    version: int


@dataclass(frozen=True, slots=True)
class ProjectProgress:
    project_id: int
    stage: str | None
    investment_done: Decimal | None
    seats_done: int | None
    version: int


def record_task_progress(engine: Engine, task_id: int, *, year: int, progress: int | None = None,
                         status: str | None = None, note: str | None = None, actor: Actor | None = None,
                         expected_version: int | None = None) -> TaskProgress:
    """Report a task's progress (0–100) and status; status follows from progress when
    omitted (0 → 未启动, 100 → 已完成, else 推进中)."""
    problems = Problems()
    _check_year(year, problems)
    if progress is not None and not (isinstance(progress, int) and 0 <= progress <= 100):
        problems.add(1, "进度", "进度应为 0 到 100 的整数", progress)
    if status is not None and status not in {s.value for s in TaskStatus}:
        problems.add(1, "状态", "状态应为 not_started、in_progress 或 done", status)
    _raise(problems)
    with unit_of_work(engine) as session:
        task = _for_update(session, Task, task_id, "重点任务", Action.TASK, actor, expected_version)
        pct = task.progress if progress is None else progress
        new_status = status or _status_for(pct)
        if new_status == TaskStatus.DONE and progress is None:
            pct = 100
        old = {"status": task.status, "progress": task.progress, "version": task.version}
        session.add(TaskUpdate(task_id=task.id, year=year, status=new_status, progress=pct, note=note,
                               recorded_by=access.user_id(actor)))
        task.status, task.progress = new_status, pct
        _flush(session)
        audit.record(session, user_id=access.user_id(actor), action="progress", object_type="task", object_id=task.id,
                     summary=f"重点任务“{task.title[:40]}”进度：{old['progress']}% → {pct}%（{TaskStatus(new_status).label}）",
                     old=old, new={"status": new_status, "progress": pct, "version": task.version, "year": year,
                                   "note": note})
        return TaskProgress(task.id, task.status, task.progress, task.version)


def record_project_progress(engine: Engine, project_id: int, *, year: int, stage: str | None = None,
                            investment_done: object = None, seats_done: object = None, note: str | None = None,
                            actor: Actor | None = None, expected_version: int | None = None) -> ProjectProgress:
    """Report a project's stage, investment completed (元) and seats delivered."""
    problems = Problems()
    _check_year(year, problems)
    investment = _amount(investment_done, "完成投资", problems)
    seats = _amount(seats_done, "建成学位", problems)
    if seats is not None and seats != seats.to_integral_value():
        problems.add(1, "建成学位", "学位数应为整数", seats_done)
    _raise(problems)
    with unit_of_work(engine) as session:
        project = _for_update(session, Project, project_id, "建设项目", Action.PROJECT, actor, expected_version)
        old = {"stage": project.stage, "investment_done": decimal_text(project.investment_done),
               "seats_done": project.seats_done, "version": project.version}
        session.add(ProjectUpdate(project_id=project.id, year=year, stage=stage, investment_done=investment,
                                  seats_done=int(seats) if seats is not None else None, note=note,
                                  recorded_by=access.user_id(actor)))
        if stage is not None:
            project.stage = stage[:32]
        if investment is not None:
            project.investment_done = investment
        if seats is not None:
            project.seats_done = int(seats)
        _flush(session)
        audit.record(session, user_id=access.user_id(actor), action="progress", object_type="project",
                     object_id=project.id, summary=f"建设项目“{project.name[:40]}”进展（{year}年）",
                     old=old, new={"stage": project.stage, "investment_done": decimal_text(project.investment_done),
                                   "seats_done": project.seats_done, "version": project.version, "year": year,
                                   "note": note})
        return ProjectProgress(project.id, project.stage, project.investment_done, project.seats_done, project.version)


def _status_for(pct: int) -> str:
    if pct <= 0:
        return TaskStatus.NOT_STARTED.value
    if pct >= 100:
        return TaskStatus.DONE.value
    return TaskStatus.IN_PROGRESS.value


def _check_year(year: object, problems: Problems) -> None:
    low, high = default_years()
    if not isinstance(year, int) or not low <= year <= high:
        problems.add(1, "年份", f"年份应在 {low}–{high} 之间", year)


def _amount(value: object, column: str, problems: Problems) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation:
        problems.add(1, column, "应为数字", value)
        return None
    if amount < 0:
        problems.add(1, column, "不能为负数", value)
        return None
    return amount


def _raise(problems: Problems) -> None:
    if problems:
        first = problems.items[0]
        raise InputError(f"{first.column}：{first.message}", errors=problems.items)


def _for_update(session: Session, model: type[Task] | type[Project], object_id: int, what: str, action: Action,
                actor: Actor | None, expected_version: int | None) -> Task | Project:
    """The task or project to change: it exists, the actor may write it (its units and its
    plan's region), and nobody changed it since the actor saw ``expected_version``."""
    item = session.get(model, object_id)
    if item is None:
        raise NotFoundError(f"找不到{what}：{object_id}")
    access.require(actor, action, unit_id={u.id for u in item.units}, region_id=plan_repo.region_of(session, item.plan_id))
    _check_version(item.version, expected_version)
    return item

def _check_version(current: int, expected: int | None) -> None:
    if expected is not None and expected != current:
        raise ConflictError("该记录已被他人修改", hint=f"请刷新后重新填写（当前版本 {current}，你看到的是 {expected}）")


def _flush(session: Session) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError("该记录已被他人修改", hint="请刷新后重新填写") from exc



def set_project_units(engine: Engine, project_id: int, unit_names: list[str], *, actor: Actor | None,
                      expected_version: int | None = None) -> list[str]:
    """Change the 责任单位 of a project (planner, admin): they report its progress. New
    unit names are added to the unit list. Returns the names now set."""
    names = list(dict.fromkeys(n.strip()[:100] for n in unit_names if n and n.strip()))
    with unit_of_work(engine) as session:
        project = session.get(Project, project_id)
        if project is None:
            raise NotFoundError(f"找不到建设项目：{project_id}")
        access.require(actor, Action.PLAN)
        _check_version(project.version, expected_version)
        old = sorted(u.name for u in project.units)
        if old == sorted(names):
            return old
        known: dict = {}
        project.units = [unit_repo.named(session, n, known=known) for n in names]
        project.updated_at = utcnow()  # a version bump: the unit list is part of the project
        _flush(session)
        audit.record(session, user_id=access.user_id(actor), action="update", object_type="project",
                     object_id=project.id, summary=f"建设项目“{project.name[:40]}”责任单位："
                                                   f"{'、'.join(old) or '（无）'} → {'、'.join(names) or '（无）'}",
                     old={"units": old, "version": project.version - 1}, new={"units": names, "version": project.version})
        return names
