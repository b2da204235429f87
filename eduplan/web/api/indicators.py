"""指标库: list, read, edit (admin/planner), merge duplicates."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

from eduplan.services.dictionary.indicator_edit import update_indicator
from eduplan.services.dictionary.indicators import merge_indicators
from eduplan.services.views import catalog
from eduplan.web.api.common import Limit, Offset, api_router
from eduplan.web.api.guards import IndicatorWriter
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.params import PathId
from eduplan.web.schemas import CONFLICT, IndicatorMerge, IndicatorPublic, IndicatorUpdate, MergePublic, Page

router = api_router("指标库")


@router.get("/indicators", summary="列出指标库中的指标", response_model=Page[IndicatorPublic])
def list_indicators(engine: EngineDep, user: UserDep, limit: Limit = 100, offset: Offset = 0,
                    needs_review: Annotated[bool | None, Query(description="只看待审核（true）或已确认（false）")] = None,
                    q: Annotated[str | None, Query(description="名称包含")] = None):
    return catalog.list_indicators(engine, needs_review=needs_review, q=q, limit=limit, offset=offset)


@router.get("/indicators/{indicator_id}", summary="查看一个指标", response_model=IndicatorPublic)
def get_indicator(indicator_id: PathId, engine: EngineDep, user: UserDep):
    return catalog.get_indicator(engine, indicator_id)


@router.patch("/indicators/{indicator_id}", summary="修改指标属性（单位、类型、方向、小数位数、上限）",
              response_model=IndicatorPublic, responses=CONFLICT)
def patch_indicator(indicator_id: PathId, body: IndicatorUpdate, engine: EngineDep, user: IndicatorWriter):
    changes = body.model_dump(exclude_unset=True, exclude={"version"})
    return update_indicator(engine, indicator_id, actor=user, expected_version=body.version, **changes)


@router.post("/indicators/merge", summary="合并重复指标（目标值、监测数据、别名一并迁移）", response_model=MergePublic)
def merge(body: IndicatorMerge, engine: EngineDep, user: IndicatorWriter):
    return merge_indicators(engine, body.keep, body.other, actor=user)
