"""The fill-in workbook (填报模板) for a plan's monitoring data.

One sheet per responsible unit (units answer for targets through ``target_units``; targets
without a unit go to the sheet 未分配), holding only that unit's indicators: one row per
indicator and region that the plan commits to (kind ``target``), with its unit, baseline,
target (with the plan's milestones and how it is measured: 每年, 累计, 逐年额度, 是/否) and
填报口径 — for an additive indicator whether a year cell takes the year's addition
(当年新增) or the running total since the base year (累计), which ``import`` stores with
each value — then one column per year of the plan period to fill, then 来源 and 备注. Values already stored are pre-filled, so importing
the workbook back changes only what was edited. Sheets are protected: only the year, source
and note cells of indicator rows are unlocked (no password; it prevents slips, not intent).
A hidden sheet ``_eduplan`` names the plan, so ``import`` checks years against its period.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from eduplan.domain import ADDITIVE_MEASURES, Comparator, EntryBasis, comparator_sign, decimal_text, plain_number
from eduplan.errors import InputError
from eduplan.report.xlsx import sheet_title
from eduplan.services.exchange.data_files import META_SHEET
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, Target
from eduplan.store.repositories import observations as observation_repo
from eduplan.store.repositories import plans as plan_repo
from eduplan.store.repositories import regions as region_repo
from eduplan.store.repositories import targets as target_repo

UNASSIGNED = "未分配"
ADDITIVE = {m.value for m in ADDITIVE_MEASURES}
FIXED = ("指标", "区域", "单位", "基期年", "基期值", "目标年", "目标")
TAIL = ("来源", "备注")
BASIS_COLUMN = "填报口径"  # after 备注, locked: the 口径 the plan's target sets, read back by import
_EDITABLE = PatternFill("solid", fgColor="FFF7D6")
_HEADER = PatternFill("solid", fgColor="DDE6F0")


@dataclass(slots=True)
class TemplateRow:
    indicator: str
    region: str
    unit: str | None
    baseline_year: int | None
    baseline_value: Decimal | None
    target_year: int | None
    target: str
    values: dict[int, Decimal] = field(default_factory=dict)
    indicator_id: int | None = None
    region_id: int | None = None
    basis: str | None = None  # 填报口径 of an additive indicator: addition / total (None: a level)
    basis_label: str = "—"


@dataclass(slots=True)
class Template:
    filename: str
    content: bytes
    sheets: dict[str, int]  # sheet title → indicator rows


def build_template(engine: Engine, plan: str | int, *, unit_id: int | None = None) -> Template:
    """The workbook for ``plan``; with ``unit_id``, only that unit's sheet."""
    with unit_of_work(engine) as session:
        p = plan_repo.find(session, plan)
        if not (p.period_start and p.period_end):
            raise InputError(f"《{p.title}》没有规划期起止年份，无法生成填报模板", hint="请先在规划信息中补充起止年份")
        years = list(range(p.period_start, p.period_end + 1))
        targets = target_repo.of_plan(session, p.id, linked=True)
        if not targets:
            raise InputError(f"《{p.title}》还没有关联到指标库的目标", hint="先运行 eduplan indicator link 关联指标")
        sheets = _selection(session, p, targets, unit_id)
        content = _workbook(p, years, sheets)
        return Template(f"{p.title}_监测数据填报模板.xlsx", content, {k: len(v) for k, v in sheets.items()})


def template_rows(session: Session, plan: Plan, *, unit_id: int | None = None) -> dict[str, list[TemplateRow]]:
    """The workbook's rows without the workbook: sheet title (unit name) → rows. The
    data-entry screen shows the same selection."""
    return _selection(session, plan, target_repo.of_plan(session, plan.id, linked=True), unit_id)


