"""评估: a plan's targets evaluated as of a year (the evaluation JSON contract)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from eduplan.services.evaluation.results import configured_thresholds, evaluate_plan_targets
from eduplan.web.api.common import api_router
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.params import PathId
from eduplan.web.schemas import EvaluationPublic

router = api_router("评估")


@router.get("/plans/{plan_id}/evaluation", summary="评估规划目标完成情况（时间过半、任务过半）",
            response_model=EvaluationPublic)
def evaluate_plan(plan_id: PathId, engine: EngineDep, settings: SettingsDep, user: UserDep,
                  as_of: Annotated[int, Query(ge=1949, le=2100, description="评估年份，如 2023")],
                  region: Annotated[str | None, Query(description="区域名称或区划代码：把规划目标套用到该区域")] = None,
                  include_unreviewed: Annotated[bool, Query(description="纳入尚未审核的目标（默认只评估已审核的）")] = False,
                  approved_only: Annotated[bool, Query(description="只使用已审核通过的监测数据")] = False):
    return evaluate_plan_targets(engine, plan_id, as_of=as_of, region=region, thresholds=configured_thresholds(settings),
                                 include_unreviewed=include_unreviewed, approved_only=approved_only).to_dict()
