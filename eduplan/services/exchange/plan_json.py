"""The JSON format of a plan export (``eduplan export --format json``): its marker and
version, the parts of the file as pydantic models, and reading a file into them.

``exchange.exports`` writes the format; ``plans.archive`` stores a plan read with
``read_plan_export`` and ``exchange.data_files`` reads the observations of the same file.
Reading checks the marker and the version and names what is missing; nothing is stored here.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from eduplan.errors import InputError

EXPORT_FORMAT = "eduplan-plan-export"
EXPORT_VERSION = 1


class _Part(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PlanPart(_Part):
    title: str
    issuer: str | None = None
    region: str | None = None
    region_code: str | None = None
    doc_type: str = "plan"
    period_start: int | None = None
    period_end: int | None = None
    base_year: int | None = None
    source_name: str = ""
    sha256: str
    text: str


class RegionPart(_Part):
    code: str
    name: str
    level: str
    parent_code: str | None = None


class IndicatorPart(_Part):
    name: str
    aliases: list[str] = []
    unit: str | None = None
    direction: str = "up"
    kind: str = "level"
    precision: int = 1
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    needs_review: bool = False
    description: str | None = None


class SectionPart(_Part):
    id: int
    parent: int | None = None
    position: int
    level: int
    number: str
    title: str
    kind: str = "heading"
    start: int
    end: int


class TargetPart(_Part):
    section: int | None = None
    indicator: str | None = None
    indicator_name: str
    region_code: str | None = None
    comparator: str
    value: Decimal | None = None
    unit: str | None = None
    year: int | None = None
    kind: str = "target"
    baseline_year: int | None = None
    baseline_value: Decimal | None = None
    quote: str = ""
    start: int | None = None
    end: int | None = None
    confidence: float = 1.0
    review_state: str = "extracted"
    units: list[str] = []
    measure: str | None = None
    direction: str | None = None
    entry_basis: str | None = None


class TaskPart(_Part):
    section: int | None = None
    number: str = ""
    title: str
    text: str = ""
    start: int | None = None
    end: int | None = None
    due_year: int | None = None
    status: str = "not_started"
    progress: int = 0
    units: list[str] = []


class ProjectPart(_Part):
    section: int | None = None
    name: str
    level: str | None = None
    stage: str | None = None
    count: int | None = None
    investment: Decimal | None = None
    floor_area: Decimal | None = None
    seats: int | None = None
    land: Decimal | None = None
    year: int | None = None
    quote: str = ""
    start: int | None = None
    end: int | None = None
    investment_done: Decimal | None = None
    seats_done: int | None = None
    units: list[str] | None = None  # None (exports before project units): inherited from the tasks


class PlanArchive(_Part):
    format: str
    version: int
    plan: PlanPart
    regions: list[RegionPart] = []
    indicators: list[IndicatorPart] = []
    sections: list[SectionPart] = []
    targets: list[TargetPart] = []
    tasks: list[TaskPart] = []
    projects: list[ProjectPart] = []


def load_export_json(data: bytes, name: str) -> dict[str, Any]:
    """The parsed JSON of an export; ``InputError`` unless it carries the export marker."""
    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError("不是有效的 JSON 文件", location=name, hint=str(exc)) from exc
    if not isinstance(parsed, dict) or parsed.get("format") != EXPORT_FORMAT:
        raise InputError("不是 eduplan 导出的规划文件", location=name,
                         hint=f"应为 eduplan export --format json 生成的文件（顶层 \"format\": \"{EXPORT_FORMAT}\"）")
    version = parsed.get("version")
    if not isinstance(version, int) or version > EXPORT_VERSION:
        raise InputError(f"导出文件的版本（{version}）不受支持", location=name,
                         hint=f"本程序读取第 {EXPORT_VERSION} 版及以前的导出文件，请升级 eduplan")
    return parsed


def read_plan_export(path: Path, *, max_bytes: int) -> PlanArchive:
    """Read and check one export file; nothing is stored."""
    if not path.is_file():
        raise InputError(f"找不到文件：{path}")
    if path.stat().st_size > max_bytes:
        raise InputError(f"文件超过 {max_bytes // 2**20} MB", location=path.name)
    parsed = load_export_json(path.read_bytes(), path.name)
    try:
        return PlanArchive.model_validate(parsed)
    except ValidationError as exc:
        where = "；".join(f"{'.'.join(str(p) for p in e['loc'])}：{e['msg']}" for e in exc.errors()[:5])
        raise InputError("导出文件的内容不完整或格式不正确", location=path.name, hint=where) from exc
