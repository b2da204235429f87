"""数据上报与审核: the state of each unit's values of a plan and year; 上报 (the unit),
审核通过 / 退回 / 重新打开 (planner). Approved values are locked (409 on change)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from eduplan.services.monitoring.approvals import (
    approval_status,
    approve_data,
    plan_approvals,
    reopen_data,
    return_data,
    submit_data,
)
from eduplan.web.api.common import api_router
from eduplan.web.api.guards import ApproveWriter, SubmitWriter
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.schemas import CONFLICT, ApprovalPublic, ApprovalStep

router = api_router("数据上报与审核")
PlanId = Annotated[int, Path(ge=1, le=2**31 - 1, description="规划编号")]


@router.get("/plans/{plan_id}/approvals", summary="各责任单位各年度的填报进度和上报审核状态",
            response_model=list[ApprovalPublic])
def list_approvals(plan_id: PlanId, engine: EngineDep, user: UserDep,
                   year: Annotated[int | None, Query(ge=1949, le=2100, description="只看该年份")] = None):
    return plan_approvals(engine, plan_id, year=year)


@router.post("/plans/{plan_id}/approvals/submit", summary="上报一个责任单位某年度的数据（填报单位）",
             response_model=ApprovalPublic, responses=CONFLICT)
def submit(plan_id: PlanId, body: ApprovalStep, engine: EngineDep, user: SubmitWriter):
    return submit_data(engine, plan_id, body.unit_id, body.year, actor=user, expected_version=body.version)


@router.post("/plans/{plan_id}/approvals/approve", summary="审核通过已上报的数据（锁定）",
             response_model=ApprovalPublic, responses=CONFLICT)
def approve(plan_id: PlanId, body: ApprovalStep, engine: EngineDep, user: ApproveWriter):
    return approve_data(engine, plan_id, body.unit_id, body.year, actor=user, expected_version=body.version,
                        comment=body.comment)


@router.post("/plans/{plan_id}/approvals/return", summary="退回已上报的数据（需填写意见）",
             response_model=ApprovalPublic, responses=CONFLICT)
def return_(plan_id: PlanId, body: ApprovalStep, engine: EngineDep, user: ApproveWriter):
    return return_data(engine, plan_id, body.unit_id, body.year, actor=user, comment=body.comment or "",
                       expected_version=body.version)


@router.post("/plans/{plan_id}/approvals/reopen", summary="重新打开已审核通过的数据（解除锁定）",
             response_model=ApprovalPublic, responses=CONFLICT)
def reopen(plan_id: PlanId, body: ApprovalStep, engine: EngineDep, user: ApproveWriter):
    return reopen_data(engine, plan_id, body.unit_id, body.year, actor=user, expected_version=body.version,
                       comment=body.comment)


__all__ = ["approval_status", "router"]
