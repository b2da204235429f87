"""规划: list, read with sections, upload a file to ingest."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Form, Response, UploadFile

from eduplan.domain import DocType
from eduplan.services.plans.uploads import SUFFIXES, ingest_upload
from eduplan.services.views import catalog
from eduplan.web.api.common import Limit, Offset, api_router
from eduplan.web.api.guards import PlanWriter
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.params import PathId, QueryId
from eduplan.web.schemas import UPLOAD, Page, PlanDetailPublic, PlanIngestPublic, PlanPublic
from eduplan.web.uploads import read_upload

router = api_router("规划")


@router.get("/plans", summary="列出已入库的规划", response_model=Page[PlanPublic])
def list_plans(engine: EngineDep, user: UserDep, limit: Limit = 100, offset: Offset = 0,
               region_id: QueryId = None, doc_type: DocType | None = None):
    return catalog.list_plans(engine, region_id=region_id, doc_type=doc_type, limit=limit, offset=offset)


@router.get("/plans/{plan_id}", summary="查看规划及其章节大纲", response_model=PlanDetailPublic)
def get_plan(plan_id: PathId, engine: EngineDep, user: UserDep):
    return catalog.get_plan(engine, plan_id)


@router.post("/plans", status_code=201, summary="上传规划文件并入库（识别目标、任务、项目）",
             response_model=PlanIngestPublic, responses={**UPLOAD, 200: {"description": "同一文件已入库，未重复入库"}})
def upload_plan(response: Response, engine: EngineDep, settings: SettingsDep, user: PlanWriter,
                file: Annotated[UploadFile, File(description="规划文件：.txt .docx .html .pdf")],
                region: Annotated[str | None, Form(description="所属区域名称（默认从标题识别）")] = None,
                doc_type: Annotated[DocType | None, Form(description="文件类型（默认从标题识别）")] = None):
    data, name = read_upload(file, max_bytes=settings.max_file_bytes, suffixes=SUFFIXES)
    result = ingest_upload(engine, data, name, workdir=settings.data_dir / "tmp", max_bytes=settings.max_file_bytes,
                           doc_type=doc_type, region=region or None, actor=user,
                           max_unzipped=settings.max_unzipped_bytes, timeout=settings.parse_timeout)
    if not result.created:
        response.status_code = 200
    return result
