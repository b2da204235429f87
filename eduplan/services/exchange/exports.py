"""Export a plan: targets and observations as XLSX or CSV, or the whole plan as JSON.

JSON — one file holding the plan (metadata and text), its sections, targets (with
review states and responsible units), tasks, projects, the dictionary entries and
regions they refer to, and every observation of its indicators. ``eduplan ingest
FILE.json`` stores the plan from it (``services.plans.archive``) and ``eduplan import
FILE.json`` its observations (``services.exchange.data_files``), so a plan moves between
databases. The top level carries ``"format": "eduplan-plan-export"`` and a version.
Numbers are strings (Decimal as written: "98.7"), so nothing is lost to floats.

CSV — two files beside each other, ``OUT-targets.csv`` and ``OUT-observations.csv``
(UTF-8 with BOM, for Excel). The observations file has the columns ``eduplan import``
reads (指标, 区域, 年份, 数值, 单位, 来源, 备注, 填报口径), so it can be imported again.

XLSX — one workbook with the sheets 目标 and 监测数据 (the latter importable as is; the
targets sheet avoids the 指标 header so the importer does not take it for data).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from eduplan import __version__
from eduplan.domain import decimal_text, plain_number
from eduplan.errors import InputError
from eduplan.services.exchange.data_files import FIELD_LABELS, FIELDS
from eduplan.services.exchange.plan_json import EXPORT_FORMAT, EXPORT_VERSION
from eduplan.store.db import unit_of_work
from eduplan.store.repositories import indicators as indicator_repo
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import projects as project_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import targets as target_repo
from eduplan.store.repositories import tasks as task_repo

log = logging.getLogger(__name__)
BASIS_LABELS = {"addition": "当年新增", "total": "累计"}

FORMATS = ("json", "csv", "xlsx")
TARGET_HEADERS = ("编号", "所属章节", "所在条目", "规划表述", "指标库名称", "比较", "目标值", "单位", "目标年份", "类型",
                  "基期年份", "基期值", "责任单位", "审核状态", "原文")
OBSERVATION_HEADERS = tuple(FIELD_LABELS[f] for f in FIELDS)  # 指标 区域 年份 数值 单位 来源 备注 填报口径


@dataclass(frozen=True, slots=True)
class ExportFile:
    path: Path
    content: bytes
    description: str


def plan_export(engine: Engine, plan_ref: str | int, *, now: datetime | None = None) -> dict[str, Any]:
    """The whole plan as one JSON-ready dict (see the module docstring)."""
    with unit_of_work(engine) as session:
        plan = plan_repo.find(session, plan_ref)
        sections = plan_repo.sections(session, plan.id)
        targets = target_repo.of_plan(session, plan.id)
        tasks = task_repo.find(session, plan_id=plan.id)
        projects = project_repo.find(session, plan_id=plan.id)
        indicator_ids = {t.indicator_id for t in targets if t.indicator_id is not None}
        indicators = indicator_repo.with_aliases(session, indicator_ids)
        observations = observation_repo.for_export(session, indicator_ids)
        region_ids = {plan.region_id, *(t.region_id for t in targets), *(o.region_id for o, *_ in observations)}
        regions = region_repo.with_ancestors(session, region_ids)
        codes = {r.id: r.code for r in regions}
        data = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "generator": f"eduplan {__version__}",
            "exported_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "plan": {
                "title": plan.title, "issuer": plan.issuer, "region": plan.region_name,
                "region_code": codes.get(plan.region_id), "doc_type": plan.doc_type,
                "period_start": plan.period_start, "period_end": plan.period_end, "base_year": plan.base_year,
                "source_name": plan.source_name, "sha256": plan.sha256, "text": plan.text,
            },
            "regions": [{"code": r.code, "name": r.name, "level": r.level, "parent_code": codes.get(r.parent_id)}
                        for r in regions],
            "indicators": [{
                "name": i.name, "aliases": sorted(a.alias for a in i.aliases), "unit": i.unit,
                "direction": i.direction, "kind": i.kind, "precision": i.precision,
                "min_value": decimal_text(i.min_value), "max_value": decimal_text(i.max_value),
                "needs_review": i.needs_review, "description": i.description,
            } for i in indicators],
            "sections": [{"id": s.id, "parent": s.parent_id, "position": s.position, "level": s.level,
                          "number": s.number, "title": s.title, "kind": s.kind, "start": s.start, "end": s.end}
                         for s in sections],
            "targets": [{
                "section": t.section_id, "indicator": t.indicator.name if t.indicator else None,
                "indicator_name": t.indicator_name, "region_code": codes.get(t.region_id),
                "comparator": t.comparator, "value": decimal_text(t.value), "unit": t.unit, "year": t.year,
                "kind": t.kind, "baseline_year": t.baseline_year, "baseline_value": decimal_text(t.baseline_value),
                "quote": t.quote, "start": t.start, "end": t.end, "confidence": t.confidence,
                "review_state": t.review_state, "units": sorted(u.name for u in t.units),
                "measure": t.measure, "direction": t.direction, "entry_basis": t.entry_basis,
            } for t in targets],
            "tasks": [{
                "section": k.section_id, "number": k.number, "title": k.title, "text": k.text, "start": k.start,
                "end": k.end, "due_year": k.due_year, "status": k.status, "progress": k.progress,
                "units": [u.name for u in k.units],
            } for k in tasks],
            "projects": [{
                "section": p.section_id, "name": p.name, "level": p.level, "stage": p.stage, "count": p.count,
                "investment": decimal_text(p.investment), "floor_area": decimal_text(p.floor_area), "seats": p.seats,
                "land": decimal_text(p.land), "year": p.year, "quote": p.quote, "start": p.start, "end": p.end,
                "investment_done": decimal_text(p.investment_done), "seats_done": p.seats_done,
                "units": [u.name for u in p.units],
            } for p in projects],
            "observations": [{
                "indicator": indicator, "region": code, "region_name": region, "year": o.year,
                "value": decimal_text(o.value), "unit": o.unit, "source": o.source, "note": o.note,
                "basis": o.basis,
            } for o, indicator, region, code in observations],
        }
    log.info("exported plan_id=%s targets=%s observations=%s", plan.id, len(data["targets"]),
             len(data["observations"]))
    return data


def export_plan(engine: Engine, plan_ref: str | int, *, fmt: str, output: Path | None = None) -> list[ExportFile]:
    """The files of an export in ``fmt`` (json, csv or xlsx); the caller writes them.

    ``output`` names the file (for csv the stem of the two files); by default the
    plan's title in the working directory.
    """
    if fmt not in FORMATS:
        raise InputError(f"不支持的导出格式：{fmt}", hint="可选 json、csv 或 xlsx")
    data = plan_export(engine, plan_ref)
    base = output or Path(re.sub(r'[\\/:*?"<>|\s]+', "", data["plan"]["title"])[:100] or "plan")
    targets = len(data["targets"])
    observed = len(data["observations"])
    if fmt == "json":
        path = base if base.suffix.lower() == ".json" else base.with_name(base.name + ".json")
        content = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        return [ExportFile(path, content, f"整个规划：目标 {targets} 项，任务 {len(data['tasks'])} 项，"
                                          f"项目 {len(data['projects'])} 个，监测数据 {observed} 条")]
    target_rows, observation_rows = _target_rows(data), _observation_rows(data)
    if fmt == "csv":
        stem = base.with_suffix("") if base.suffix.lower() == ".csv" else base
        return [ExportFile(stem.with_name(stem.name + "-targets.csv"), _csv(TARGET_HEADERS, target_rows),
                           f"目标 {targets} 项"),
                ExportFile(stem.with_name(stem.name + "-observations.csv"),
                           _csv(OBSERVATION_HEADERS, observation_rows), f"监测数据 {observed} 条（可用 eduplan import 导入）")]
    path = base if base.suffix.lower() == ".xlsx" else base.with_name(base.name + ".xlsx")
    return [ExportFile(path, _xlsx(target_rows, observation_rows), f"目标 {targets} 项，监测数据 {observed} 条")]


def _target_rows(data: dict[str, Any]) -> list[list[Any]]:
    sections = {s["id"]: s for s in data["sections"]}

    def chapter(section_id: int | None) -> tuple[str, str]:
        inner = sections.get(section_id)
        top, seen = inner, set()
        while top is not None and top["parent"] in sections and top["id"] not in seen:
            seen.add(top["id"])
            top = sections[top["parent"]]

        def label(s: dict | None) -> str:
            return f"{s['number'].strip()}{s['title'].strip()}" if s else ""

        return label(top), label(inner)

    rows = []
    for n, t in enumerate(data["targets"], 1):
        top, inner = chapter(t["section"])
        rows.append([n, top, inner, t["indicator_name"], t["indicator"], t["comparator"], t["value"], t["unit"],
                     t["year"], t["kind"], t["baseline_year"], t["baseline_value"], "、".join(t["units"]),
                     t["review_state"], t["quote"]])
    return rows


def _observation_rows(data: dict[str, Any]) -> list[list[Any]]:
    return [[o["indicator"], o["region_name"], o["year"], o["value"], o["unit"], o["source"], o["note"],
             BASIS_LABELS.get(o.get("basis") or "", "")] for o in data["observations"]]


def _csv(headers: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(target_rows: list[list[Any]], observation_rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    targets = book.active
    targets.title = "目标"
    observations = book.create_sheet("监测数据")
    target_widths = (6, 16, 22, 28, 22, 8, 10, 8, 9, 8, 9, 10, 24, 10, 60)
    observation_widths = (28, 12, 8, 12, 8, 16, 20)
    for ws, headers, rows, widths in ((targets, TARGET_HEADERS, target_rows, target_widths),
                                      (observations, OBSERVATION_HEADERS, observation_rows, observation_widths)):
        ws.append(list(headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """Numbers written as numbers (a decimal string becomes int or float) for Excel."""
    if isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return plain_number(Decimal(value))
    return value
