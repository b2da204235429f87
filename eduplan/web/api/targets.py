"""目标值: list a plan's targets with filters, read one, and review them (edit, confirm,
reject, link to an indicator, add a missed one) with version checks (admin/planner)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from eduplan.domain import ReviewState, TargetKind
from eduplan.services.plans import targets
from eduplan.services.views import catalog
from eduplan.web.api.common import Limit, Offset, api_router
from eduplan.web.api.guards import TargetWriter
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.params import MAX_ID, PathId, QueryId, QueryYear
from eduplan.web.schemas import (
    CONFLICT,
    ConfirmResult,
    Page,
    TargetConfirmMany,
    TargetCreate,
    TargetLink,
    TargetPublic,
    TargetReview,
    TargetUpdate,
)

router = api_router("目标值")


@router.get("/plans/{plan_id}/targets", summary="列出规划的目标值（按类型、审核状态、指标、年份、责任单位筛选）",
            response_model=Page[TargetPublic])
def list_targets(plan_id: PathId, engine: EngineDep, user: UserDep, limit: Limit = 100, offset: Offset = 0,
                 kind: TargetKind | None = None, review_state: ReviewState | None = None,
                 indicator_id: QueryId = None, year: QueryYear = None,
                 unit_id: Annotated[int | None, Query(ge=1, le=MAX_ID, description="责任单位编号")] = None):
    return catalog.list_targets(engine, plan_id, kind=kind, review_state=review_state, indicator_id=indicator_id,
                                year=year, unit_id=unit_id, limit=limit, offset=offset)


@router.get("/targets/{target_id}", summary="查看一个目标值", response_model=TargetPublic)
def get_target(target_id: PathId, engine: EngineDep, user: UserDep):
    return targets.get_target(engine, target_id)


@router.patch("/targets/{target_id}", summary="修改目标值（需提供读取到的 version）", response_model=TargetPublic,
              responses=CONFLICT)
def patch_target(target_id: PathId, body: TargetUpdate, engine: EngineDep, user: TargetWriter):
    fields = body.model_dump(exclude_unset=True, exclude={"version"})
    return targets.update_target(engine, target_id, actor=user, expected_version=body.version, **fields)


@router.post("/targets/{target_id}/confirm", summary="确认目标值（与原文一致）", response_model=TargetPublic,
             responses=CONFLICT)
def confirm(target_id: PathId, body: TargetReview, engine: EngineDep, user: TargetWriter):
    return targets.confirm_target(engine, target_id, actor=user, expected_version=body.version)


@router.post("/plans/{plan_id}/targets/confirm", summary="全部确认：确认规划中待审核的目标（或所列目标）",
             response_model=ConfirmResult)
def confirm_many(plan_id: PathId, body: TargetConfirmMany, engine: EngineDep, user: TargetWriter):
    return {"confirmed": targets.confirm_targets(engine, plan_id, actor=user, target_ids=body.target_ids)}


@router.post("/targets/{target_id}/reject", summary="驳回目标值（不计入评估）", response_model=TargetPublic,
             responses=CONFLICT)
def reject(target_id: PathId, body: TargetReview, engine: EngineDep, user: TargetWriter):
    return targets.reject_target(engine, target_id, actor=user, expected_version=body.version, reason=body.reason)


@router.post("/targets/{target_id}/link", summary="把目标值关联到指标库中的指标", response_model=TargetPublic,
             responses=CONFLICT)
def link(target_id: PathId, body: TargetLink, engine: EngineDep, user: TargetWriter):
    return targets.link_target(engine, target_id, body.indicator, actor=user, expected_version=body.version)


@router.post("/plans/{plan_id}/targets", status_code=201, summary="人工添加目标值（提取遗漏时，按原文位置）",
             response_model=TargetPublic)
def add(plan_id: PathId, body: TargetCreate, engine: EngineDep, user: TargetWriter):
    return targets.add_target(engine, plan_id, actor=user, start=body.start, end=body.end, indicator=body.indicator,
                              comparator=body.comparator.value, value=body.value, unit=body.unit, year=body.year,
                              kind=body.kind.value, quote=body.quote)
