"""Queries behind the tasks board and the projects table: tasks and projects with their
responsible units, filtered by plan and unit, and the latest progress note of each."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session, selectinload

from eduplan.store.models import Plan, Project, ProjectUpdate, ResponsibleUnit, Section, Task, TaskUpdate, task_units


def tasks(session: Session, *, plan_id: int | None = None, unit_id: int | None = None) -> list[Task]:
    query = select(Task).options(selectinload(Task.units), selectinload(Task.section)) \
        .order_by(Task.plan_id, Task.start, Task.id)
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    if unit_id is not None:
        query = query.where(Task.id.in_(select(task_units.c.task_id).where(task_units.c.unit_id == unit_id)))
    return list(session.scalars(query))


def projects(session: Session, *, plan_id: int | None = None) -> list[Project]:
    query = select(Project).options(selectinload(Project.units)).order_by(Project.plan_id, Project.start, Project.id)
    if plan_id is not None:
        query = query.where(Project.plan_id == plan_id)
    return list(session.scalars(query))


def last_task_updates(session: Session, task_ids: Iterable[int]) -> dict[int, TaskUpdate]:
    """Task id → its latest progress report."""
    return _latest(session, TaskUpdate, TaskUpdate.task_id, task_ids)


def last_project_updates(session: Session, project_ids: Iterable[int]) -> dict[int, ProjectUpdate]:
    return _latest(session, ProjectUpdate, ProjectUpdate.project_id, project_ids)


def _latest(session: Session, model: type[TaskUpdate] | type[ProjectUpdate], key: InstrumentedAttribute[int],
            ids: Iterable[int]) -> dict:
    wanted = sorted(set(ids))
    found: dict = {}
    for start in range(0, len(wanted), 500):
        for row in session.scalars(select(model).where(key.in_(wanted[start:start + 500]))
                                   .order_by(model.recorded_at, model.id)):
            found[getattr(row, key.key)] = row  # later rows overwrite earlier ones
    return found


def plan_periods(session: Session) -> dict[int, tuple[int, int] | None]:
    """Plan id → (first, last year) of its period, when it states both."""
    return {i: (a, b) if a and b else None for i, a, b in
            session.execute(select(Plan.id, Plan.period_start, Plan.period_end))}


def section_titles(session: Session, plan_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
    """Section id → its title and the titles of every section above it."""
    rows = {i: (parent, title) for i, parent, title in session.execute(
        select(Section.id, Section.parent_id, Section.title).where(Section.plan_id.in_(sorted(set(plan_ids)))))}
    out: dict[int, tuple[str, ...]] = {}
    for section_id in rows:
        titles, current, seen = [], section_id, set()
        while current in rows and current not in seen:
            seen.add(current)
            parent, title = rows[current]
            titles.append(title)
            current = parent
        out[section_id] = tuple(titles)
    return out


def plan_regions(session: Session) -> dict[int, int | None]:
    """Plan id → its region (tasks and projects belong to their plan's region)."""
    return dict(session.execute(select(Plan.id, Plan.region_id)).all())


def plan_titles(session: Session) -> dict[int, str]:
    return dict(session.execute(select(Plan.id, Plan.title).order_by(Plan.id)).all())


def units(session: Session) -> list[ResponsibleUnit]:
    return list(session.scalars(select(ResponsibleUnit).order_by(ResponsibleUnit.id)))
