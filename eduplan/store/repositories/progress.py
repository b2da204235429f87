"""Progress reports of tasks and projects (TaskUpdate, ProjectUpdate): the latest of each."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from eduplan.store.models import ProjectUpdate, Task, TaskUpdate


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
