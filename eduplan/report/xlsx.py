"""The supervision list (督办清单) as an XLSX workbook (openpyxl).

Rows are the context's ``supervision`` items: every target whose status needs action —
lagging (滞后), regressing (倒退) and at_risk (进度偏慢) — and every key task whose due year
has come (due year ≤ the as-of year) without being done. Sheets:

* 汇总 — every row;
* one sheet per responsible unit — its rows (a row with several units is on each of their
  sheets; rows without a unit on 未明确责任单位);
* 全部指标 — every evaluated target with its numbers (the same values as the report's
  tables, as numbers), so the workbook also serves as the data annex of the report.

Each sheet opens with a title and a note line; the header row is frozen, filtered and
the columns are sized.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from eduplan.domain import STATUS_LABELS, STATUS_TINTS, Status
from eduplan.report import figures as f
from eduplan.report.context import NO_UNIT, ReportContext, SupervisionItem, TargetLine

Progress = Callable[[int, int], None]

SUMMARY_SHEET = "汇总"
ALL_SHEET = "全部指标"
SUPERVISION_COLUMNS = (
    ("序号", 6), ("类别", 9), ("事项", 30), ("所属章节", 16), ("责任单位", 24), ("目标", 22), ("最新值", 11),
    ("单位", 8), ("数据年份", 9), ("差距", 11), ("差距单位", 10), ("完成时限", 9), ("状态", 16), ("情况说明", 70),
)
TARGET_COLUMNS = (
    ("编号", 7), ("所属章节", 16), ("所在条目", 22), ("指标", 28), ("指标库名称", 22), ("单位", 8), ("目标", 18),
    ("目标值", 11), ("目标年份", 9), ("基期值", 11), ("基期年份", 9), ("最新值", 11), ("最新年份", 9),
    ("完成程度", 10), ("进度比", 9), ("状态", 14), ("目标年预测值", 12), ("预测能否达标", 12), ("责任单位", 24),
    ("规划原文", 70),
)
HEADER_ROW = 3
STATUS_FILLS = {s.label: tint for s, tint in STATUS_TINTS.items()}
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def render(context: ReportContext, *, on_progress: Progress | None = None) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = SUMMARY_SHEET
    units = _by_unit(context.supervision)
    total = len(units) + 2
    note = _note(context) + (f" {context.data_note}" if context.data_note else "")
    _supervision_sheet(summary, f"{context.plan.title}督办清单（截至{context.as_of}年）", note, context.supervision)
    used = {SUMMARY_SHEET, ALL_SHEET}
    for i, (unit, items) in enumerate(units.items(), 2):
        sheet = book.create_sheet(sheet_title(unit, used))
        _supervision_sheet(sheet, f"{unit}督办事项（截至{context.as_of}年）", f"共{len(items)}项。", items)
        if on_progress:
            on_progress(i, total)
    _targets_sheet(book.create_sheet(ALL_SHEET), context)
    book.properties.title = f"{context.plan.title}督办清单"
    book.properties.creator = "eduplan"
    buffer = io.BytesIO()
    book.save(buffer)
    if on_progress:
        on_progress(total, total)
    return buffer.getvalue()


def sheet_title(name: str, used: set[str], *, empty: str = NO_UNIT) -> str:
    """A valid sheet name not in ``used`` (≤ 31 characters, no []:*?/\\), added to ``used``;
    ``empty`` when nothing of ``name`` is left."""
    base = _BAD_TITLE.sub("", name).strip()[:28] or empty
    title, n = base, 2
    while title in used:
        title, n = f"{base}{n}", n + 1
    used.add(title)
    return title


def _by_unit(items: Sequence[SupervisionItem]) -> dict[str, list[SupervisionItem]]:
    out: dict[str, list[SupervisionItem]] = {}
    for item in items:
        for unit in item.units or (NO_UNIT,):
            out.setdefault(unit, []).append(item)
    return out


def _note(ctx: ReportContext) -> str:
    targets = sum(1 for i in ctx.supervision if i.kind == "指标")
    tasks = len(ctx.supervision) - targets
    counts = "、".join(f"{STATUS_LABELS[s]}{ctx.counts.get(s, 0)}项" for s in Status if ctx.counts.get(s, 0))
    review = ctx.review_note or ""
    return (f"督办事项{len(ctx.supervision)}项：需督办的指标{targets}项（到期未完成、滞后、倒退、进度偏慢），"
            f"到期未完成的重点任务{tasks}项。全部{len(ctx.targets)}项指标：{counts or '无'}。{review}"
            f"生成日期：{ctx.date_text}。")


def _head(ws: Worksheet, title: str, note: str, columns: Sequence[tuple[str, int]]) -> None:
    last = get_column_letter(len(columns))
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells(f"A1:{last}1")
    ws["A2"] = note
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = 30
    for i, (name, width) in enumerate(columns, 1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = _BORDER
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{HEADER_ROW + 1}"


def _finish(ws: Worksheet, columns: Sequence[tuple[str, int]], rows: int, *, status_col: int,
            wrap_cols: Sequence[int]) -> None:
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(rows, 1)}"
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, max_row=HEADER_ROW + rows):
        for cell in row:
            cell.border = _BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column in wrap_cols)
        status = row[status_col - 1]
        colour = next((c for label, c in STATUS_FILLS.items() if str(status.value or "").startswith(label)), None)
        if colour:
            status.fill = PatternFill("solid", fgColor=colour)


def _supervision_sheet(ws: Worksheet, title: str, note: str, items: Sequence[SupervisionItem]) -> None:
    _head(ws, title, note, SUPERVISION_COLUMNS)
    for n, item in enumerate(items, 1):
        ws.append([n, item.kind, item.item, item.chapter.label, item.units_label, item.goal, item.latest,
                   item.unit, item.latest_year, _round(item.gap), item.gap_unit, item.deadline, item.status,
                   item.note])
    if not items:
        ws.cell(row=HEADER_ROW + 1, column=3, value="没有需要督办的事项")
    _finish(ws, SUPERVISION_COLUMNS, len(items), status_col=13, wrap_cols=(3, 5, 6, 14))


def _targets_sheet(ws: Worksheet, ctx: ReportContext) -> None:
    _head(ws, f"{ctx.plan.title}全部指标进展（截至{ctx.as_of}年）",
          "完成程度 = (最新值 − 基期值) / (目标值 − 基期值)；进度比 = 完成程度 / 时间进度。", TARGET_COLUMNS)
    for t in ctx.targets:
        ws.append(_target_row(t))
        ws.cell(row=ws.max_row, column=14).number_format = "0.0%"
    _finish(ws, TARGET_COLUMNS, len(ctx.targets), status_col=16, wrap_cols=(4, 20))


def _target_row(t: TargetLine) -> list:
    section = f"{(t.section_number or '').strip()}{(t.section_title or '').strip()}"
    meets = None if t.forecast_meets is None else ("可达标" if t.forecast_meets else "难达标")
    goal = f.goal(t.comparator, t.target, t.unit, precision=f.digits(t.precision), binary=t.binary)
    return [t.target_id, t.chapter.label, section, t.name, t.indicator, t.unit, goal, t.target, t.target_year,
            t.baseline.value if t.baseline else None, t.baseline.year if t.baseline else None,
            t.latest.value if t.latest else None, t.latest.year if t.latest else None, t.completion,
            _round(t.pace, 4), t.status.label, _round(t.forecast), meets, t.units_label, t.quote.strip()]


def _round(x: float | None, digits: int = 6) -> float | None:
    return None if x is None else round(x, digits)
