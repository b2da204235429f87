from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import Plan, Project, Task, task_units


def plan_region(session: Session, plan_id: int) -> int | None:
    """The region of a plan (its tasks and projects belong to it)."""
    return session.scalar(select(Plan.region_id).where(Plan.id == plan_id))


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