def _selection(session: Session, plan: Plan, targets: list[Target], unit_id: int | None
               ) -> dict[str, list[TemplateRow]]:
    region_names = region_repo.names(session)
    stored = observation_repo.values_for(session, {t.indicator_id for t in targets},
                                     {t.region_id or plan.region_id for t in targets if t.region_id or plan.region_id})
    return _sheets(plan, targets, region_names, stored, unit_id)


def _sheets(plan: Plan, targets: list[Target], region_names: dict[int, str], stored: dict,
            only_unit: int | None) -> dict[str, list[TemplateRow]]:
    groups: dict[tuple[int, int | None], list[Target]] = {}
    units: dict[tuple[int, int | None], dict[int, str]] = {}
    for t in targets:
        key = (t.indicator_id, t.region_id or plan.region_id)
        groups.setdefault(key, []).append(t)
        units.setdefault(key, {}).update({u.id: u.name for u in t.units})
    sheets: dict[str, list[TemplateRow]] = {}
    for key, group in groups.items():
        owners = units[key]
        if not any(t.kind == "target" for t in group):  # only reported values (十三五 results): nothing to monitor
            continue
        if only_unit is not None and only_unit not in owners:
            continue
        row = _row(plan, key, group, region_names, stored)
        names = [owners[only_unit]] if only_unit is not None else sorted(owners.values()) or [UNASSIGNED]
        for name in names:  # a unit's workbook holds only its own sheet, shared rows included
            sheets.setdefault(name, []).append(row)
    if UNASSIGNED in sheets:  # the unassigned sheet comes last
        sheets[UNASSIGNED] = sheets.pop(UNASSIGNED)
    return sheets


def _row(plan: Plan, key: tuple[int, int | None], group: list[Target], region_names: dict[int, str],
         stored: dict) -> TemplateRow:
    indicator_id, region_id = key
    indicator = group[0].indicator
    commitments = [t for t in group if t.kind == "target" and t.review_state != "rejected"]
    heads = [t for t in commitments if t.parent_id is None] or commitments
    final = max(heads, key=lambda t: (t.year or 0, t.value is not None, -t.id)) if heads else None
    base_year, base_value = _baseline(plan, group, stored, indicator_id, region_id)
    target = goal_text(final, [t for t in commitments if t.parent_id == final.id]) if final is not None else ""
    basis = next((t.entry_basis or EntryBasis.ADDITION.value for t in heads if t.measure in ADDITIVE), None)
    label = "—" if basis is None else ("累计（自%s年起）" % (plan.base_year + 1 if plan.base_year else "规划期初")
                                       if basis == EntryBasis.TOTAL.value else EntryBasis.ADDITION.label)
    region = region_names.get(region_id) if region_id else plan.region_name
    values = {year: value for (i, r, year), value in stored.items() if i == indicator_id and r == region_id}
    return TemplateRow(indicator.name, region or "", indicator.unit, base_year, base_value,
                       final.year if final else None, target, values, indicator_id, region_id, basis, label)


MEASURE_PREFIX = {"per_year": "每年", "cumulative": "累计", "yearly_amount": "逐年额度 ", "rank": "名次"}


def goal_text(final: Target, milestones: list[Target]) -> str:
    """The target cell: ≥98, 每年≥1000, 累计≥30（2022年≥15）, 是/否（1=完成）."""
    if final.measure == "binary":
        return "是/否（1=完成，0=未完成）"
    symbol = "" if final.comparator == Comparator.EQUAL else comparator_sign(final.comparator)  # =98 is 98
    text = f"{symbol}{decimal_text(final.value)}" if final.value is not None else symbol
    earlier = sorted((t for t in milestones if t.year is not None and t.value is not None
                      and final.year is not None and t.year < final.year), key=lambda t: t.year or 0)
    steps = "；".join(f"{t.year}年{decimal_text(t.value)}" for t in dict((t.year, t) for t in earlier).values())
    return MEASURE_PREFIX.get(final.measure or "", "") + text + (f"（{steps}）" if steps else "")


