"""Key tasks (重点任务) of plans with their responsible units: filtered for the board and
the API, a plan's in text order, and the units of the task holding a place in the text."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from eduplan.store.models import ResponsibleUnit, Task, task_units


def filtered(*, plan_id: int | None = None, unit_id: int | None = None, status: str | None = None) -> Select:
    """Tasks (of one plan, of one unit, in one state) by plan and text order, their units
    and sections loaded."""
    query = (select(Task).options(selectinload(Task.units), selectinload(Task.section))
             .order_by(Task.plan_id, Task.start, Task.id))
    if plan_id is not None:
        query = query.where(Task.plan_id == plan_id)
    if unit_id is not None:
        query = query.where(Task.id.in_(select(task_units.c.task_id).where(task_units.c.unit_id == unit_id)))
    if status:
        query = query.where(Task.status == status)
    return query


def find(session: Session, *, plan_id: int | None = None, unit_id: int | None = None) -> list[Task]:
    """``filtered`` run: a plan's tasks in text order (of one unit when given)."""
    return list(session.scalars(filtered(plan_id=plan_id, unit_id=unit_id)))


def units_at(session: Session, plan_id: int, offset: int) -> list[ResponsibleUnit]:
    """Responsible units of the first task (in text order) whose span holds ``offset``
    and names units: a target stated inside a task answers to that task's units."""
    task_id = session.scalar(
        select(Task.id).join(task_units, task_units.c.task_id == Task.id)
        .where(Task.plan_id == plan_id, Task.start <= offset, Task.end > offset)
        .order_by(Task.start, Task.id).limit(1))
    if task_id is None:
        return []
    return list(session.scalars(select(ResponsibleUnit).join(task_units, task_units.c.unit_id == ResponsibleUnit.id)
                                .where(task_units.c.task_id == task_id).order_by(ResponsibleUnit.id)))


def section_unit_names(session: Session, plan_id: int) -> dict[int, tuple[str, ...]]:
    """Section id → names of the units of the tasks in that section, in task order."""
    rows = session.execute(select(Task.section_id, ResponsibleUnit.name)
                           .join(task_units, task_units.c.task_id == Task.id)
                           .join(ResponsibleUnit, ResponsibleUnit.id == task_units.c.unit_id)
                           .where(Task.plan_id == plan_id, Task.section_id.is_not(None))
                           .order_by(Task.start, Task.id, ResponsibleUnit.name))
    found: dict[int, list[str]] = {}
    for section_id, name in rows:
        names = found.setdefault(section_id, [])
        if name not in names:
            names.append(name)
    return {k: tuple(v) for k, v in found.items()}
