"""监测数据: list with paging, record one value (version check), change one by id, and
import a CSV/XLSX file whole or not at all (422 lists every bad row)."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, Form, Query, Response, UploadFile

from eduplan.services.exchange.uploads import parse_data_upload
from eduplan.services.monitoring.observations import import_observations, record_observation, update_observation
from eduplan.services.views import catalog
from eduplan.web.api.common import Limit, Offset, api_router
from eduplan.web.api.guards import ObservationWriter
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.schemas import (
    CONFLICT,
    UPLOAD,
    ImportPublic,
    ObservationCreate,
    ObservationPublic,
    ObservationRecordPublic,
    ObservationUpdate,
    Page,
)
from eduplan.web.params import MAX_ID, PathId, QueryId
from eduplan.web.uploads import read_upload

router = api_router("监测数据")
DATA_SUFFIXES = (".csv", ".xlsx", ".xlsm")


@router.get("/observations", summary="查询监测数据（按指标、区域、年份范围，分页）",
            response_model=Page[ObservationPublic])
def list_observations(engine: EngineDep, user: UserDep, limit: Limit = 100, offset: Offset = 0,
                      indicator_id: QueryId = None, region_id: QueryId = None,
                      year_from: Annotated[int | None, Query(ge=1, le=MAX_ID, description="起始年份（含）")] = None,
                      year_to: Annotated[int | None, Query(ge=1, le=MAX_ID, description="截止年份（含）")] = None):
    return catalog.list_observations(engine, indicator_id=indicator_id, region_id=region_id, year_from=year_from,
                                     year_to=year_to, limit=limit, offset=offset)


@router.get("/observations/{observation_id}", summary="查看一条监测数据", response_model=ObservationPublic)
def get_observation(observation_id: PathId, engine: EngineDep, user: UserDep):
    return catalog.get_observation(engine, observation_id)


@router.post("/observations", summary="填报一个监测值（新值 version=0；已有值填读取到的 version）",
             response_model=ObservationRecordPublic, responses={**CONFLICT, 201: {"description": "新增"}})
def record(body: ObservationCreate, response: Response, engine: EngineDep, user: ObservationWriter):
    result = record_observation(engine, indicator=body.indicator, region=body.region, year=body.year,
                                value=body.value, unit=body.unit, source=body.source, note=body.note,
                                plan=body.plan_id, actor=user, expected_version=body.version)
    response.status_code = 201 if result.created else 200
    return result


@router.patch("/observations/{observation_id}", summary="修改一个监测值（需提供读取到的 version）",
              response_model=ObservationRecordPublic, responses=CONFLICT)
def patch_observation(observation_id: PathId, body: ObservationUpdate, engine: EngineDep, user: ObservationWriter):
    return update_observation(engine, observation_id, value=body.value, unit=body.unit, source=body.source,
                              note=body.note, expected_version=body.version, actor=user)


@router.post("/observations/import", summary="批量导入监测数据 CSV/XLSX（全部正确才写入，否则 422 逐行列出错误）",
             response_model=ImportPublic, responses=UPLOAD)
def import_file(engine: EngineDep, settings: SettingsDep, user: ObservationWriter,
                file: Annotated[UploadFile, File(description="长表（指标、区域、年份、数值…）或填报模板 .xlsx")],
                plan_id: Annotated[int | None, Form(ge=1, le=MAX_ID, description="按该规划的期限检查年份、补全区域")] = None):
    data, name = read_upload(file, max_bytes=settings.max_file_bytes, suffixes=DATA_SUFFIXES)
    parsed = parse_data_upload(data, name, max_unzipped=settings.max_unzipped_bytes, timeout=settings.parse_timeout)
    return import_observations(engine, parsed, name=name, plan=plan_id, actor=user)
