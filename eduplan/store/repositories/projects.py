"""Construction projects (建设项目) of plans with their responsible units, and the units a
project answers to by default."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from eduplan.store.models import Project, Task, task_units


def filtered(*, plan_id: int | None = None) -> Select:
    """Projects (of one plan) by plan and text order, their units loaded."""
    query = select(Project).options(selectinload(Project.units)).order_by(Project.plan_id, Project.start, Project.id)
    if plan_id is not None:
        query = query.where(Project.plan_id == plan_id)
    return query


def find(session: Session, *, plan_id: int | None = None) -> list[Project]:
    """``filtered`` run: a plan's projects in text order."""
    return list(session.scalars(filtered(plan_id=plan_id)))


def inherited_unit_ids(session: Session, project: Project) -> set[int]:
    """The units a project answers to by default: those of the task whose text holds it,
    else those of the tasks in its section (where plans name the 责任单位 of a group)."""
    if project.start is not None:
        holding = set(session.scalars(
            select(task_units.c.unit_id).join(Task, Task.id == task_units.c.task_id)
            .where(Task.plan_id == project.plan_id, Task.start.is_not(None), Task.end.is_not(None),
                   Task.start <= project.start, Task.end > project.start)))
        if holding:
            return holding
    if project.section_id is None:
        return set()
    return set(session.scalars(select(task_units.c.unit_id).join(Task, Task.id == task_units.c.task_id)
                               .where(Task.section_id == project.section_id)))
