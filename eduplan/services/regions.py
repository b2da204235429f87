"""Load the region hierarchy (province → city → county) from CSV."""

from __future__ import annotations

import csv
import io
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine

from eduplan.domain import RegionLevel
from eduplan.errors import InputError, Problems
from eduplan.store.db import unit_of_work
from eduplan.store.models import Region
from eduplan.store.repositories import audit, regions

COLUMNS = ("code", "name", "level", "parent_code")


def sample_regions_csv() -> str:
    return (files("eduplan") / "samples" / "regions.csv").read_text(encoding="utf-8")


def load_regions(engine: Engine, source: str | Path | None = None, *, user_id: int | None = None) -> int:
    """Insert or update regions from CSV text or a file (default: the shipped sample).

    Columns: code (GB/T 2260), name, level (province/city/county), parent_code. Parents may
    appear in the same file, in any order. All rows are checked before anything is written.
    Returns the number of regions created or changed.
    """
    name = "regions.csv"
    if source is None:
        text = sample_regions_csv()
    elif isinstance(source, Path):
        name = source.name
        text = source.read_text(encoding="utf-8-sig")
    else:
        text = source
    rows = list(csv.DictReader(io.StringIO(text)))
    problems = Problems()
    if rows and not set(COLUMNS) <= set(rows[0]):
        raise InputError(f"缺少列：{', '.join(sorted(set(COLUMNS) - set(rows[0])))}", location=name,
                         hint="区域文件需要列 code,name,level,parent_code")
    codes = {r["code"].strip() for r in rows}
    for i, r in enumerate(rows, 2):
        code, level = r["code"].strip(), r["level"].strip()
        if not code.isdigit():
            problems.add(i, "code", "区划代码应为数字", code)
        if level not in {lv.value for lv in RegionLevel}:
            problems.add(i, "level", "级别应为 province、city 或 county", level)
        if not r["name"].strip():
            problems.add(i, "name", "名称不能为空")
    changed = 0
    with unit_of_work(engine) as session:
        known = {r.code for r in regions.all_regions(session)}
        for i, r in enumerate(rows, 2):
            parent = (r.get("parent_code") or "").strip()
            if parent and parent not in codes and parent not in known:
                problems.add(i, "parent_code", "上级区划代码不存在", parent)
        if problems:
            raise InputError("区域文件有错误，未导入任何内容", location=name, errors=problems.items)
        by_code = {r.code: r for r in regions.all_regions(session)}
        for r in rows:
            code = r["code"].strip()
            region = by_code.get(code)
            values = {"name": r["name"].strip(), "level": r["level"].strip()}
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
            parent = (r.get("parent_code") or "").strip()
            region = by_code[r["code"].strip()]
            parent_id = by_code[parent].id if parent else None
            if region.parent_id != parent_id:
                region.parent_id = parent_id
        if changed:
            audit.record(session, user_id=user_id, action="import", object_type="region", object_id=None,
                         summary=f"导入区域 {changed} 个（{name}）")
    return changed
