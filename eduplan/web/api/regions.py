"""区域: the province → city → county tree; load a CSV (admin/planner)."""

from __future__ import annotations

from typing import Annotated

from fastapi import File, UploadFile

from eduplan.services.dictionary.regions import list_regions, load_regions
from eduplan.web.api.common import api_router
from eduplan.web.api.guards import RegionWriter
from eduplan.web.deps import EngineDep, SettingsDep, UserDep
from eduplan.web.schemas import UPLOAD, RegionImportPublic, RegionNodePublic
from eduplan.web.uploads import read_upload

router = api_router("区域")


@router.get("/regions", summary="区域树（省 → 市 → 县）", response_model=list[RegionNodePublic])
def region_tree(engine: EngineDep, user: UserDep):
    nodes: dict[str, RegionNodePublic] = {}
    roots: list[RegionNodePublic] = []
    for r in list_regions(engine):  # parents come before their children
        node = nodes[r.code] = RegionNodePublic(id=r.id, code=r.code, name=r.name, level=r.level)
        (nodes[r.parent_code].children if r.parent_code in nodes else roots).append(node)
    return roots


@router.post("/regions/import", summary="导入区域 CSV（列 code,name,level,parent_code；全部正确才写入）",
             response_model=RegionImportPublic, responses=UPLOAD)
def import_regions(engine: EngineDep, settings: SettingsDep, user: RegionWriter,
                   file: Annotated[UploadFile, File(description="区域 CSV（UTF-8）")]):
    data, name = read_upload(file, max_bytes=settings.max_file_bytes, suffixes=(".csv",))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return RegionImportPublic(changed=load_regions(engine, text, actor=user))
