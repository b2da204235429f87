"""数据来源: documents that report results, the values proposed from them, and their review
(the same rules as the 数据来源 page: ``services.monitoring.sources``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import File, Form, Query, UploadFile

from eduplan.services.monitoring import sources
from eduplan.services.plans.uploads import SUFFIXES, ingest_upload
from eduplan.web.api.common import api_router
from eduplan.web.api.guards import ObservationWriter
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.params import PathId
from eduplan.web.schemas import CONFLICT, UPLOAD, ProposalEdit, ProposalIds, ProposalPublic, ReviewCounts, SourcePublic, SourceUploaded
from eduplan.web.uploads import read_upload

router = api_router("数据来源")


@router.get("/sources", summary="来源文件列表（含待审核、已采纳、已驳回、不一致的数量）",
            response_model=list[SourcePublic])
def list_sources(engine: EngineDep, user: UserDep) -> list[dict[str, Any]]:
    return [s.to_dict() for s in sources.list_sources(engine, actor=user)]


@router.post("/sources", summary="上传来源文件（统计公报、工作总结等），识别其中的实际值", responses=UPLOAD, status_code=201,
             response_model=SourceUploaded)
def upload_source(engine: EngineDep, settings: SettingsDep, user: ObservationWriter,
                  file: Annotated[UploadFile, File(description="来源文件（.txt .docx .html .pdf）")],
                  doc_type: Annotated[str | None, Form(max_length=32, description="体裁（默认自动识别）")] = None,
                  region: Annotated[str | None, Form(max_length=64, description="所属区域（默认从标题识别）")] = None):
    data, name = read_upload(file, max_bytes=settings.max_file_bytes, suffixes=SUFFIXES)
    result = ingest_upload(engine, data, name, workdir=settings.data_dir / "tmp", max_bytes=settings.max_file_bytes,
                           doc_type=doc_type or None, region=(region or "").strip() or None, actor=user,
                           max_unzipped=settings.max_unzipped_bytes, timeout=settings.parse_timeout, as_source=True)
    return {"id": result.plan_id, "title": result.title, "created": result.created}


@router.get("/sources/{source_id}", summary="一个来源文件及其识别出的实际值（与已有数据比对）",
            response_model=SourcePublic)
def get_source(source_id: PathId, engine: EngineDep, user: UserDep) -> dict[str, Any]:
    summary, _text, views = sources.get_source(engine, source_id, actor=user)
    return {**summary.to_dict(), "proposals": [v.to_dict() for v in views]}


@router.get("/sources/{source_id}/proposals", summary="来源文件中的待审核数据（可按状态筛选）",
            response_model=list[ProposalPublic])
def list_proposals(source_id: PathId, engine: EngineDep, user: UserDep,
                   state: Annotated[str | None, Query(max_length=16, description="proposed / accepted / rejected")] = None
                   ) -> list[dict[str, Any]]:
    return [v.to_dict() for v in sources.list_proposals(engine, source_id, state=state, actor=user)]


@router.post("/sources/{source_id}/proposals/accept", summary="采纳（写入或替换监测数据；一致的记为第二来源确认）",
             response_model=ReviewCounts, responses=CONFLICT)
def accept(source_id: PathId, body: ProposalIds, engine: EngineDep, user: ObservationWriter):
    _belong(engine, source_id, body.ids, user)
    return sources.accept_proposals(engine, body.ids, actor=user, versions=_versions(body)).to_dict()


@router.post("/sources/{source_id}/proposals/reject", summary="驳回", response_model=ReviewCounts, responses=CONFLICT)
def reject(source_id: PathId, body: ProposalIds, engine: EngineDep, user: ObservationWriter):
    _belong(engine, source_id, body.ids, user)
    return sources.reject_proposals(engine, body.ids, actor=user, versions=_versions(body)).to_dict()


@router.post("/sources/{source_id}/accept-matched", summary="批量采纳：已关联指标、与已有数据一致或尚无数据的全部项",
             response_model=ReviewCounts, responses=CONFLICT)
def accept_matched(source_id: PathId, engine: EngineDep, user: ObservationWriter):
    return sources.accept_matched(engine, source_id, actor=user).to_dict()


@router.patch("/sources/{source_id}/proposals/{proposal_id}", summary="修改一项待审核数据（指标、区域、年份、数值）",
              responses=CONFLICT, response_model=ProposalPublic)
def edit(source_id: PathId, proposal_id: PathId, body: ProposalEdit, engine: EngineDep, user: ObservationWriter):
    _belong(engine, source_id, [proposal_id], user)
    view = sources.edit_proposal(engine, proposal_id, actor=user, expected_version=body.version,
                                 indicator=body.indicator, region=body.region, year=body.year, value=body.value)
    return view.to_dict()


def _versions(body: ProposalIds) -> dict[int, int] | None:
    return {int(k): v for k, v in body.versions.items() if k.isdigit()} if body.versions else None


def _belong(engine, source_id: int, ids: list[int], user) -> None:
    """The proposals must be of the source named in the path (404 otherwise)."""
    from eduplan.errors import NotFoundError

    mine = {v.id for v in sources.list_proposals(engine, source_id, actor=user)}
    stray = [i for i in ids if i not in mine]
    if stray:
        raise NotFoundError(f"来源文件 {source_id} 中没有编号为 {stray[0]} 的数据")
