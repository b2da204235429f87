"""建设项目: list by plan; report progress (stage, investment, seats)."""

from __future__ import annotations

from eduplan.services.plans.progress import record_project_progress
from eduplan.services.views import catalog
from eduplan.web.api.common import Limit, Offset, api_router
from eduplan.web.api.guards import ProjectWriter
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.params import PathId, QueryId
from eduplan.web.schemas import CONFLICT, Page, ProjectProgressPublic, ProjectProgressUpdate, ProjectPublic

router = api_router("建设项目")


@router.get("/projects", summary="列出建设项目（含负责单位）", response_model=Page[ProjectPublic])
def list_projects(engine: EngineDep, user: UserDep, limit: Limit = 100, offset: Offset = 0,
                  plan_id: QueryId = None):
    return catalog.list_projects(engine, plan_id=plan_id, limit=limit, offset=offset)


@router.post("/projects/{project_id}/progress", summary="填报建设项目进展（需提供读取到的 version）",
             response_model=ProjectProgressPublic, responses=CONFLICT)
def report_progress(project_id: PathId, body: ProjectProgressUpdate, engine: EngineDep, user: ProjectWriter):
    return record_project_progress(engine, project_id, year=body.year, stage=body.stage,
                                   investment_done=body.investment_done, seats_done=body.seats_done, note=body.note,
                                   actor=user, expected_version=body.version)