def _baseline(plan: Plan, group: list[Target], stored: dict, indicator_id: int, region_id: int | None
              ) -> tuple[int | None, Decimal | None]:
    for t in group:
        if t.baseline_value is not None:
            return t.baseline_year or plan.base_year, t.baseline_value
    base_year = plan.base_year or (plan.period_start - 1 if plan.period_start else None)
    actuals = [t for t in group if t.kind == "actual" and t.value is not None
               and (base_year is None or (t.year or base_year) <= base_year)]
    if actuals:
        latest = max(actuals, key=lambda t: (t.year or 0, t.id))
        return latest.year or base_year, latest.value
    if base_year is not None and (indicator_id, region_id, base_year) in stored:
        return base_year, stored[(indicator_id, region_id, base_year)]
    return base_year, None


def _workbook(plan: Plan, years: list[int], sheets: dict[str, list[TemplateRow]]) -> bytes:
    book = Workbook()
    guide = book.active
    guide.title = "填报说明"
    lines = [
        f"《{plan.title}》监测数据填报模板",
        f"规划期：{plan.period_start}–{plan.period_end} 年；每个责任单位一个工作表，只列本单位负责的指标。",
        "请在黄色单元格中填写各年份的实际值（如 98.5、98.5%、1,234），并注明数据来源；其他单元格已锁定。",
        "已录入的数值已预先填好；只修改需要更新的年份，导入时未改动的数值不会重复记录。",
        "“填报口径”列说明新增类指标每个年份格填什么：“当年新增”填该年一年的新增量；“累计”填自规划基期以来的累计总数"
        "（只增不减，导入时会检查）。系统按口径计算，不会重复累加。",
        "“目标”列写明考核方式：“每年”为逐年考核，“累计”为规划期合计，“逐年额度”为各年各自的额度，"
        "括号内为规划写明的阶段目标；是/否类目标填 1（已完成）或 0（未完成），也可填“是”“否”。",
        "填好后运行：eduplan import 本文件.xlsx（或在网页上传）。任何一行有错误时整个文件都不会导入，并列出每个错误的行号。",
    ]
    for i, line in enumerate(lines, 1):
        guide.cell(i, 1, line).font = Font(bold=i == 1)
    guide.column_dimensions["A"].width = 100
    used: set[str] = {guide.title, META_SHEET}
    for name, rows in sheets.items():
        _sheet(book.create_sheet(sheet_title(name, used, empty=UNASSIGNED)), years, rows)
    meta = book.create_sheet(META_SHEET)
    meta.append(["plan_id", plan.id])
    meta.append(["period", f"{plan.period_start}-{plan.period_end}"])
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(ws, years: list[int], rows: list[TemplateRow]) -> None:
    header = [*FIXED, *(f"{y}年" for y in years), *TAIL, BASIS_COLUMN]
    ws.append(header)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    first_value = len(FIXED) + 1
    for r, row in enumerate(rows, 2):
        fixed = [row.indicator, row.region, row.unit or "", row.baseline_year, plain_number(row.baseline_value),
                 row.target_year, row.target]
        for c, value in enumerate(fixed, 1):
            ws.cell(r, c, value)
        if not row.region:  # a plan without a known region: let the unit fill it in
            _unlock(ws.cell(r, 2))
        for c, year in enumerate(years, first_value):
            cell = ws.cell(r, c, plain_number(row.values.get(year)))
            _unlock(cell)
        for c in range(first_value + len(years), first_value + len(years) + len(TAIL)):
            _unlock(ws.cell(r, c))
        ws.cell(r, first_value + len(years) + len(TAIL), row.basis_label)
    widths = [30, 12, 8, 8, 10, 8, 16, *([10] * len(years)), 20, 24, 16]
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "B2"
    ws.protection.sheet = True
    ws.protection.formatColumns = False  # widening a column stays allowed
    ws.protection.formatRows = False


def _unlock(cell) -> None:
    cell.protection = Protection(locked=False)
    cell.fill = _EDITABLE
