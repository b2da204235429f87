"""重点任务: list by plan, unit and status; report progress (own tasks for unit users)."""

from __future__ import annotations

from eduplan.domain import TaskStatus
from eduplan.services.plans.progress import record_task_progress
from eduplan.services.views import catalog
from eduplan.web.api.common import Limit, Offset, api_router
from eduplan.web.api.guards import TaskWriter
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.params import PathId, QueryId
from eduplan.web.schemas import CONFLICT, Page, TaskProgressPublic, TaskProgressUpdate, TaskPublic

router = api_router("重点任务")


@router.get("/tasks", summary="列出重点任务（按规划、责任单位、状态筛选）", response_model=Page[TaskPublic])
def list_tasks(engine: EngineDep, user: UserDep, limit: Limit = 100, offset: Offset = 0, plan_id: QueryId = None,
               unit_id: QueryId = None, status: TaskStatus | None = None):
    return catalog.list_tasks(engine, plan_id=plan_id, unit_id=unit_id, status=status, limit=limit, offset=offset)


@router.post("/tasks/{task_id}/progress", summary="填报重点任务进展（需提供读取到的 version）",
             response_model=TaskProgressPublic, responses=CONFLICT)
def report_progress(task_id: PathId, body: TaskProgressUpdate, engine: EngineDep, user: TaskWriter):
    return record_task_progress(engine, task_id, year=body.year, progress=body.progress,
                                status=body.status.value if body.status else None, note=body.note, actor=user,
                                expected_version=body.version)
