from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.store.models import Project, Task, task_units


def project_unit_ids(session: Session, project: Project) -> set[int]:
    """Units of the tasks in the project's section (projects have no unit table)."""
    if project.section_id is None:
        return set()
    return set(session.scalars(select(task_units.c.unit_id).join(Task, Task.id == task_units.c.task_id)
                               .where(Task.section_id == project.section_id)))
