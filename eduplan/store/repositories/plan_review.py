"""Queries behind the plan review screen: plan summaries, a plan with its sections,
targets, tasks and projects, and the lookups a reviewer's writes need (the innermost
section and the task holding an offset). A handful of queries per screen, never one per row.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from eduplan.store.models import Indicator, Plan, Project, ResponsibleUnit, Section, Target, Task, task_units


def plans_with_counts(session: Session) -> list[tuple[Plan, dict[str, int], int, int]]:
    """Every plan (newest first) with its targets (every statement to review) counted by
    review state, and its numbers of tasks and projects."""
    plans = list(session.scalars(select(Plan).order_by(Plan.id.desc())))
    states: dict[int, dict[str, int]] = {p.id: {} for p in plans}
    for plan_id, state, n in session.execute(select(Target.plan_id, Target.review_state, func.count())
                                             .group_by(Target.plan_id, Target.review_state)):
        states.setdefault(plan_id, {})[state] = n
    tasks = dict(session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all())
    projects = dict(session.execute(select(Project.plan_id, func.count()).group_by(Project.plan_id)).all())
    return [(p, states.get(p.id, {}), tasks.get(p.id, 0), projects.get(p.id, 0)) for p in plans]


def sections(session: Session, plan_id: int) -> list[Section]:
    return list(session.scalars(select(Section).where(Section.plan_id == plan_id).order_by(Section.position)))


def targets(session: Session, plan_id: int) -> list[Target]:
    """Targets of a plan in text order, with indicator, section and units loaded."""
    return list(session.scalars(
        select(Target).options(selectinload(Target.units), selectinload(Target.indicator),
                               selectinload(Target.section))
        .where(Target.plan_id == plan_id).order_by(Target.start, Target.id)))


def tasks(session: Session, plan_id: int) -> list[Task]:
    return list(session.scalars(select(Task).options(selectinload(Task.units), selectinload(Task.section))
                                .where(Task.plan_id == plan_id).order_by(Task.start, Task.id)))


def projects(session: Session, plan_id: int) -> list[Project]:
    return list(session.scalars(select(Project).where(Project.plan_id == plan_id).order_by(Project.start, Project.id)))


def innermost_section(session: Session, plan_id: int, offset: int) -> Section | None:
    """The deepest section whose span holds ``offset``."""
    return session.scalar(select(Section).where(Section.plan_id == plan_id, Section.start <= offset,
                                                Section.end > offset)
                          .order_by(Section.level.desc(), (Section.end - Section.start), Section.id.desc()).limit(1))


def units_of_task_at(session: Session, plan_id: int, offset: int) -> list[ResponsibleUnit]:
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


def target_at(session: Session, plan_id: int, start: int, end: int) -> Target | None:
    """A target already stored for exactly this span."""
    return session.scalar(select(Target).where(Target.plan_id == plan_id, Target.start == start,
                                               Target.end == end).limit(1))


def indicator_units(session: Session, indicator_ids: list[int]) -> dict[int, str | None]:
    if not indicator_ids:
        return {}
    return dict(session.execute(select(Indicator.id, Indicator.unit).where(Indicator.id.in_(indicator_ids))).all())


def indicator_counts(session: Session) -> dict[int, int]:
    """Plan id → its targets as evaluation counts them: one per indicator (the heads of kind
    target, rejected ones left out)."""
    rows = session.execute(select(Target.plan_id, func.count())
                           .where(Target.kind == "target", Target.parent_id.is_(None),
                                  Target.review_state != "rejected")
                           .group_by(Target.plan_id))
    return dict(rows.all())
