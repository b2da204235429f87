"""Load the region hierarchy (province → city → county) from CSV."""

from __future__ import annotations

import csv
import io
import logging
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from eduplan.domain import RegionLevel
from eduplan.errors import InputError, Problems
from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.store.db import unit_of_work
from eduplan.store.models import Region
from eduplan.store.repositories import audit
from eduplan.store.repositories import regions as region_repo

log = logging.getLogger(__name__)

COLUMNS = ("code", "name", "level", "parent_code")
PROVISIONAL = "L"  # code prefix of a region created for a plan before any region list named it


def provisional_region(session: Session, name: str, *, user_id: int | None = None) -> Region:
    """The region ``eduplan ingest --region NAME`` names when no loaded region has that
    name: a county-level region with a provisional code (``L`` + 8 hex digits), so the
    plan's monitoring data can be imported at once. Loading a region list with that name
    later gives it the real code (``load_regions``)."""
    import hashlib

    code = PROVISIONAL + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    found = session.scalar(select(Region).where(Region.code == code))
    if found is not None:
        return found
    region = Region(code=code, name=name[:64], level=RegionLevel.COUNTY.value)
    session.add(region)
    session.flush()
    audit.record(session, user_id=user_id, action="create", object_type="region", object_id=region.id,
                 summary=f"新建区域“{name}”（入库规划时指定，暂用代码 {code}；导入区域表后换为正式区划代码）",
                 new={"code": code, "name": name, "level": region.level})
    return region


def sample_regions_csv() -> str:
    return (files("eduplan") / "samples" / "regions.csv").read_text(encoding="utf-8")


def load_regions(engine: Engine, source: str | Path | None = None, *, user_id: int | None = None,
                 actor: Actor | None = None) -> int:
    """Insert or update regions from CSV text or a file (default: the shipped sample).

    Columns: code (GB/T 2260), name, level (province/city/county), parent_code. Parents may
    appear in the same file, in any order. All rows are checked before anything is written.
    Plans whose ``region_name`` names a loaded region and whose ``region_id`` is empty are
    linked to it. Returns the number of regions created or changed.
    """
    name = "regions.csv"
    if source is None:
        text = sample_regions_csv()
    elif isinstance(source, Path):
        if not source.is_file():
            raise InputError(f"找不到文件：{source}")
        name = source.name
        text = source.read_text(encoding="utf-8-sig")
    else:
        text = source
    rows = [{k: (v or "").strip() for k, v in r.items() if k is not None}
            for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]
    problems = Problems()
    if not rows:
        raise InputError("区域文件中没有数据行", location=name, hint="区域文件需要列 code,name,level,parent_code")
    if not set(COLUMNS) <= set(rows[0]):
        raise InputError(f"缺少列：{', '.join(sorted(set(COLUMNS) - set(rows[0])))}", location=name,
                         hint="区域文件需要列 code,name,level,parent_code")
    codes = {r["code"] for r in rows}
    first_row: dict[str, int] = {}
    for i, r in enumerate(rows, 2):
        code, level = r["code"], r["level"]
        if not code.isdigit():
            problems.add(i, "code", "区划代码应为数字", code)
        elif code in first_row:
            problems.add(i, "code", f"区划代码与第{first_row[code]}行重复", code)
        first_row.setdefault(code, i)
        if level not in {lv.value for lv in RegionLevel}:
            problems.add(i, "level", "级别应为 province、city 或 county", level)
        if not r["name"]:
            problems.add(i, "name", "名称不能为空")
        if r["parent_code"] and r["parent_code"] == code:
            problems.add(i, "parent_code", "上级区划不能是自己", code)
    changed = 0
    if actor is not None:
        user_id = actor.id
    with unit_of_work(engine) as session:
        access.require(actor, Action.REGION)
        known = {r.code for r in region_repo.all_regions(session)}
        for i, r in enumerate(rows, 2):
            parent = r["parent_code"]
            if parent and parent not in codes and parent not in known:
                problems.add(i, "parent_code", "上级区划代码不存在", parent)
        if problems:
            raise InputError("区域文件有错误，未导入任何内容", location=name, errors=problems.items)
        every = region_repo.all_regions(session)
        by_code = {r.code: r for r in every}
        provisional = {r.name: r for r in every if r.code.startswith(PROVISIONAL)}
        for r in rows:
            code = r["code"]
            region = by_code.get(code)
            values = {"name": r["name"], "level": r["level"]}
            if region is None and r["name"] in provisional:  # a plan's region named before the list was loaded
                region = provisional.pop(r["name"])
                region.code = code
                by_code[code] = region
                changed += 1
            if region is None:
                region = Region(code=code, **values)
                session.add(region)
                by_code[code] = region
                changed += 1
            elif (region.name, region.level) != (values["name"], values["level"]):
                region.name, region.level = values["name"], values["level"]
                changed += 1
        session.flush()
        for r in rows:
            parent = r["parent_code"]
            region = by_code[r["code"]]
            parent_id = by_code[parent].id if parent else None
            if region.parent_id != parent_id:
                region.parent_id = parent_id
        session.flush()
        linked = link_plans(session)
        if changed or linked:
            audit.record(session, user_id=user_id, action="import", object_type="region", object_id=None,
                         summary=f"导入区域 {changed} 个（{name}），关联规划 {len(linked)} 个",
                         new={"changed": changed, "plans_linked": linked})
    log.info("regions loaded source=%s changed=%s plans_linked=%s", name, changed, len(linked))
    return changed


@dataclass(frozen=True, slots=True)
class RegionInfo:
    id: int
    code: str
    name: str
    level: str
    parent_code: str | None
    depth: int  # 0 for a province


def list_regions(engine: Engine) -> list[RegionInfo]:
    """Every region, parents before their children (a depth-first walk of the hierarchy)."""
    with unit_of_work(engine) as session:
        every = region_repo.all_regions(session)
    by_parent: dict[int | None, list[Region]] = {}
    codes = {r.id: r.code for r in every}
    for r in every:
        by_parent.setdefault(r.parent_id if r.parent_id in codes else None, []).append(r)
    out: list[RegionInfo] = []

    def walk(parent: int | None, depth: int) -> None:
        for r in by_parent.get(parent, []):
            out.append(RegionInfo(r.id, r.code, r.name, r.level, codes.get(r.parent_id), depth))
            walk(r.id, depth + 1)

    walk(None, 0)
    return out


def link_plans(session: Session) -> list[int]:
    """Give plans whose region_id is empty the region their region_name names; return their ids."""
    linked = []
    for plan in region_repo.plans_without_region(session):
        region = region_repo.by_name(session, plan.region_name)
        if region is not None:
            plan.region_id = region.id
            linked.append(plan.id)
    return linked
